// SPDX-License-Identifier: GPL-2.0
/*
 * The loop side of transactions: journaling every transition, starting
 * workers (one active transaction per device, FIFO), applying their
 * snapshots, ending, cancelling, the STATUS= line and the exit path.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-daemon.h>

#include "mefw_clock.h"
#include "daemon.h"
#include "log.h"
#include "worker.h"

#define EMIT_INTERVAL_US 100000	/* PropertiesChanged at most ~10/s */

int daemon_journal(struct daemon *d, struct txn *t)
{
	struct mefw_error err = { 0 };
	int r = journal_write(&d->journal, t, &err);

	if (r)
		log_msg(LOG_ERR, "journal: transaction %" PRIu64 ": %s", t->id, err.msg);
	return r;
}

int daemon_txn_create(struct daemon *d, const struct txn_request *rq,
		      struct seal_req *q, struct txn **out)
{
	struct txn *t = malloc(sizeof(*t));

	*out = t;
	if (!t) {
		journal_image_remove(&d->journal, q->id);
		return -ENOMEM;
	}
	txn_init(t, rq->id, rq->device);
	t->owner = d;
	t->requester = rq->uid < 0 ? UINT32_MAX : (uint32_t)rq->uid;
	t->image_size = q->size;
	snprintf(t->image_sha256, sizeof(t->image_sha256), "%s", q->sha256);
	seal_version_str(q->img, t->image_version, sizeof(t->image_version));
	snprintf(t->previous_version, sizeof(t->previous_version), "%s",
		 rq->previous_version);
	t->allow_same_version = rq->allow_same_version;
	t->at_boot = rq->at_boot;
	t->state = rq->at_boot ? MEFW_TXN_SCHEDULED : MEFW_TXN_QUEUED;
	t->img = q->img;
	q->img = NULL;
	t->exported = true;
	txn_list_insert(&d->txns, t);
	if (daemon_journal(d, t)) {
		/* not on disk: it must not run */
		txn_end(t, MEFW_TXN_FAILED, 0, "cannot write the journal record");
		return -EIO;
	}
	log_msg(LOG_INFO, "transaction %" PRIu64 ": %s of %s (%s) requested by uid %u",
		t->id, t->at_boot ? "update at next boot" : "update", t->device,
		t->image_version, t->requester);
	if (t->at_boot)
		daemon_sync_marker(d);
	return 0;
}

int daemon_alloc_id(struct daemon *d, uint64_t *id)
{
	struct mefw_error err = { 0 };
	int r = journal_write_next_id(&d->journal, d->next_id + 1, &err);

	if (r) {
		log_msg(LOG_ERR, "journal: %s", err.msg);
		return r;
	}
	*id = d->next_id++;
	return 0;
}

void daemon_update_status(struct daemon *d)
{
	unsigned int queued = 0;
	struct txn *t, *act = NULL;

	for (t = d->txns; t; t = t->next) {
		if (txn_running(t) && !act)
			act = t;
		if (t->state == MEFW_TXN_QUEUED && !t->worker)
			queued++;
	}
	if (!act) {
		if (queued)
			sd_notifyf(0, "STATUS=Idle, %u queued", queued);
		else
			sd_notify(0, "STATUS=Idle");
		return;
	}
	if (act->state == MEFW_TXN_TRANSFERRING)
		sd_notifyf(0, "STATUS=Updating %s: sending %" PRIu64 "%%", act->device,
			   act->image_size ? act->bytes_sent * 100 / act->image_size : 0);
	else
		sd_notifyf(0, "STATUS=Updating %s: %s %u%%", act->device,
			   mefw_txn_state_str(act->state), act->percent);
}

static int on_emit_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct daemon *d = userdata;
	struct txn *t;

	(void)s;
	(void)usec;
	for (t = d->txns; t; t = t->next)
		if (t->emit_pending)
			daemon_txn_changed(d, t, true);
	return 0;
}

