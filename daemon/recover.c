// SPDX-License-Identifier: GPL-2.0
/*
 * Crash recovery verdicts (see recover.h).  The journal always records a
 * state before the device is asked to enter it (the worker waits for the
 * record), so:
 *   scheduled, queued   nothing was sent: run again (if the image copy
 *                       is intact)
 *   validating          nothing was sent: queue again (at-boot ones:
 *                       scheduled again, they only run offline)
 *   transferring        BEGIN/DATA may have been sent; closing the device
 *                       file (mefwd died) cancelled the transaction in the
 *                       kernel: the firmware cannot have changed
 *   finalizing          END may have been sent; the ME cannot be stopped
 *                       and finishes on its own, mefw.ko follows it for
 *                       up to its total_ms after mefwd's file closed:
 *                       follow mefw.ko's update_state, then compare
 *                       versions (mefw.ko's final state decides when the
 *                       versions cannot: needs-reboot, failed)
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mefw_clock.h"
#include "mefw_ident.h"
#include "recover.h"

bool recover_needs_device(const struct txn *t)
{
	return t->state == MEFW_TXN_TRANSFERRING || t->state == MEFW_TXN_FINALIZING;
}

static void set(struct recover_result *res, enum mefw_txn_state s,
		const char *verdict, const char *msg)
{
	res->changed = true;
	res->state = s;
	snprintf(res->verdict, sizeof(res->verdict), "%s", verdict);
	snprintf(res->message, sizeof(res->message), "%s", msg);
}

static void verdict_transferring(const struct txn *t, const struct recover_obs *obs,
				 struct recover_result *res)
{
	char m[MEFW_TXN_MSG_MAX];

	if (!obs->version_known) {
		snprintf(m, sizeof(m),
			 "interrupted: mefwd stopped during the transfer; the device could not be read: %.150s",
			 obs->why);
		set(res, MEFW_TXN_FAILED, "unknown", m);
	} else if (t->image_version[0] && !t->allow_same_version &&
		   !strcmp(obs->version, t->image_version)) {
		snprintf(m, sizeof(m), "completed: the ME runs the image's version %s",
			 obs->version);
		set(res, MEFW_TXN_SUCCEEDED, "completed", m);
		snprintf(res->new_version, sizeof(res->new_version), "%s", obs->version);
	} else {
		snprintf(m, sizeof(m),
			 "interrupted: mefwd stopped during the transfer; firmware unchanged (%s)",
			 obs->version);
		set(res, MEFW_TXN_FAILED, "failed", m);
	}
}

/* finalizing, and mefw.ko knows how its transaction ended: true when decided */
static bool verdict_kernel(const struct recover_obs *obs, struct recover_result *res)
{
	char m[MEFW_TXN_MSG_MAX];

	switch (obs->kernel) {
	case MEFW_TXN_NEEDS_REBOOT:
		set(res, MEFW_TXN_NEEDS_REBOOT, "completed",
		    "completed while mefwd was stopped: mefw.ko reports the firmware written; it becomes active after a reset");
		return true;
	case MEFW_TXN_SUCCEEDED:
		if (obs->version_known)
			return false;	/* the versions tell which firmware runs */
		snprintf(m, sizeof(m),
			 "completed: mefw.ko reports the update succeeded while mefwd was stopped; the running version could not be read: %.100s",
			 obs->why);
		set(res, MEFW_TXN_SUCCEEDED, "completed", m);
		return true;
	case MEFW_TXN_FAILED:
	case MEFW_TXN_CANCELLED:
		if (obs->version_known)
			snprintf(m, sizeof(m),
				 "interrupted: the ME's update ended %s while mefwd was stopped (mefw.ko); it runs %s",
				 mefw_txn_state_str(obs->kernel), obs->version);
		else
			snprintf(m, sizeof(m),
				 "interrupted: the ME's update ended %s while mefwd was stopped (mefw.ko); the device could not be read: %.100s",
				 mefw_txn_state_str(obs->kernel), obs->why);
		set(res, MEFW_TXN_FAILED, "failed", m);
		return true;
	default:
		return false;
	}
}

static void verdict_finalizing(const struct txn *t, const struct recover_obs *obs,
			       struct recover_result *res)
{
	char m[MEFW_TXN_MSG_MAX];

