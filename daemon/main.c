// SPDX-License-Identifier: GPL-2.0
/*
 * mefwd - the mefw update daemon: arguments, start-up (journal, crash
 * recovery, devices, bus), the sd-event loop, signals, sd_notify.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-daemon.h>

#include "daemon.h"
#include "log.h"
#include "mefw_dbus.h"
#include "recover.h"
#include "seal.h"

#define RECOVER_WAIT_MS 5000		/* device to come back */
/* finalizing: give up this long after the last sign of an update in progress */
#define RECOVER_FINALIZE_MS 20000

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mefwd [--state-dir DIR] [--trust-test-key] [--run-scheduled]\n"
		"             [--verify-helper PATH]\n"
		"\n"
		"The mefw update daemon: owns Intel ME firmware update transactions and\n"
		"serves them on the system bus as " MEFW_BUS_NAME ".\n"
		"\n"
		"      --state-dir DIR   journal and image copies (default: $STATE_DIRECTORY,\n"
		"                        else /var/lib/mefw)\n"
		"      --trust-test-key  accept images signed with the mefw TEST key (tests only)\n"
		"      --run-scheduled   run the updates scheduled for boot now, without the\n"
		"                        bus; print progress; exit 0 when all succeeded\n"
		"      --verify-helper PATH  the image checker (default: $MEFWD_VERIFY_HELPER,\n"
		"                        else mefwd-verify next to mefwd, else\n"
		"                        " MEFWD_VERIFY_PATH ")\n"
		"  -h, --help            this help\n"
		"      --version         print the version\n");
}

static int parse_args(int argc, char **argv, struct daemon *d)
{
	static const struct option opts[] = {
		{ "state-dir", required_argument, NULL, 's' },
		{ "trust-test-key", no_argument, NULL, 't' },
		{ "run-scheduled", no_argument, NULL, 'r' },
		{ "verify-helper", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!optarg[0]) {
				fprintf(stderr, "mefwd: --state-dir needs a directory\n");
				return 2;
			}
			d->state_dir = optarg;
			break;
		case 't':
			d->trust_test_key = true;
			break;
		case 'r':
			d->run_scheduled = true;
			break;
		case 'v':
			d->verify_helper = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case 'V':
			printf("mefwd %s\n", MEFW_VERSION);
			return -1;
		case ':':
			fprintf(stderr, "mefwd: option '%s' needs an argument\n", argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "mefwd: unknown option '%s' (see mefwd --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mefwd: unexpected argument '%s' (see mefwd --help)\n",
			argv[optind]);
		return 2;
	}
	if (!d->state_dir) {
		const char *s = getenv("STATE_DIRECTORY");

		/* systemd may pass several, colon-separated: the first is ours */
		d->state_dir = s && s[0] && !strchr(s, ':') ? s : "/var/lib/mefw";
	}
	return 0;
}

/*
 * Image copies that no unfinished transaction needs: a crash between the
 * copy and its first record, or between the final record and the removal.
 */
static void clean_images(struct daemon *d)
{
	int n = journal_clean_images(&d->journal, d->txns);

	if (n > 0)
		log_msg(LOG_NOTICE, "recovery: removed %d image cop%s without an unfinished transaction from %s/images",
			n, n == 1 ? "y" : "ies", d->state_dir);
	else if (n < 0)
		log_msg(LOG_ERR, "recovery: cannot read %s/images: %s", d->state_dir, strerror(-n));
}

static void on_bad_record(void *ctx, const char *file, const char *msg)
{
	struct daemon *d = ctx;

	log_msg(LOG_ERR, "journal: %s/transactions/%s: %s; skipped, the other records are kept",
		d->state_dir, file, msg);
}

