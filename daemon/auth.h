/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Authorization of the calls that change something: uid 0, or the polkit
 * action (org.freedesktop.PolicyKit1.Authority.CheckAuthorization, asked
 * asynchronously, interaction allowed).  No polkit on the bus = denied.
 */
#ifndef MEFWD_AUTH_H
#define MEFWD_AUTH_H

#include <stdbool.h>

#include <systemd/sd-bus.h>

struct daemon;

/* @why: the AccessDenied message when !@ok */
typedef void (*auth_cb)(struct daemon *d, sd_bus_message *m, bool ok,
			const char *why, void *ud);

/*
 * Decide whether the sender of @m may do @action (@what: "updating ME
 * firmware"); calls @cb (now, or later from the loop) with @m.  Returns 1
 * (the method reply is sent by @cb) or a negative errno.
 */
int auth_check(struct daemon *d, sd_bus_message *m, const char *action,
	       const char *what, auth_cb cb, void *ud);

/* the sender's uid (euid), or -1 */
long auth_sender_uid(sd_bus_message *m);

#endif /* MEFWD_AUTH_H */
