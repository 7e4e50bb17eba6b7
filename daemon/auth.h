/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who is calling, and may they: the sender's uid and the authorization
 * of the calls that change something (uid 0, or the polkit action:
 * org.freedesktop.PolicyKit1.Authority.CheckAuthorization).  Nothing here
 * blocks the event loop: the uid comes from credentials attached to the
 * message, a cache of the bus's unique names, or an asynchronous
 * org.freedesktop.DBus.GetConnectionUnixUser; polkit is asked
 * asynchronously with a timeout.  No polkit on the bus = denied.
 */
#ifndef MEFWD_AUTH_H
#define MEFWD_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-bus.h>

#include "quota.h"

struct daemon;

/* unique names remembered with their uid (never reused on a bus) */
#define AUTH_UID_CACHE 64
/* GetConnectionUnixUser calls open at once */
#define AUTH_MAX_LOOKUPS 256
/* how long polkit may take: at once without interaction, a person with */
#define AUTH_POLKIT_TIMEOUT_USEC (10ULL * 1000 * 1000)
#define AUTH_POLKIT_INTERACTIVE_TIMEOUT_USEC (120ULL * 1000 * 1000)
/* polkit questions open at once (each holds the caller's message) */
#define AUTH_MAX_PENDING 32
#define AUTH_MAX_PENDING_PER_UID 2

struct auth_uid_entry {
	char name[32];		/* ":1.42"; "" = free */
	uint32_t uid;
};

struct auth_state {
	struct auth_uid_entry cache[AUTH_UID_CACHE];
	unsigned int next;	/* the entry replaced next */
	unsigned int lookups;	/* GetConnectionUnixUser calls open */
	struct quota pending;	/* polkit questions open, per uid */
	unsigned int serial;	/* for polkit's cancellation ids */
};

void auth_init(struct auth_state *a);

/* @uid: the sender's uid, or -1 when it cannot be known (gone, error) */
typedef void (*auth_uid_cb)(struct daemon *d, sd_bus_message *m, long uid, void *ud);

/*
 * The uid of the sender of @m; calls @cb now or later from the loop.
 * Returns 1 (@cb is called), or -EBUSY (too many lookups open) /
 * -ENOMEM, and then @cb is not called.
 */
int auth_sender_uid(struct daemon *d, sd_bus_message *m, auth_uid_cb cb, void *ud);

/* @e: NULL when authorized, else the error to reply with (one line) */
typedef void (*auth_cb)(struct daemon *d, sd_bus_message *m, long uid,
			const sd_bus_error *e, void *ud);

/*
 * Decide whether the sender of @m may do @action (@what: "updating ME
 * firmware"); calls @cb (now, or later from the loop) with @m.  Polkit
 * may interact with the user only when @m allows it
 * (ALLOW_INTERACTIVE_AUTHORIZATION).  Returns 1 (@cb is called and
 * replies) or a negative errno (@cb is not called).
 */
int auth_check(struct daemon *d, sd_bus_message *m, const char *action,
	       const char *what, auth_cb cb, void *ud);

#endif /* MEFWD_AUTH_H */
