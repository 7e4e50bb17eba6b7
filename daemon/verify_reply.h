/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checker's reply as mefwd receives it (daemon/verify.h), and its
 * validation: the checker parsed bytes any local user can send, so mefwd
 * trusts nothing it says until verify_reply_valid() passed.
 */
#ifndef MEFWD_VERIFY_REPLY_H
#define MEFWD_VERIFY_REPLY_H

#include <stddef.h>

#include "verify.h"

struct verify_out {
	struct verify_reply rep;
	unsigned char img[VERIFY_IMG_BYTES];
};
/* on the wire (the struct may be padded) */
#define VERIFY_OUT_BYTES (sizeof(struct verify_reply) + VERIFY_IMG_BYTES)

/*
 * Check a complete reply of @got bytes (@extra: more followed) in place:
 * header (magic, protocol, sizes of this build), status, size, SHA-256
 * (64 lower-case hex digits), every string NUL-terminated (non-printable
 * bytes become '?', so D-Bus gets valid UTF-8), every count and index in
 * range, every bool 0 or 1, offsets inside the file.  0, or -1 with a
 * one-line reason in @msg; the image part is zeroed for the statuses that
 * carry none.
 */
int verify_reply_valid(struct verify_out *out, size_t got, int extra, char *msg, size_t msglen);

#endif /* MEFWD_VERIFY_REPLY_H */
