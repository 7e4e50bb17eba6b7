// SPDX-License-Identifier: GPL-2.0
/* The caller's uid and authorization: root or a polkit action (see auth.h) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "daemon.h"
#include "mefw_dbus.h"

/* the bus driver answers GetConnectionUnixUser itself: at once */
#define AUTH_LOOKUP_TIMEOUT_USEC (5ULL * 1000 * 1000)

void auth_init(struct auth_state *a)
{
	struct quota_limits lim = {
		.total = AUTH_MAX_PENDING,
		.per_uid = AUTH_MAX_PENDING_PER_UID,
	};

	memset(a, 0, sizeof(*a));
	quota_init(&a->pending, &lim);
}

/* ---- the sender's uid ---- */

struct uid_req {
	struct daemon *d;
	sd_bus_message *m;
	auth_uid_cb cb;
	void *ud;
	char name[sizeof(((struct auth_uid_entry *)0)->name)];
};

static bool cache_get(const struct auth_state *a, const char *name, uint32_t *uid)
{
	unsigned int i;

	for (i = 0; i < AUTH_UID_CACHE; i++)
		if (a->cache[i].name[0] && !strcmp(a->cache[i].name, name)) {
			*uid = a->cache[i].uid;
			return true;
		}
	return false;
}

static void cache_put(struct auth_state *a, const char *name, uint32_t uid)
{
	struct auth_uid_entry *e;
	uint32_t old;

	if (strlen(name) >= sizeof(e->name) || cache_get(a, name, &old))
		return;
	e = &a->cache[a->next];
	a->next = (a->next + 1) % AUTH_UID_CACHE;
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->uid = uid;
}

static int on_uid(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	struct uid_req *q = userdata;
	uint32_t uid;
	long r = -1;

	(void)ret_error;
	if (!sd_bus_message_is_method_error(reply, NULL) &&
	    sd_bus_message_read(reply, "u", &uid) >= 0) {
		cache_put(&q->d->auth, q->name, uid);
		r = (long)uid;
	}
	q->cb(q->d, q->m, r, q->ud);
	return 0;
}

static void uid_req_free(void *userdata)
{
	struct uid_req *q = userdata;

	q->d->auth.lookups--;
	sd_bus_message_unref(q->m);
	free(q);
}

/*
 * Call @method of @dest asynchronously with a timeout; the slot floats
 * (owned by the bus) and @destroy frees @ud once the reply was handled
 * or the bus went away.
 */
static int call_async(sd_bus *bus, sd_bus_message *call, sd_bus_message_handler_t cb,
		      void *ud, sd_bus_destroy_t destroy, uint64_t usec)
{
	sd_bus_slot *slot = NULL;
	int r;

	r = sd_bus_call_async(bus, &slot, call, cb, ud, usec);
	if (r < 0)
		return r;
	sd_bus_slot_set_destroy_callback(slot, destroy);
	sd_bus_slot_set_floating(slot, 1);
	sd_bus_slot_unref(slot);
	return 0;
}

static int lookup_uid(struct daemon *d, struct uid_req *q)
{
	sd_bus_message *call = NULL;
	int r;

	r = sd_bus_message_new_method_call(d->bus, &call, "org.freedesktop.DBus",
					   "/org/freedesktop/DBus", "org.freedesktop.DBus",
					   "GetConnectionUnixUser");
	if (r >= 0)
		r = sd_bus_message_append(call, "s", q->name);
	if (r >= 0)
		r = call_async(d->bus, call, on_uid, q, uid_req_free, AUTH_LOOKUP_TIMEOUT_USEC);
	sd_bus_message_unref(call);
	return r;
}

int auth_sender_uid(struct daemon *d, sd_bus_message *m, auth_uid_cb cb, void *ud)
{
	const char *sender = sd_bus_message_get_sender(m);
	struct uid_req *q;
	uint32_t uid;
	int r;

	if (!sender || strlen(sender) >= sizeof(q->name)) {
		cb(d, m, -1, ud);
		return 1;
	}
	if (cache_get(&d->auth, sender, &uid)) {
		cb(d, m, (long)uid, ud);
		return 1;
	}
	if (d->auth.lookups >= AUTH_MAX_LOOKUPS)
		return -EBUSY;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	*q = (struct uid_req){ .d = d, .cb = cb, .ud = ud };
	snprintf(q->name, sizeof(q->name), "%s", sender);
	/* from here on uid_req_free() frees it (on success) */
	q->m = sd_bus_message_ref(m);
	d->auth.lookups++;
	r = lookup_uid(d, q);
	if (r < 0) {
		d->auth.lookups--;
		sd_bus_message_unref(q->m);
		free(q);
		return r;
	}
	return 1;
}

/* ---- polkit ---- */

struct auth_req {
	struct daemon *d;
	sd_bus_message *m;
	auth_cb cb;
	void *ud;
	long uid;
	bool interactive;
	bool counted;		/* holds a slot of d->auth.pending */
	char action[64];
	char what[96];
	char cancel_id[32];
};

static void auth_req_free(void *userdata)
{
	struct auth_req *a = userdata;

	if (a->counted)
		quota_put(&a->d->auth.pending, (uint32_t)a->uid, false);
	sd_bus_message_unref(a->m);
	free(a);
}

static void reply_error(struct auth_req *a, const char *name, const char *fmt, const char *arg)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;

	sd_bus_error_setf(&e, name, fmt, a->what, a->action, a->uid, arg);
	a->cb(a->d, a->m, a->uid, &e, a->ud);
	sd_bus_error_free(&e);
}