/* the verdict on @t from @obs (and @image_ok): applied and journaled */
static void conclude(struct daemon *d, struct txn *t, bool image_ok,
		     const struct recover_obs *obs, bool running)
{
	struct recover_result res;

	recover_verdict(t, image_ok, obs, &res);
	if (!res.changed)
		return;
	log_msg(LOG_WARNING, "recovery: transaction %" PRIu64 " on %s was %s: %s%s%s",
		t->id, t->device, mefw_txn_state_str(t->state), mefw_txn_state_str(res.state),
		res.message[0] ? ": " : "", res.message);
	recover_apply(t, &res);
	if (running && mefw_txn_state_final(t->state)) {
		/* the loop runs: signals, the queue behind it, --run-scheduled's exit */
		daemon_txn_ended(d, t);
		return;
	}
	daemon_journal(d, t);
	if (mefw_txn_state_final(t->state)) {
		journal_image_remove(&d->journal, t->id);
		log_txn_ended(t);
	}
}

/* ---- following a transaction that was finalizing, off the loop ---- */

struct follow {
	struct daemon *d;
	uint64_t id;
	char root[64];
	char device[MEFW_NAME_MAX];
	char want[MEFW_TXN_VERSION_MAX];
	unsigned int max_ms;
	struct recover_obs obs;
};

/* read by the follow threads: no signal handler sets it (signals come through sd-event) */
static bool follow_stopping(void *arg)
{
	struct daemon *d = arg;

	return atomic_load(&d->follow_stop);
}

static void follow_work(void *ctx)
{
	struct follow *f = ctx;
	struct recover_wait w = {
		.quiet_ms = RECOVER_FINALIZE_MS,
		.max_ms = f->max_ms,
		.stop = follow_stopping,
		.arg = f->d,
	};

	recover_observe(f->root, f->device, true, f->want, &w, &f->obs);
}

static void follow_done(void *ctx)
{
	struct follow *f = ctx;
	struct txn *t = txn_list_find(f->d->txns, f->id);

	if (f->obs.stopped)
		log_msg(LOG_INFO, "recovery: transaction %" PRIu64
			" is still finalizing; mefwd stops, its next start follows it again", f->id);
	else if (t && t->state == MEFW_TXN_FINALIZING && !t->worker)
		conclude(f->d, t, false, &f->obs, true);
	free(f);
}

/*
 * The ME finishes a finalizing update on its own, and mefw.ko follows it
 * for up to total_ms after mefwd's file closed: watch it in a thread so
 * that the bus starts now.  @t stays finalizing meanwhile; it owns its
 * device (nothing queued behind it starts) and cannot be cancelled.
 */
static void follow_start(struct daemon *d, struct txn *t)
{
	struct recover_wait w = { .quiet_ms = RECOVER_FINALIZE_MS,
				  .max_ms = RECOVER_FINALIZE_MS };
	struct follow *f = calloc(1, sizeof(*f));
	struct recover_obs obs;

	if (f) {
		f->d = d;
		f->id = t->id;
		snprintf(f->root, sizeof(f->root), "%s", d->sysroot);
		snprintf(f->device, sizeof(f->device), "%s", t->device);
		snprintf(f->want, sizeof(f->want), "%s", t->image_version);
		f->max_ms = recover_follow_ms(d->sysroot);
		log_msg(LOG_INFO, "recovery: transaction %" PRIu64 " on %s was finalizing;"
			" following the ME (up to %u s)", t->id, t->device, f->max_ms / 1000);
		if (!async_run(&d->async, follow_work, follow_done, f))
			return;
		free(f);
	}
	log_msg(LOG_ERR, "recovery: transaction %" PRIu64 ": cannot start a thread; deciding now",
		t->id);
	recover_observe(d->sysroot, t->device, true, t->image_version, &w, &obs);
	conclude(d, t, false, &obs, false);
}

