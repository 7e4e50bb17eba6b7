/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwd's side of the image checker (daemon/verify_client.c): which
 * checker (seal_helper_init() in seal.h), running one check on an fd, and
 * stopping them all (seal_stop()).
 *
 * Where: --verify-helper PATH or $MEFWD_VERIFY_HELPER: that program, one
 * process per image; else $MEFWD_VERIFY_SOCKET, or VERIFY_SOCKET_PATH if
 * it is a socket (mefw-verify.socket): the checker server; else the
 * program mefwd-verify found as seal.h says.  A program started as root
 * drops to nobody itself, and refuses to run where it cannot (inside
 * mefwd.service: no CAP_SETUID), so a check there fails rather than run
 * with privilege.
 */
#ifndef MEFWD_VERIFY_CLIENT_H
#define MEFWD_VERIFY_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "seal.h"
#include "verify_reply.h"

#ifndef VERIFY_SOCKET_PATH
#define VERIFY_SOCKET_PATH "/run/mefw-verify.sock"
#endif

/*
 * Check @imgfd (not closed) with @flags (VERIFY_REQ_*) and @known
 * (may be NULL), waiting at most the checker timeout (60 s).  0 with
 * @out filled and validated (verify_reply_valid), or -1 with @res and
 * @msg.  Blocking: threads and start-up only, never the event loop.
 */
int verify_client_run(int imgfd, uint32_t flags, const char *known, struct verify_out *out,
		      enum seal_result *res, char *msg, size_t msglen);

#endif /* MEFWD_VERIFY_CLIENT_H */
