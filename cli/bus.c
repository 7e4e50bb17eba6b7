// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl: sd-bus client helpers for mefwd (see bus.h).
 */
#include <ctype.h>
#include <getopt.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "mefw_dbus.h"
#include "mefwctl.h"

#define NOT_RUNNING "mefwd is not running and could not be activated"

int mefwctl_bus_open(sd_bus **bus)
{
	const char *addr = getenv("DBUS_SYSTEM_BUS_ADDRESS");
	int r;

	r = sd_bus_open_system(bus);
	if (r < 0) {
		*bus = NULL;
		mefwctl_err(NOT_RUNNING ": cannot connect to the system bus (%s): %s",
			    addr && *addr ? addr :
			    "unix:path=/run/dbus/system_bus_socket",
			    strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	return 0;
}

int mefwctl_bus_error_exit(const char *name)
{
	if (!name)
		return MEFWCTL_EXIT_FAILURE;
	if (!strcmp(name, MEFW_ERROR_ACCESS_DENIED) ||
	    !strcmp(name, SD_BUS_ERROR_ACCESS_DENIED) ||
	    !strcmp(name, SD_BUS_ERROR_INTERACTIVE_AUTHORIZATION_REQUIRED))
		return MEFWCTL_EXIT_DENIED;
	if (!strcmp(name, MEFW_ERROR_BAD_IMAGE) ||
	    !strcmp(name, MEFW_ERROR_REFUSED) ||
	    !strcmp(name, MEFW_ERROR_NOT_CANCELLABLE))
		return MEFWCTL_EXIT_REFUSED;
	return MEFWCTL_EXIT_FAILURE;
}

static bool daemon_missing(const char *name)
{
	return !strcmp(name, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
	       !strcmp(name, SD_BUS_ERROR_NAME_HAS_NO_OWNER) ||
	       !strncmp(name, "org.freedesktop.DBus.Error.Spawn.", 33);
}

/* "8706: ..." -> 8706, else 0 */
static unsigned int leading_code(const char *msg)
{
	unsigned int code = 0;
	const char *p;

	for (p = msg; isdigit((unsigned char)*p) && p - msg < 6; p++)
		code = code * 10 + (unsigned int)(*p - '0');
	return p != msg && *p == ':' ? code : 0;
}

int mefwctl_bus_fail(const char *what, const sd_bus_error *e, int r)
{
	const char *msg;
	unsigned int code;

	if (!e || !sd_bus_error_is_set(e)) {
		mefwctl_err("%s: talking to mefwd failed: %s", what,
			    strerror(r < 0 ? -r : EIO));
		return MEFWCTL_EXIT_FAILURE;
	}
	msg = e->message && *e->message ? e->message : e->name;
	if (daemon_missing(e->name)) {
		mefwctl_err(NOT_RUNNING ": %s", msg);
		return MEFWCTL_EXIT_FAILURE;
	}
	if (!strcmp(e->name, SD_BUS_ERROR_NO_REPLY) ||
	    !strcmp(e->name, SD_BUS_ERROR_TIMEOUT)) {
		mefwctl_err("%s: mefwd did not answer: %s", what, msg);
		return MEFWCTL_EXIT_FAILURE;
	}
	mefwctl_err("%s: %s", what, msg);
	if (!strcmp(e->name, MEFW_ERROR_REFUSED)) {
		code = leading_code(msg);
		if (code)
			fprintf(stderr,
				"Run 'mefwctl explain %u' for causes and remedies.\n",
				code);
	}
	return mefwctl_bus_error_exit(e->name);
}

int mefwctl_call_msg(sd_bus *bus, const char *what, sd_bus_message *m,
		     bool slow, sd_bus_message **reply)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int r, ret;

	*reply = NULL;
	if (slow) {
		r = sd_bus_message_set_allow_interactive_authorization(m,
				isatty(STDIN_FILENO));
		if (r < 0) {
			mefwctl_err("%s: cannot build the call: %s", what,
				    strerror(-r));
			return MEFWCTL_EXIT_FAILURE;
		}
	}
	r = sd_bus_call(bus, m, slow ? MEFWCTL_SLOW_CALL_USEC : 0, &e, reply);
	if (r < 0) {
		ret = mefwctl_bus_fail(what, &e, r);
		sd_bus_error_free(&e);
		return ret;
	}
	return 0;
}

int mefwctl_call(sd_bus *bus, const char *what, const char *method,
		 bool slow, sd_bus_message **reply, const char *types, ...)
{
	sd_bus_message *m = NULL;
	va_list ap;
	int r;

	*reply = NULL;
	r = sd_bus_message_new_method_call(bus, &m, MEFW_BUS_NAME,
					   MEFW_MANAGER_PATH,
					   MEFW_MANAGER_IFACE, method);
	if (r >= 0 && types) {
		va_start(ap, types);
		r = sd_bus_message_appendv(m, types, ap);
		va_end(ap);
	}
	if (r < 0) {
		sd_bus_message_unref(m);
		mefwctl_err("%s: cannot build the %s call: %s", what, method,
			    strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	r = mefwctl_call_msg(bus, what, m, slow, reply);
	sd_bus_message_unref(m);
	return r;
}

int mefwctl_get_txn(sd_bus *bus, const char *what, uint64_t id,
		    struct mefw_txn *t, uint64_t *cookie)
{
	sd_bus_message *reply;
	int r;

	r = mefwctl_call(bus, what, "GetTransaction", false, &reply, "t", id);
	if (r)
		return r;
	if (cookie && sd_bus_message_get_cookie(reply, cookie) < 0)
		*cookie = 0;
	mefwctl_txn_init(t);
	r = mefwctl_txn_read(reply, t);
	sd_bus_message_unref(reply);
	if (r < 0) {
		mefwctl_err("%s: cannot read transaction %" PRIu64 " from mefwd's answer: %s",
			    what, id, strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	return 0;
}

int mefwctl_parse_id(const char *what, int argc, char **argv, uint64_t *id)
{
	unsigned long long v;
	const char *s;
	char *end;

	if (optind >= argc) {
		mefwctl_err("%s: no transaction ID given (see 'mefwctl %s --help')",
			    what, what);
		return MEFWCTL_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		mefwctl_err("%s: more than one ID given ('%s', '%s')", what,
			    argv[optind], argv[optind + 1]);
		return MEFWCTL_EXIT_USAGE;
	}
	s = argv[optind];
	errno = 0;
	v = strtoull(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end || errno || !v) {
		mefwctl_err("%s: invalid transaction id '%s' (expected a number from 1, as shown by 'mefwctl queue' or 'mefwctl history')",
			    what, s);
		return MEFWCTL_EXIT_USAGE;
	}
	*id = v;
	return 0;
}
