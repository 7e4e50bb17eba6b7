// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl: follow a transaction until it ends, driven by mefwd's signals
 * (PropertiesChanged of the Transaction object, TransactionEnded of the
 * Manager, NameOwnerChanged of org.mefw1) in an sd-event loop.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-event.h>

#include "bus.h"
#include "follow.h"
#include "mefw_dbus.h"
#include "mefwctl.h"
#include "progress.h"

struct follow {
	sd_bus *bus;
	sd_event *ev;
	const char *what;
	uint64_t id;
	bool json;
	bool tty;		/* redraw one line */
	bool drawn;		/* a bar is on the current line */
	struct mefw_txn t;
	uint64_t cookie;	/* serial of the answer @t came from */
	struct mefwctl_progress_tracker tr;
	int result;		/* exit code, -1 while following */
};

int mefwctl_flush(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		mefwctl_err("write error on standard output");
		return MEFWCTL_EXIT_FAILURE;
	}
	return 0;
}

int mefwctl_print_txn_json(const struct mefw_txn *t)
{
	struct json_object *o = mefwctl_txn_to_json(t);

	if (!o) {
		mefwctl_err("out of memory");
		return MEFWCTL_EXIT_FAILURE;
	}
	printf("%s\n", json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED));
	json_object_put(o);
	return mefwctl_flush();
}

static void show(struct follow *f)
{
	char line[256];

	if (f->json)
		return;
	if (f->tty) {
		mefwctl_progress_bar(&f->t, line, sizeof(line));
		printf("\r%s\033[K", line);
		f->drawn = true;
	} else if (mefwctl_progress_due(&f->tr, &f->t)) {
		mefwctl_progress_plain(&f->t, line, sizeof(line));
		printf("%s\n", line);
	}
	fflush(stdout);
}

/* leave the bar's line */
static void end_line(struct follow *f)
{
	if (f->drawn) {
		putchar('\n');
		f->drawn = false;
	}
}

static void stop(struct follow *f, int result)
{
	f->result = result;
	sd_event_exit(f->ev, 0);
}

/* the transaction ended: read the whole record once more, print, stop */
static void finish(struct follow *f)
{
	char text[2048];
	int r;

	if (f->result >= 0)
		return;
	r = mefwctl_get_txn(f->bus, f->what, f->id, &f->t, NULL);
	if (r) {
		end_line(f);
		stop(f, r);
		return;
	}
	if (f->json) {
		r = mefwctl_print_txn_json(&f->t);
		stop(f, r ? r : mefwctl_txn_exit_code(&f->t));
		return;
	}
	if (f->drawn)
		show(f);	/* the bar where it ended */
	end_line(f);
	mefwctl_progress_result(&f->t, text, sizeof(text));
	fputs(text, stdout);
	r = mefwctl_flush();
	stop(f, r ? r : mefwctl_txn_exit_code(&f->t));
}

static int on_props(sd_bus_message *m, void *userdata,
		    sd_bus_error *ret_error)
{
	struct follow *f = userdata;
	const char *iface;
	uint64_t cookie;
	int r;

	(void)ret_error;
	/* queued while GetTransaction ran: older than the snapshot */
	if (sd_bus_message_get_cookie(m, &cookie) >= 0 && cookie < f->cookie)
		return 0;
	r = sd_bus_message_read_basic(m, 's', &iface);
	if (r < 0 || strcmp(iface, MEFW_TXN_IFACE))
		return 0;
	r = mefwctl_txn_read(m, &f->t);
	if (r < 0)
		return 0;	/* a malformed signal: the next one will do */
	if (mefwctl_txn_final(&f->t))
		finish(f);
	else
		show(f);
	return 0;
}

static int on_ended(sd_bus_message *m, void *userdata,
		    sd_bus_error *ret_error)
{
	struct follow *f = userdata;
	uint64_t id;

	(void)ret_error;
	if (sd_bus_message_read_basic(m, 't', &id) >= 0 && id == f->id)
		finish(f);
	return 0;
}