void daemon_txn_changed(struct daemon *d, struct txn *t, bool now)
{
	uint64_t m = mefw_mono_us();

	if (!d->bus || !t->exported)
		return;
	if (now || m - t->last_emit_us >= EMIT_INTERVAL_US) {
		t->emit_pending = false;
		t->last_emit_us = m;
		bus_txn_emit_changed(d, t);
		return;
	}
	t->emit_pending = true;
	/* a one-shot timer, armed only while an emit is pending */
	if (!d->emit_timer)
		sd_event_add_time_relative(d->event, &d->emit_timer, CLOCK_MONOTONIC,
					   EMIT_INTERVAL_US, 10000, on_emit_timer, d);
	else if (sd_event_source_get_enabled(d->emit_timer, NULL) == 0) {
		sd_event_source_set_time_relative(d->emit_timer, EMIT_INTERVAL_US);
		sd_event_source_set_enabled(d->emit_timer, SD_EVENT_ONESHOT);
	}
}

static bool work_left(struct daemon *d)
{
	struct txn *t;

	for (t = d->txns; t; t = t->next)
		if (!mefw_txn_state_final(t->state) && t->state != MEFW_TXN_SCHEDULED &&
		    (!d->run_scheduled || t->at_boot))
			return true;
	return false;
}

void daemon_sync_marker(struct daemon *d)
{
	struct mefw_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	struct txn *t;
	FILE *f;

	f = open_memstream(&text, &len);
	if (!f)
		return;
	for (t = d->txns; t; t = t->next)
		if (t->at_boot && !mefw_txn_state_final(t->state))
			fprintf(f, "%" PRIu64 "\n", t->id);
	fclose(f);
	if (journal_write_marker(&d->journal, len ? text : NULL, &err))
		log_msg(LOG_ERR, "journal: %s", err.msg);
	free(text);
}

static void print_line(struct daemon *d, const struct txn *t)
{
	if (!d->run_scheduled)
		return;
	if (mefw_txn_state_final(t->state))
		printf("transaction %" PRIu64 " on %s: %s%s%.0u: %s\n", t->id, t->device,
		       mefw_txn_state_str(t->state), t->code ? " error " : "", t->code,
		       t->message);
	else if (t->state == MEFW_TXN_TRANSFERRING)
		printf("transaction %" PRIu64 " on %s: transferring %" PRIu64 "%% %" PRIu64
		       "/%" PRIu64 " KiB\n", t->id, t->device,
		       t->image_size ? t->bytes_sent * 100 / t->image_size : 0,
		       t->bytes_sent / 1024, t->image_size / 1024);
	else if (t->state == MEFW_TXN_FINALIZING)
		printf("transaction %" PRIu64 " on %s: finalizing %u%% stage %u/%u\n", t->id,
		       t->device, t->percent, t->stage, t->total_stages);
	else
		printf("transaction %" PRIu64 " on %s: %s\n", t->id, t->device,
		       mefw_txn_state_str(t->state));
	fflush(stdout);
}

/*
 * The final record of @t, then its image copy goes.  When the record
 * cannot be written (a full state directory), the copy is removed first
 * and the record tried again with the space it freed.  If it still fails
 * the record on disk keeps the last state that was written, and the next
 * start decides from there: before END (queued, validating, transferring)
 * nothing reached the ME or the kernel cancelled it, and without the image
 * copy nothing runs again; from finalizing on, recovery reads the device.
 */
static void journal_ended(struct daemon *d, struct txn *t)
{
	if (!daemon_journal(d, t)) {
		journal_image_remove(&d->journal, t->id);
		return;
	}
	journal_image_remove(&d->journal, t->id);
	if (!daemon_journal(d, t)) {
		log_msg(LOG_NOTICE, "journal: transaction %" PRIu64
			": final record written after removing its image copy", t->id);
		return;
	}
	log_msg(LOG_ERR, "journal: transaction %" PRIu64 " ended %s, but %s holds an older record;"
		" the next start decides from that record and the device", t->id,
		mefw_txn_state_str(t->state), d->state_dir);
}