	if (obs->updating) {
		snprintf(m, sizeof(m),
			 "interrupted: mefwd stopped while the ME was writing its flash, and %.150s",
			 obs->why[0] ? obs->why : "the ME still reports an update in progress");
		set(res, MEFW_TXN_FAILED, "unknown", m);
	} else if (obs->version_known && t->image_version[0] &&
		   !strcmp(obs->version, t->image_version) &&
		   strcmp(obs->version, t->previous_version)) {
		snprintf(m, sizeof(m),
			 "completed: the ME finished the update while mefwd was stopped and runs %s",
			 obs->version);
		set(res, MEFW_TXN_SUCCEEDED, "completed", m);
		snprintf(res->new_version, sizeof(res->new_version), "%s", obs->version);
	} else if (verdict_kernel(obs, res)) {
		return;
	} else if (!obs->version_known) {
		snprintf(m, sizeof(m),
			 "interrupted: mefwd stopped while the ME was finalizing; the device could not be read: %.150s",
			 obs->why);
		set(res, MEFW_TXN_FAILED, "unknown", m);
	} else if (t->previous_version[0] && !strcmp(obs->version, t->previous_version)) {
		if (t->reset_type == MEFW_RESET_HOST || t->reset_type == MEFW_RESET_GLOBAL ||
		    t->allow_same_version) {
			snprintf(m, sizeof(m),
				 "interrupted while the ME was finalizing; it runs %s, which the update may only replace after a reboot",
				 obs->version);
			set(res, MEFW_TXN_FAILED, "unknown", m);
		} else {
			snprintf(m, sizeof(m),
				 "interrupted: mefwd stopped while the ME was finalizing; firmware unchanged (%s)",
				 obs->version);
			set(res, MEFW_TXN_FAILED, "failed", m);
		}
	} else {
		snprintf(m, sizeof(m),
			 "interrupted while the ME was finalizing; it runs %s, neither the previous version (%s) nor the image's (%s)",
			 obs->version, t->previous_version[0] ? t->previous_version : "unknown",
			 t->image_version[0] ? t->image_version : "unknown");
		set(res, MEFW_TXN_FAILED, "unknown", m);
	}
}

void recover_verdict(const struct txn *t, bool image_ok,
		     const struct recover_obs *obs, struct recover_result *res)
{
	memset(res, 0, sizeof(*res));
	res->state = t->state;
	switch (t->state) {
	case MEFW_TXN_SCHEDULED:
	case MEFW_TXN_QUEUED:
	case MEFW_TXN_VALIDATING:
		if (!image_ok) {
			set(res, MEFW_TXN_FAILED, "failed",
			    "image copy lost: the sealed copy of the image is missing or damaged");
			return;
		}
		if (t->state == MEFW_TXN_VALIDATING)
			set(res, t->at_boot ? MEFW_TXN_SCHEDULED : MEFW_TXN_QUEUED, "", "");
		return;
	case MEFW_TXN_TRANSFERRING:
		verdict_transferring(t, obs, res);
		return;
	case MEFW_TXN_FINALIZING:
		verdict_finalizing(t, obs, res);
		return;
	default:
		return;	/* already final */
	}
}

void recover_apply(struct txn *t, const struct recover_result *res)
{
	if (!res->changed)
		return;
	t->state = res->state;
	snprintf(t->verdict, sizeof(t->verdict), "%s", res->verdict);
	if (res->message[0])
		snprintf(t->message, sizeof(t->message), "%s", res->message);
	if (res->new_version[0])
		snprintf(t->new_version, sizeof(t->new_version), "%s", res->new_version);
	t->speed_bps = 0;
	t->eta_seconds = -1;
	if (mefw_txn_state_final(res->state)) {
		t->finished = mefw_real_us();
		if (res->state == MEFW_TXN_SUCCEEDED)
			t->percent = 100;
	} else {
		/* back in the queue: progress starts again */
		t->bytes_sent = 0;
		t->percent = 0;
		t->stage = t->total_stages = 0;
		t->started = 0;
	}
}

