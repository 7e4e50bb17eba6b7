/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol between mefwd and mefwd-verify, the helper that parses and
 * verifies untrusted image bytes outside the daemon (and links libcrypto
 * and liblzma so that mefwd does not have to).
 *
 *	mefwd-verify [--trust-test-key] [--hash-only] [--known-sha256 HEX]
 *
 * fd 0: the image (a regular file or a sealed memfd, read with pread from
 * offset 0); fd 1: a pipe that receives exactly one struct verify_reply
 * followed by VERIFY_IMG_BYTES bytes of struct mefw_image (the identity and
 * structure; the per-check array is not sent: mefwd does not use it).
 * Binary, host byte order: both programs come from the same build, which
 * @magic, @proto and @img_bytes check.  Exit 0 after a reply (whatever the
 * verdict); anything else (a signal, a non-zero exit, a short reply) is a
 * failure of the helper itself.
 */
#ifndef MEFWD_VERIFY_H
#define MEFWD_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "image/image.h"

#define VERIFY_MAGIC	0x7666656du	/* "mefv" */
#define VERIFY_PROTO	1
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

#endif /* MEFWD_VERIFY_H */