void daemon_txn_ended(struct daemon *d, struct txn *t)
{
	struct dev *v;

	if (!t->finished)
		t->finished = mefw_real_us();
	if (t->state == MEFW_TXN_SUCCEEDED || t->state == MEFW_TXN_NEEDS_REBOOT)
		t->percent = 100;
	t->speed_bps = 0;
	t->eta_seconds = -1;
	journal_ended(d, t);
	if (t->at_boot)
		daemon_sync_marker(d);
	free(t->img);
	t->img = NULL;
	log_txn_ended(t);
	print_line(d, t);
	if (t->state == MEFW_TXN_FAILED && d->run_scheduled)
		d->exit_code = 1;
	if (t->state == MEFW_TXN_CANCELLED && d->run_scheduled && !d->exit_code)
		d->exit_code = 1;
	daemon_txn_changed(d, t, true);
	bus_txn_emit_ended(d, t);
	v = dev_find(d, t->device);
	if (v && !d->exiting)
		dev_refresh(d, v);
	daemon_update_status(d);
	daemon_kick(d);
	if (d->run_scheduled && !work_left(d))
		sd_event_exit(d->event, d->exit_code);
}

/*
 * The worker asks to enter @s: the record goes to disk first.  When it
 * cannot, @t keeps the state that is on disk and the worker is told to
 * stop (the device never sees @s).  True when @t is in @s.
 */
static bool enter_state(struct daemon *d, struct txn *t, enum mefw_txn_state s)
{
	struct mefw_error err = { 0 };
	enum mefw_txn_state old = t->state;
	uint64_t started = t->started;
	char why[MEFW_TXN_MSG_MAX];

	t->state = s;
	if (s == MEFW_TXN_TRANSFERRING)
		t->started = mefw_real_us();
	if (journal_write(&d->journal, t, &err)) {
		t->state = old;
		t->started = started;
		snprintf(why, sizeof(why), "cannot record the state %s in the journal in %.64s: %.120s",
			 mefw_txn_state_str(s), d->state_dir, err.msg);
		log_msg(LOG_ERR, "transaction %" PRIu64 ": %s", t->id, why);
		worker_ack(t->worker, s, why);
		return false;
	}
	worker_ack(t->worker, s, NULL);
	if (s == MEFW_TXN_TRANSFERRING)
		log_txn_started(t);
	return true;
}

static void apply_snapshot(struct daemon *d, struct txn *t)
{
	struct worker *w = t->worker;
	struct mefw_txn s;
	bool finished = worker_take(w, &s);
	unsigned int old_pct = t->percent;
	uint64_t old_sent = t->bytes_sent;

	if (s.previous_version[0])
		snprintf(t->previous_version, sizeof(t->previous_version), "%s",
			 s.previous_version);
	t->bytes_sent = s.bytes_sent;
	t->percent = s.percent;
	t->stage = s.stage;
	t->total_stages = s.total_stages;
	t->speed_bps = s.speed_bps;
	t->eta_seconds = s.eta_seconds;
	if (s.state != t->state && mefw_txn_state_active(s.state)) {
		if (enter_state(d, t, s.state)) {
			print_line(d, t);
			daemon_txn_changed(d, t, true);
			bus_device_emit_changed(d, dev_find(d, t->device));
			daemon_update_status(d);
		}
	} else if (!finished) {
		if (d->run_scheduled && (t->percent / 10 != old_pct / 10 ||
		    (t->image_size && t->bytes_sent * 10 / t->image_size !=
		     old_sent * 10 / t->image_size)))
			print_line(d, t);
		daemon_txn_changed(d, t, false);
		if (t->percent != old_pct || t->bytes_sent != old_sent)
			daemon_update_status(d);
	}
	if (!finished)
		return;
	worker_free(w);
	t->worker = NULL;
	d->workers--;
	if (!mefw_txn_state_final(s.state))
		return;	/* mefwd stops while the ME finalizes: recovery decides */
	t->state = s.state;
	t->code = s.code;
	t->fw_status = s.fw_status;
	t->reset_type = s.reset_type;
	if (s.new_version[0])
		snprintf(t->new_version, sizeof(t->new_version), "%s", s.new_version);
	if (s.message[0] || !t->message[0])
		snprintf(t->message, sizeof(t->message), "%s",
			 s.message[0] ? s.message : "cancelled");
	t->finished = mefw_real_us();
	bus_device_emit_changed(d, dev_find(d, t->device));
	daemon_txn_ended(d, t);
}