/* the first line of @root@rel (a sysfs attribute) into @buf; -errno */
static int read_line(const char *root, const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s%s", root, rel) >= sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

enum mefw_txn_state recover_kernel_state(const char *root, const char *name)
{
	char rel[96], s[32];
	enum mefw_txn_state st;

	snprintf(rel, sizeof(rel), "/sys/class/mefw/%s/update_state", name);
	if (strchr(name, '/') || read_line(root, rel, s, sizeof(s)))
		return MEFW_TXN_STATE_COUNT;
	if (!strcmp(s, "preparing") || !strcmp(s, "transferring"))
		return MEFW_TXN_TRANSFERRING;
	if (mefw_txn_state_parse(s, &st) || (st != MEFW_TXN_FINALIZING && !mefw_txn_state_final(st)))
		return MEFW_TXN_STATE_COUNT;
	return st;
}

#define FOLLOW_DEFAULT_MS 300000u	/* mefw.ko's total_ms default */
#define FOLLOW_MAX_MS 3600000u		/* and its largest value */
#define FOLLOW_MARGIN_MS 30000u		/* the ME's reset, the device coming back */

unsigned int recover_follow_ms(const char *root)
{
	unsigned long v = 0;
	char s[32], *end;

	if (!read_line(root, "/sys/module/mefw/parameters/total_ms", s, sizeof(s))) {
		errno = 0;
		v = strtoul(s, &end, 10);
		if (errno || end == s || *end)
			v = 0;
	}
	if (!v)
		v = FOLLOW_DEFAULT_MS;
	if (v > FOLLOW_MAX_MS)
		v = FOLLOW_MAX_MS;
	return (unsigned int)v + FOLLOW_MARGIN_MS;
}

static bool kernel_running(enum mefw_txn_state k)
{
	return k == MEFW_TXN_TRANSFERRING || k == MEFW_TXN_FINALIZING;
}

/* one look at the ME; true when the running version is known */
static bool look(const char *root, const char *name, bool finalizing,
		 struct mefw_report *r, struct recover_obs *obs, struct mefw_error *err)
{
	struct mefw_device_ident id;
	struct mefw_dev_entry dev;

	err->msg[0] = '\0';
	obs->updating = false;
	/* the ME's own answer only: sysfs fw_ver is stale until a reset */
	if (mefw_device_resolve(root, name, &dev, err) ||
	    mefw_report_from_device(root, &dev, r, err))
		return false;
	obs->updating = mefw_status_update_percent(r->hfsts, r->nregs) >= 0;
	if (!r->have_identity || !(r->identity.valid & MEFW_ID_VERSION)) {
		mefw_error_set(err, -ENODATA, "%s does not answer GET_VERSION", name);
		return false;
	}
	if ((finalizing && obs->updating) || mefw_device_ident_from_report(r, &id, err))
		return false;
	snprintf(obs->version, sizeof(obs->version), "%u.%u.%u.%u",
		 id.major, id.minor, id.hotfix, id.build);
	return true;
}

/* seen enough: the version is known and, finalizing, the update is over */
static bool settled(bool finalizing, const char *want, const struct recover_obs *obs)
{
	if (!obs->version_known || obs->updating)
		return false;
	if (!finalizing || !want || !want[0] || !strcmp(obs->version, want))
		return true;
	/* mefw.ko says the new version will not come up (now) */
	return obs->kernel != MEFW_TXN_STATE_COUNT && obs->kernel != MEFW_TXN_SUCCEEDED;
}

static void observe_loop(const char *root, const char *name, bool finalizing,
			 const char *want, const struct recover_wait *w,
			 struct mefw_report *r, struct recover_obs *obs)
{
	uint64_t start = mefw_mono_us() / 1000u, busy = start, now = start;
	struct mefw_error err = { 0 };
	bool active;

	for (;;) {
		if (w->stop && w->stop(w->arg)) {
			obs->stopped = true;
			return;
		}
		obs->kernel = recover_kernel_state(root, name);
		/* while mefw.ko follows its transaction the ME is not asked */
		if (!kernel_running(obs->kernel)) {
			obs->version_known = look(root, name, finalizing, r, obs, &err);
			if (settled(finalizing, want, obs))
				break;
		}
		now = mefw_mono_us() / 1000u;
		active = kernel_running(obs->kernel) || obs->updating;
		if (active)
			busy = now;
		if ((!active && now - busy >= w->quiet_ms) || now - start >= w->max_ms)
			break;
		usleep(200 * 1000);
	}
	if (kernel_running(obs->kernel)) {
		obs->version_known = false;
		obs->updating = true;
		snprintf(obs->why, sizeof(obs->why),
			 "mefw.ko still reports the update %s after %u s",
			 mefw_txn_state_str(obs->kernel), (unsigned int)((now - start) / 1000));
	} else if (!obs->version_known) {
		snprintf(obs->why, sizeof(obs->why), "%s",
			 obs->updating ? "the ME still reports an update in progress" :
			 err.msg[0] ? err.msg : "no answer");
	} else {
		obs->updating = false;
	}
}

void recover_observe(const char *root, const char *name, bool finalizing,
		     const char *want, const struct recover_wait *w,
		     struct recover_obs *obs)
{
	struct mefw_report *r;

	memset(obs, 0, sizeof(*obs));
	obs->kernel = MEFW_TXN_STATE_COUNT;
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(obs->why, sizeof(obs->why), "out of memory");
		return;
	}
	observe_loop(root, name, finalizing, want, w, r, obs);
	free(r);
}