/* one record that was not ended when mefwd stopped */
static void recover_one(struct daemon *d, struct txn *t)
{
	struct recover_wait w = { .quiet_ms = RECOVER_WAIT_MS, .max_ms = RECOVER_WAIT_MS };
	struct recover_obs obs;
	bool image_ok = false;
	char hex[65], msg[300];
	int r;

	memset(&obs, 0, sizeof(obs));
	if (t->state == MEFW_TXN_FINALIZING) {
		follow_start(d, t);
		return;
	}
	if (t->state == MEFW_TXN_TRANSFERRING) {
		/* closing the file cancelled it in the kernel: a quick look */
		recover_observe(d->sysroot, t->device, false, t->image_version, &w, &obs);
	} else {
		r = seal_hash_copy(&d->verify, d->journal.imgfd, t->id, hex, msg, sizeof(msg));
		image_ok = r == 0 && !strcmp(hex, t->image_sha256);
		/* the helper failed: "validating" checks the copy again */
		if (r == -EIO) {
			log_msg(LOG_WARNING, "recovery: transaction %" PRIu64
				": cannot check its image copy now (%s); checked again before it runs",
				t->id, msg);
			image_ok = true;
		}
	}
	conclude(d, t, image_ok, &obs, false);
}

/* journal loading and crash recovery, before anything runs */
static int recover_all(struct daemon *d)
{
	uint64_t max_id = 0, next;
	struct txn *t;
	int n;

	n = journal_load_all(&d->journal, &d->txns, &max_id, on_bad_record, d);
	if (n < 0) {
		log_msg(LOG_ERR, "cannot read %s/transactions: %s", d->state_dir, strerror(-n));
		return n;
	}
	next = journal_read_next_id(&d->journal);
	if (next <= max_id)
		next = max_id + 1;
	if (!next)
		next = 1;
	d->next_id = next;
	for (t = d->txns; t; t = t->next) {
		t->owner = d;
		if (mefw_txn_state_final(t->state))
			continue;
		t->exported = true;
		recover_one(d, t);
	}
	clean_images(d);
	/*
	 * --run-scheduled: the at-boot transactions run now.  Queued in
	 * memory only: until the worker journals "validating", the record
	 * still says scheduled, so an interrupted run leaves them scheduled.
	 */
	if (d->run_scheduled)
		for (t = d->txns; t; t = t->next)
			if (t->state == MEFW_TXN_SCHEDULED)
				t->state = MEFW_TXN_QUEUED;
	/* always rewritten at start: the path unit only sees changes */
	daemon_sync_marker(d);
	return 0;
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
	struct daemon *d = userdata;

	(void)s;
	log_msg(LOG_INFO, "%s: stopping", strsignal((int)si->ssi_signo));
	sd_notify(0, "STOPPING=1");
	sd_event_exit(d->event, d->run_scheduled ? 1 : 0);
	return 0;
}