static void on_worker_update(void *ctx)
{
	struct txn *t = ctx;

	if (t->worker)
		apply_snapshot(t->owner, t);
}

static int start(struct daemon *d, struct txn *t)
{
	struct worker *w = worker_new();
	int r;

	if (!w)
		return -ENOMEM;
	snprintf(w->root, sizeof(w->root), "%s", d->sysroot);
	snprintf(w->device, sizeof(w->device), "%s", t->device);
	w->imgdirfd = d->journal.imgfd;
	w->id = t->id;
	snprintf(w->sha256, sizeof(w->sha256), "%s", t->image_sha256);
	w->img = t->img;
	w->trust_test_key = d->trust_test_key;
	w->verify = &d->verify;
	w->allow_same_version = t->allow_same_version;
	w->async = &d->async;
	w->on_update = on_worker_update;
	/* offline at boot the ME may come up late */
	w->open_wait_ms = d->run_scheduled ? 60000 : 15000;
	w->ctx = t;
	t->owner = d;
	r = worker_start(w);
	if (r) {
		worker_free(w);
		return r;
	}
	t->worker = w;
	d->workers++;
	return 0;
}

void daemon_kick(struct daemon *d)
{
	struct txn *t, *n;

	if (d->exiting)
		return;
	for (t = d->txns; t; t = t->next) {
		struct dev *v;
		int r;

		if (t->state != MEFW_TXN_QUEUED || t->worker)
			continue;
		/* offline: only the at-boot updates */
		if (d->run_scheduled && !t->at_boot)
			continue;
		n = txn_next_for_device(d->txns, t->device);
		if (n != t)
			continue;
		v = dev_find(d, t->device);
		/* wait for the device to (re)appear, except offline */
		if (!d->run_scheduled && (!v || !v->present))
			continue;
		r = start(d, t);
		if (r < 0) {
			txn_end(t, MEFW_TXN_FAILED, 0, "cannot start the worker: %s", strerror(-r));
			daemon_txn_ended(d, t);
			return;	/* daemon_txn_ended() kicked again */
		}
		/* t->worker now makes t the device's owner (txn_running) */
	}
}

int daemon_cancel(struct daemon *d, struct txn *t, const char *why)
{
	if (mefw_txn_state_final(t->state))
		return -EALREADY;
	/* recovery follows a transaction that was finalizing: the ME decides */
	if (!t->worker && mefw_txn_state_active(t->state))
		return -EBUSY;
	if (!t->worker) {
		txn_end(t, MEFW_TXN_CANCELLED, 0, "%s", why);
		daemon_txn_ended(d, t);
		return 0;
	}
	if (!worker_cancel(t->worker, false))
		return -EBUSY;
	snprintf(t->message, sizeof(t->message), "%s", why);
	return 0;
}

void daemon_stop(struct daemon *d)
{
	struct txn *t;

	d->exiting = true;
	for (t = d->txns; t; t = t->next) {
		if (!t->worker)
			continue;
		if (worker_cancel(t->worker, true))
			snprintf(t->message, sizeof(t->message), "mefwd stopped");
		/* join: at most one chunk, or one poll() while finalizing */
		worker_join(t->worker);
	}
	for (t = d->txns; t; t = t->next)
		if (t->worker)
			apply_snapshot(d, t);
}