static int on_owner(sd_bus_message *m, void *userdata,
		    sd_bus_error *ret_error)
{
	struct follow *f = userdata;
	const char *name, *old, *new;

	(void)ret_error;
	if (sd_bus_message_read(m, "sss", &name, &old, &new) < 0 ||
	    strcmp(name, MEFW_BUS_NAME) || *new)
		return 0;
	end_line(f);
	mefwctl_err("%s: mefwd stopped while transaction %" PRIu64 " was %s; it recovers the transaction when it starts again (see 'mefwctl wait %" PRIu64 "')",
		    f->what, f->id, mefw_txn_state_str(f->t.state), f->id);
	stop(f, MEFWCTL_EXIT_FAILURE);
	return 0;
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si,
		     void *userdata)
{
	struct follow *f = userdata;

	(void)s;
	(void)si;
	end_line(f);
	fflush(stdout);
	fprintf(stderr,
		"Detached from transaction %" PRIu64 "; the update goes on in mefwd (follow it again with 'mefwctl wait %" PRIu64 "').\n",
		f->id, f->id);
	stop(f, MEFWCTL_EXIT_DETACHED);
	return 0;
}

static int subscribe(struct follow *f)
{
	char path[64];
	int r;

	snprintf(path, sizeof(path), MEFW_TXN_PREFIX "/%" PRIu64, f->id);
	/* synchronous: in place at the bus when they return */
	r = sd_bus_match_signal(f->bus, NULL, MEFW_BUS_NAME, path,
				"org.freedesktop.DBus.Properties",
				"PropertiesChanged", on_props, f);
	if (r >= 0)
		r = sd_bus_match_signal(f->bus, NULL, MEFW_BUS_NAME,
					MEFW_MANAGER_PATH, MEFW_MANAGER_IFACE,
					"TransactionEnded", on_ended, f);
	if (r >= 0)
		r = sd_bus_add_match(f->bus, NULL,
				     "type='signal',sender='org.freedesktop.DBus',"
				     "interface='org.freedesktop.DBus',"
				     "member='NameOwnerChanged',arg0='" MEFW_BUS_NAME "'",
				     on_owner, f);
	return r;
}

static int run(struct follow *f)
{
	int r;

	r = sd_event_add_signal(f->ev, NULL, SIGINT, on_signal, f);
	if (r >= 0)
		r = sd_event_add_signal(f->ev, NULL, SIGTERM, on_signal, f);
	if (r >= 0)
		r = sd_bus_attach_event(f->bus, f->ev, SD_EVENT_PRIORITY_NORMAL);
	if (r >= 0)
		r = sd_bus_set_exit_on_disconnect(f->bus, true);
	if (r >= 0)
		r = subscribe(f);
	if (r < 0) {
		mefwctl_err("%s: cannot subscribe to mefwd's signals: %s",
			    f->what, strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	/* after subscribing: an end before this point is seen here */
	r = mefwctl_get_txn(f->bus, f->what, f->id, &f->t, &f->cookie);
	if (r)
		return r;
	if (mefwctl_txn_final(&f->t)) {
		finish(f);
		return f->result;
	}
	show(f);
	r = sd_event_loop(f->ev);
	if (r < 0 && f->result < 0) {
		end_line(f);
		mefwctl_err("%s: event loop failed: %s", f->what, strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	if (f->result < 0) {
		end_line(f);
		mefwctl_err("%s: disconnected from the system bus while following transaction %" PRIu64,
			    f->what, f->id);
		return MEFWCTL_EXIT_FAILURE;
	}
	return f->result;
}

int mefwctl_follow(sd_bus *bus, const char *what, uint64_t id, bool json)
{
	struct follow f = {
		.bus = bus, .what = what, .id = id, .json = json,
		.tty = isatty(STDOUT_FILENO), .result = -1,
		.tr = { .state = "", .step = -1 },
	};
	sigset_t mask, old;
	int r;

	mefwctl_txn_init(&f.t);
	r = sd_event_new(&f.ev);
	if (r < 0) {
		mefwctl_err("%s: cannot create an event loop: %s", what,
			    strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	/* sd-event takes signals through a signalfd: block them first */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, &old);
	r = run(&f);
	sd_bus_detach_event(bus);
	sd_event_unref(f.ev);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}
