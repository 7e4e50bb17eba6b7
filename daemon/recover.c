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
 *                       and finishes on its own: compare versions
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mefw_update.h"
#include "recover.h"

bool recover_needs_device(const struct txn *t)
{
	return t->state == TXN_TRANSFERRING || t->state == TXN_FINALIZING;
}

static void set(struct recover_result *res, enum txn_state s,
		const char *verdict, const char *msg)
{
	res->changed = true;
	res->state = s;
	snprintf(res->verdict, sizeof(res->verdict), "%s", verdict);
	snprintf(res->message, sizeof(res->message), "%s", msg);
}

void recover_verdict(const struct txn *t, bool image_ok,
		     const struct recover_obs *obs, struct recover_result *res)
{
	char m[TXN_MSG_MAX];

	memset(res, 0, sizeof(*res));
	res->state = t->state;
	switch (t->state) {
	case TXN_SCHEDULED:
	case TXN_QUEUED:
	case TXN_VALIDATING:
		if (!image_ok) {
			set(res, TXN_FAILED, "failed",
			    "image copy lost: the sealed copy of the image is missing or damaged");
			return;
		}
		if (t->state == TXN_VALIDATING)
			set(res, t->at_boot ? TXN_SCHEDULED : TXN_QUEUED, "", "");
		return;
	case TXN_TRANSFERRING:
		if (!obs->version_known) {
			snprintf(m, sizeof(m),
				 "interrupted: mefwd stopped during the transfer; the device could not be read: %.150s",
				 obs->why);
			set(res, TXN_FAILED, "unknown", m);
		} else if (t->image_version[0] && !t->allow_same_version &&
			   !strcmp(obs->version, t->image_version)) {
			snprintf(m, sizeof(m),
				 "completed: the ME runs the image's version %s",
				 obs->version);
			set(res, TXN_SUCCEEDED, "completed", m);
			snprintf(res->new_version, sizeof(res->new_version), "%s",
				 obs->version);
		} else {
			snprintf(m, sizeof(m),
				 "interrupted: mefwd stopped during the transfer; firmware unchanged (%s)",
				 obs->version);
			set(res, TXN_FAILED, "failed", m);
		}
		return;
	case TXN_FINALIZING:
		if (obs->updating) {
			set(res, TXN_FAILED, "unknown",
			    "interrupted: mefwd stopped while the ME was writing its flash, and the ME still reports an update in progress");
		} else if (!obs->version_known) {
			snprintf(m, sizeof(m),
				 "interrupted: mefwd stopped while the ME was finalizing; the device could not be read: %.150s",
				 obs->why);
			set(res, TXN_FAILED, "unknown", m);
		} else if (t->image_version[0] &&
			   !strcmp(obs->version, t->image_version) &&
			   strcmp(obs->version, t->previous_version)) {
			snprintf(m, sizeof(m),
				 "completed: the ME finished the update while mefwd was stopped and runs %s",
				 obs->version);
			set(res, TXN_SUCCEEDED, "completed", m);
			snprintf(res->new_version, sizeof(res->new_version), "%s",
				 obs->version);
		} else if (t->previous_version[0] &&
			   !strcmp(obs->version, t->previous_version)) {
			if (t->reset_type == MEFW_RESET_HOST ||
			    t->reset_type == MEFW_RESET_GLOBAL ||
			    t->allow_same_version) {
				snprintf(m, sizeof(m),
					 "interrupted while the ME was finalizing; it runs %s, which the update may only replace after a reboot",
					 obs->version);
				set(res, TXN_FAILED, "unknown", m);
			} else {
				snprintf(m, sizeof(m),
					 "interrupted: mefwd stopped while the ME was finalizing; firmware unchanged (%s)",
					 obs->version);
				set(res, TXN_FAILED, "failed", m);
			}
		} else {
			snprintf(m, sizeof(m),
				 "interrupted while the ME was finalizing; it runs %s, neither the previous version (%s) nor the image's (%s)",
				 obs->version, t->previous_version[0] ? t->previous_version : "unknown",
				 t->image_version[0] ? t->image_version : "unknown");
			set(res, TXN_FAILED, "unknown", m);
		}
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
	if (txn_state_final(res->state)) {
		t->finished = txn_now_us();
		if (res->state == TXN_SUCCEEDED)
			t->percent = 100;
	} else {
		/* back in the queue: progress starts again */
		t->bytes_sent = 0;
		t->percent = 0;
		t->stage = t->total_stages = 0;
		t->started = 0;
	}
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void recover_observe(const char *root, const char *name, bool finalizing,
		     const char *want, unsigned int wait_ms, struct recover_obs *obs)
{
	uint64_t deadline = mono_ms() + wait_ms;
	struct mefw_error err = { 0 };
	struct mefw_dev_entry dev;
	struct mefw_report *r;

	memset(obs, 0, sizeof(*obs));
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(obs->why, sizeof(obs->why), "out of memory");
		return;
	}
	for (;;) {
		struct mefw_device_ident id;

		err.msg[0] = '\0';
		/* the ME's own answer only: sysfs fw_ver is stale until a reset */
		if (!mefw_device_resolve(root, name, &dev, &err) &&
		    !mefw_report_from_device(root, &dev, r, &err)) {
			obs->updating = mefw_status_update_percent(r->hfsts, r->nregs) >= 0;
			if (!r->have_identity || !(r->identity.valid & MEFW_ID_VERSION)) {
				mefw_error_set(&err, -ENODATA, "%s does not answer GET_VERSION", name);
			} else if (!(finalizing && obs->updating) &&
				   !mefw_device_ident_from_report(r, &id, &err)) {
				snprintf(obs->version, sizeof(obs->version), "%u.%u.%u.%u",
					 id.major, id.minor, id.hotfix, id.build);
				obs->version_known = true;
				/*
				 * Finalizing: the new version becomes active with the
				 * ME's reset after the last stage; wait for it (bounded).
				 */
				if (!finalizing || !want || !strcmp(obs->version, want))
					break;
			}
		}
		if (mono_ms() >= deadline)
			break;
		usleep(200 * 1000);
	}
	if (!obs->version_known)
		snprintf(obs->why, sizeof(obs->why), "%s",
			 obs->updating ? "the ME still reports an update in progress" :
			 err.msg[0] ? err.msg : "no answer");
	else
		obs->updating = false;
	free(r);
}