static void deny(struct auth_req *a, const char *reason)
{
	reply_error(a, MEFW_ERROR_ACCESS_DENIED, "%s needs root or the polkit action %s (uid %ld %s)",
		    reason);
}

/* a check that timed out: polkit dismisses its authentication dialog */
static void polkit_cancel(struct auth_req *a)
{
	sd_bus_call_method_async(a->d->bus, NULL, "org.freedesktop.PolicyKit1",
				 "/org/freedesktop/PolicyKit1/Authority",
				 "org.freedesktop.PolicyKit1.Authority",
				 "CancelCheckAuthorization", NULL, NULL, "s", a->cancel_id);
}

static int on_polkit(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	struct auth_req *a = userdata;
	const sd_bus_error *e;
	int authorized = 0, challenge = 0, r;
	char reason[300];

	(void)ret_error;
	e = sd_bus_message_get_error(reply);
	if (e && sd_bus_error_has_name(e, SD_BUS_ERROR_NO_REPLY)) {
		snprintf(reason, sizeof(reason), "not authorized: polkit did not answer within %llu s",
			 (a->interactive ? AUTH_POLKIT_INTERACTIVE_TIMEOUT_USEC :
			  AUTH_POLKIT_TIMEOUT_USEC) / 1000000);
		polkit_cancel(a);
		deny(a, reason);
		return 0;
	}
	if (e) {
		snprintf(reason, sizeof(reason), "not authorized: polkit is not available: %s",
			 e->message ? e->message : e->name);
		deny(a, reason);
		return 0;
	}
	r = sd_bus_message_enter_container(reply, 'r', "bba{ss}");
	if (r >= 0)
		r = sd_bus_message_read(reply, "bb", &authorized, &challenge);
	if (r < 0)
		deny(a, "not authorized: polkit sent an unexpected reply");
	else if (authorized)
		a->cb(a->d, a->m, a->uid, NULL, a->ud);
	else
		deny(a, challenge ? "not authorized: authentication is required" :
		     "not authorized");
	return 0;
}

static int ask_polkit(struct auth_req *a)
{
	sd_bus *bus = a->d->bus;
	sd_bus_message *call = NULL;
	int r;

	snprintf(a->cancel_id, sizeof(a->cancel_id), "mefwd-%u", ++a->d->auth.serial);
	r = sd_bus_message_new_method_call(bus, &call, "org.freedesktop.PolicyKit1",
					   "/org/freedesktop/PolicyKit1/Authority",
					   "org.freedesktop.PolicyKit1.Authority",
					   "CheckAuthorization");
	if (r >= 0)
		r = sd_bus_message_append(call, "(sa{sv})sa{ss}us", "system-bus-name", 1,
					  "name", "s", sd_bus_message_get_sender(a->m),
					  a->action, 0, a->interactive ? 1u : 0u, a->cancel_id);
	if (r >= 0)
		r = call_async(bus, call, on_polkit, a, auth_req_free, a->interactive ?
			       AUTH_POLKIT_INTERACTIVE_TIMEOUT_USEC : AUTH_POLKIT_TIMEOUT_USEC);
	sd_bus_message_unref(call);
	return r;
}

static void pending_full(struct auth_req *a, int r)
{
	char arg[64];

	if (r == -EDQUOT) {
		snprintf(arg, sizeof(arg), "%u", AUTH_MAX_PENDING_PER_UID);
		reply_error(a, MEFW_ERROR_LIMITS,
			    "%s (%s): uid %ld has %s authorization questions open already; wait for their answer",
			    arg);
	} else {
		snprintf(arg, sizeof(arg), "%u", AUTH_MAX_PENDING);
		reply_error(a, MEFW_ERROR_BUSY,
			    "%s (%s): mefwd has %s authorization questions open (uid %ld asked); try again in a moment",
			    arg);
	}
}

static void on_auth_uid(struct daemon *d, sd_bus_message *m, long uid, void *ud)
{
	struct auth_req *a = ud;
	char reason[200];
	int r;

	(void)m;
	a->uid = uid;
	if (uid == 0) {
		a->cb(d, a->m, 0, NULL, a->ud);
		auth_req_free(a);
		return;
	}
	if (uid < 0) {
		deny(a, "not authorized: the caller's uid is unknown (did it leave the bus?)");
		auth_req_free(a);
		return;
	}
	r = quota_take(&d->auth.pending, (uint32_t)uid, false);
	if (r < 0) {
		pending_full(a, r);
		auth_req_free(a);
		return;
	}
	a->counted = true;
	r = ask_polkit(a);
	if (r < 0) {
		snprintf(reason, sizeof(reason), "not authorized: cannot ask polkit: %s",
			 strerror(-r));
		deny(a, reason);
		auth_req_free(a);
	}
}

int auth_check(struct daemon *d, sd_bus_message *m, const char *action,
	       const char *what, auth_cb cb, void *ud)
{
	struct auth_req *a;
	int r;

	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	*a = (struct auth_req){ .d = d, .m = sd_bus_message_ref(m), .cb = cb, .ud = ud,
				.uid = -1 };
	a->interactive = sd_bus_message_get_allow_interactive_authorization(m) > 0;
	snprintf(a->action, sizeof(a->action), "%s", action);
	snprintf(a->what, sizeof(a->what), "%s", what);
	r = auth_sender_uid(d, m, on_auth_uid, a);
	if (r < 0)
		auth_req_free(a);
	return r;
}
