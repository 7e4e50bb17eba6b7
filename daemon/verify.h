/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol between mefwd and mefwd-verify, the checker that parses and
 * verifies untrusted image bytes outside the daemon (and links libcrypto
 * and liblzma so that mefwd does not have to), in a jail with no privilege
 * (daemon/verify_jail.h).  Two ways to run it:
 *
 *	mefwd-verify [--trust-test-key] [--hash-only] [--known-sha256 HEX]
 *
 * one process per image, started by mefwd: fd 0 is the image (a regular
 * file or a sealed memfd, read with pread from offset 0), fd 1 a pipe
 * that receives the reply.  Exit 0 after a reply (whatever the verdict);
 * anything else (a signal, a non-zero exit, a short reply) is a failure of
 * the checker itself.
 *
 *	mefwd-verify --server [--listen PATH]
 *
 * a long-lived, pre-initialised server on a listening AF_UNIX stream
 * socket (systemd's, LISTEN_FDS, or PATH) that forks one fresh jailed
 * child per connection.  The client sends one struct verify_request with
 * the image fd attached (SCM_RIGHTS) and reads the reply until EOF; a
 * connection closed early kills its child.
 *
 * The reply either way: exactly one struct verify_reply followed by
 * VERIFY_IMG_BYTES bytes of struct mefw_image (the identity and
 * structure; the per-check array is not sent: mefwd does not use it).
 * Binary, host byte order: both programs come from the same build, which
 * @magic, @proto and @img_bytes check.  mefwd treats it as untrusted
 * input (daemon/verify_reply.h).
 */
#ifndef MEFWD_VERIFY_H
#define MEFWD_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "image/image.h"

#define VERIFY_MAGIC	0x7666656du	/* "mefv" */
#define VERIFY_PROTO	2
#define VERIFY_IMG_BYTES offsetof(struct mefw_image, checks)

enum verify_status {
	VERIFY_OK = 0,		/* parsed and verified; image follows */
	VERIFY_CACHED,		/* SHA-256 == --known-sha256: not parsed again */
	VERIFY_HASHED,		/* --hash-only: SHA-256 only */
	VERIFY_UNREADABLE,	/* fd 0 not a plausible image file / read error */
	VERIFY_NOT_IMAGE,	/* mefw_image_parse failed: @msg */
	VERIFY_DAMAGED,		/* parsed, mefw_image_verify failed: @msg */
};

struct verify_reply {
	uint32_t magic;
	uint32_t proto;
	uint32_t img_bytes;	/* VERIFY_IMG_BYTES of the sender */
	uint32_t status;	/* enum verify_status */
	uint64_t size;		/* bytes read */
	char sha256[65];	/* lower-case hex ("" when unreadable) */
	char msg[300];		/* one line, for the non-OK states */
};

/* struct verify_request.flags */
#define VERIFY_REQ_TRUST_TEST_KEY	0x1u	/* --trust-test-key */
#define VERIFY_REQ_HASH_ONLY		0x2u	/* --hash-only */
/*
 * The jailed child calls socket() instead of checking anything, which its
 * system call filter answers by killing it (SIGSYS): how the boot tests
 * show that the filter holds in the installed unit.  Only root can
 * connect, and all it costs is that child.
 */
#define VERIFY_REQ_SELFTEST_SECCOMP	0x4u
#define VERIFY_REQ_FLAGS		0x7u

struct verify_request {
	uint32_t magic;		/* VERIFY_MAGIC */
	uint32_t proto;		/* VERIFY_PROTO */
	uint32_t flags;
	char known_sha256[65];	/* --known-sha256, or "" */
};

#endif /* MEFWD_VERIFY_H */
