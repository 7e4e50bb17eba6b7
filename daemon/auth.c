// SPDX-License-Identifier: GPL-2.0
/* Authorization: root or a polkit action (see auth.h) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "daemon.h"

struct auth_req {
	struct daemon *d;
	sd_bus_message *m;
	auth_cb cb;
	void *ud;
	long uid;
	char action[64];
	char what[96];
};

long auth_sender_uid(sd_bus_message *m)
{
	sd_bus_creds *c = NULL;
	uid_t uid;
	long r = -1;

	if (sd_bus_query_sender_creds(m, SD_BUS_CREDS_EUID, &c) >= 0 &&
	    sd_bus_creds_get_euid(c, &uid) >= 0)
		r = (long)uid;
	sd_bus_creds_unref(c);
	return r;
}

static void deny(struct auth_req *a, const char *reason)
{
	char why[400];

	snprintf(why, sizeof(why), "%s needs root or the polkit action %s (uid %ld %s)",
		 a->what, a->action, a->uid, reason);
	a->cb(a->d, a->m, false, why, a->ud);
}

static int on_polkit(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	struct auth_req *a = userdata;
	const sd_bus_error *e;
	int authorized = 0, challenge = 0, r;
	char reason[300];

	(void)ret_error;
	e = sd_bus_message_get_error(reply);
	if (e) {
		snprintf(reason, sizeof(reason), "not authorized: polkit is not available: %s",
			 e->message ? e->message : e->name);
		deny(a, reason);
		goto out;
	}
	r = sd_bus_message_enter_container(reply, 'r', "bba{ss}");
	if (r >= 0)
		r = sd_bus_message_read(reply, "bb", &authorized, &challenge);
	if (r < 0) {
		deny(a, "not authorized: polkit sent an unexpected reply");
		goto out;
	}
	if (authorized)
		a->cb(a->d, a->m, true, NULL, a->ud);
	else
		deny(a, challenge ? "not authorized: authentication is required" :
		     "not authorized");
out:
	sd_bus_message_unref(a->m);
	free(a);
	return 0;
}

int auth_check(struct daemon *d, sd_bus_message *m, const char *action,
	       const char *what, auth_cb cb, void *ud)
{
	struct auth_req *a;
	const char *sender = sd_bus_message_get_sender(m);
	long uid = auth_sender_uid(m);
	int r;

	if (uid == 0) {
		cb(d, m, true, NULL, ud);
		return 1;
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	*a = (struct auth_req){ .d = d, .m = sd_bus_message_ref(m), .cb = cb,
				.ud = ud, .uid = uid };
	snprintf(a->action, sizeof(a->action), "%s", action);
	snprintf(a->what, sizeof(a->what), "%s", what);
	if (!sender) {
		deny(a, "not authorized: the caller has no bus name");
		sd_bus_message_unref(a->m);
		free(a);
		return 1;
	}
	r = sd_bus_call_method_async(d->bus, NULL, "org.freedesktop.PolicyKit1",
				     "/org/freedesktop/PolicyKit1/Authority",
				     "org.freedesktop.PolicyKit1.Authority",
				     "CheckAuthorization", on_polkit, a,
				     "(sa{sv})sa{ss}us", "system-bus-name", 1, "name", "s",
				     sender, action, 0, 1u, "");
	if (r < 0) {
		char reason[200];

		snprintf(reason, sizeof(reason), "not authorized: cannot ask polkit: %s",
			 strerror(-r));
		deny(a, reason);
		sd_bus_message_unref(a->m);
		free(a);
	}
	return 1;
}