static int setup_bus(struct daemon *d)
{
	int r;

	r = sd_bus_open_system(&d->bus);
	if (r < 0) {
		log_msg(LOG_ERR, "cannot connect to the system bus: %s", strerror(-r));
		return r;
	}
	r = bus_manager_setup(d);
	if (r >= 0)
		r = bus_device_setup(d);
	if (r >= 0)
		r = bus_txn_setup(d);
	if (r >= 0)
		r = sd_bus_add_object_manager(d->bus, NULL, "/org/mefw1");
	if (r < 0) {
		log_msg(LOG_ERR, "cannot export the bus objects: %s", strerror(-r));
		return r;
	}
	r = sd_bus_attach_event(d->bus, d->event, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		return r;
	r = sd_bus_request_name(d->bus, MEFW_BUS_NAME, 0);
	if (r < 0) {
		log_msg(LOG_ERR, "cannot own the bus name %s: %s", MEFW_BUS_NAME, strerror(-r));
		return r;
	}
	return 0;
}

static void free_all(struct daemon *d)
{
	struct txn *t;

	while ((t = d->txns)) {
		d->txns = t->next;
		free(t->img);
		free(t);
	}
}

/* process-wide settings, before any thread starts */
static void process_init(void)
{
	sigset_t ss;

	/*
	 * One malloc arena: the short-lived threads (image checks, workers)
	 * would otherwise each leave an arena of freed but resident memory.
	 */
	mallopt(M_ARENA_MAX, 1);
	/* writes to a vanished client must not kill us */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigprocmask(SIG_BLOCK, &ss, NULL);
}

/* the image checker, the journal, the event loop and its worker pipe */
static int open_base(struct daemon *d)
{
	struct mefw_error err = { 0 };
	char msg[PATH_MAX + 128];
	int r;

	if (verify_client_start(&d->verify, d->verify_helper, msg, sizeof(msg)) < 0)
		log_msg(LOG_ERR, "%s: images cannot be checked", msg);
	r = journal_open(&d->journal, d->state_dir, &err);
	if (r < 0) {
		log_msg(LOG_ERR, "%s", err.msg);
		return r;
	}
	r = sd_event_default(&d->event);
	if (r < 0) {
		log_msg(LOG_ERR, "cannot create the event loop: %s", strerror(-r));
		return r;
	}
	r = async_init(&d->async, d->event);
	if (r < 0)
		log_msg(LOG_ERR, "cannot set up the worker pipe: %s", strerror(-r));
	return r;
}

/* signals, devices, crash recovery, the bus; then whatever can run starts */
static int start(struct daemon *d)
{
	struct dev *v;
	int r;

	sd_event_add_signal(d->event, &d->sig_term, SIGTERM, on_signal, d);
	sd_event_add_signal(d->event, &d->sig_int, SIGINT, on_signal, d);
	r = devices_start(d);
	if (r < 0)
		log_msg(LOG_WARNING, "cannot enumerate ME devices: %s", strerror(-r));
	if (recover_all(d) < 0)
		return -1;
	/* before the name is taken: the first ListDevices has the versions */
	for (v = d->devs; v; v = v->next)
		if (v->present && !d->run_scheduled)
			dev_refresh_now(d, v);
	if (!d->run_scheduled && setup_bus(d) < 0)
		return -1;
	daemon_kick(d);
	return 0;
}

/* the event loop until a signal (or --run-scheduled's end); the exit status */
static int run(struct daemon *d)
{
	struct txn *t;
	bool any = false;
	int r;

	if (d->run_scheduled) {
		for (t = d->txns; t; t = t->next)
			any |= t->at_boot && !mefw_txn_state_final(t->state);
		if (!any) {
			printf("no scheduled updates\n");
			return 0;
		}
	}
	sd_notify(0, "READY=1");
	daemon_update_status(d);
	r = sd_event_loop(d->event);
	if (r < 0)
		return 1;
	return d->run_scheduled ? r : 0;
}

/* the way out of start(): workers, checks, follows and devices end */
static void stop(struct daemon *d)
{
	atomic_store(&d->follow_stop, true);
	daemon_stop(d);
	if (d->bus)
		sd_bus_flush(d->bus);
	/* a hanging image check would hold async_done() for its 60 s */
	verify_client_stop(&d->verify);
	async_done(&d->async);
	devices_stop(d);
	sd_event_source_disable_unref(d->emit_timer);
	sd_event_source_disable_unref(d->sig_term);
	sd_event_source_disable_unref(d->sig_int);
	d->bus = sd_bus_flush_close_unref(d->bus);
	free_all(d);
}

int main(int argc, char **argv)
{
	struct daemon d = { 0 };
	int r, rc = 1;

	r = parse_args(argc, argv, &d);
	if (r)
		return r < 0 ? 0 : r;
	d.sysroot = "";
	d.journal.dirfd = d.journal.txfd = d.journal.imgfd = d.journal.lockfd = -1;
	process_init();
	seal_cache_init(&d.seal_cache);
	verify_client_init(&d.verify);
	if (!open_base(&d)) {
		if (!start(&d))
			rc = run(&d);
		stop(&d);
	}
	sd_event_unref(d.event);
	journal_close(&d.journal);
	seal_cache_free(&d.seal_cache);
	verify_client_free(&d.verify);
	return rc;
}
