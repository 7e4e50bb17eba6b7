// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl: progress bar, plain progress lines and result lines of an
 * update transaction (pure formatting, see progress.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "mefw_dbus.h"
#include "mefw_errors.h"
#include "progress.h"

/* append to @buf (size @len) at *@pos, keeping it terminated */
static void put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!len || *pos >= len - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	*pos += (size_t)n;
	if (*pos > len - 1)
		*pos = len - 1;
}

static bool is(const struct mefw_txn *t, const char *state)
{
	return !strcmp(mefw_txn_state_str(t->state), state);
}

int mefwctl_progress_percent(const struct mefw_txn *t)
{
	unsigned long long p;

	if (is(t, MEFW_TS_TRANSFERRING)) {
		if (!t->image_size)
			return 0;
		p = t->bytes_sent >= t->image_size ? 100 :
		    t->bytes_sent * 100ULL / t->image_size;
		return (int)p;
	}
	if (is(t, MEFW_TS_FINALIZING) || mefwctl_txn_final(t))
		return t->percent > 100 ? 100 : (int)t->percent;
	return -1;
}

void mefwctl_fmt_duration(long long secs, char *buf, size_t len)
{
	if (secs < 0)
		snprintf(buf, len, "?");
	else if (secs >= 3600)
		snprintf(buf, len, "%lld:%02lld:%02lld", secs / 3600,
			 secs / 60 % 60, secs % 60);
	else
		snprintf(buf, len, "%lld:%02lld", secs / 60, secs % 60);
}

void mefwctl_fmt_speed(unsigned long long bps, char *buf, size_t len)
{
	if (bps >= 1024ULL * 1024)
		snprintf(buf, len, "%.1f MiB/s", (double)bps / (1024.0 * 1024));
	else if (bps >= 1024)
		snprintf(buf, len, "%llu KiB/s", bps / 1024);
	else
		snprintf(buf, len, "%llu B/s", bps);
}

/* "700/1536 KiB" */
static void put_bytes(char *buf, size_t len, size_t *pos,
		      const struct mefw_txn *t)
{
	put(buf, len, pos, " %llu/%llu KiB",
	    (unsigned long long)(t->bytes_sent / 1024),
	    (unsigned long long)((t->image_size + 1023) / 1024));
}

static void put_stage(char *buf, size_t len, size_t *pos,
		      const struct mefw_txn *t)
{
	if (t->total_stages)
		put(buf, len, pos, " stage %u/%u", t->stage, t->total_stages);
}

void mefwctl_progress_bar(const struct mefw_txn *t, char *buf, size_t len)
{
	int pct = mefwctl_progress_percent(t), i, fill;
	size_t pos = 0;
	char tmp[32];

	if (len)
		buf[0] = 0;
	if (pct < 0) {
		if (is(t, MEFW_TS_QUEUED))
			put(buf, len, &pos, "queued: waiting for %s", t->device);
		else if (is(t, MEFW_TS_VALIDATING))
			put(buf, len, &pos, "validating the image against %s",
			    t->device);
		else if (is(t, MEFW_TS_SCHEDULED))
			put(buf, len, &pos, "scheduled for the next boot");
		else
			put(buf, len, &pos, "%s", mefw_txn_state_str(t->state));
		return;
	}
	put(buf, len, &pos, "%-12s [", mefw_txn_state_str(t->state));
	fill = pct * MEFWCTL_BAR_WIDTH / 100;
	for (i = 0; i < MEFWCTL_BAR_WIDTH; i++)
		put(buf, len, &pos, "%c", i < fill ? '#' : ' ');
	put(buf, len, &pos, "] %3d%%", pct);
	if (is(t, MEFW_TS_TRANSFERRING)) {
		put_bytes(buf, len, &pos, t);
		if (t->speed_bps) {
			mefwctl_fmt_speed(t->speed_bps, tmp, sizeof(tmp));
			put(buf, len, &pos, " %s", tmp);
		}
	} else {
		put_stage(buf, len, &pos, t);
	}
	/* 0 says "about done": nothing worth a column */
	if (t->eta_seconds > 0 && !mefwctl_txn_final(t)) {
		mefwctl_fmt_duration(t->eta_seconds, tmp, sizeof(tmp));
		put(buf, len, &pos, " ETA %s", tmp);
	}
}

void mefwctl_progress_plain(const struct mefw_txn *t, char *buf,
			    size_t len)
{
	int pct = mefwctl_progress_percent(t);
	size_t pos = 0;

	if (len)
		buf[0] = 0;
	put(buf, len, &pos, "%s", mefw_txn_state_str(t->state));
	if (pct < 0)
		return;
	put(buf, len, &pos, " %d%%", pct);
	if (is(t, MEFW_TS_TRANSFERRING))
		put_bytes(buf, len, &pos, t);
	else
		put_stage(buf, len, &pos, t);
}

bool mefwctl_progress_due(struct mefwctl_progress_tracker *tr,
			  const struct mefw_txn *t)
{
	int pct = mefwctl_progress_percent(t);
	int step = pct < 0 ? -1 : pct / 10;

	if (mefwctl_txn_final(t))
		return false;
	if (!strcmp(tr->state, mefw_txn_state_str(t->state)) && step <= tr->step)
		return false;
	snprintf(tr->state, sizeof(tr->state), "%s", mefw_txn_state_str(t->state));
	tr->step = step;
	return true;
}

static const char *reset_name(unsigned int type)
{
	switch (type) {
	case 1:
		return "a host reset";
	case 2:
		return "an ME reset";
	case 3:
		return "a global reset";
	default:
		return "a reboot";
	}
}

void mefwctl_progress_result(const struct mefw_txn *t, char *buf,
			     size_t len)
{
	const char *newv = t->new_version[0] ? t->new_version :
			   t->image_version[0] ? t->image_version : "?";
	const char *msg = t->message[0] ? t->message :
			  t->code ? mefw_err_message(t->code) : "no reason given";
	struct mefw_explanation e;
	size_t pos = 0;

	if (len)
		buf[0] = 0;
	if (is(t, MEFW_TS_SUCCEEDED)) {
		put(buf, len, &pos, "Transaction %llu succeeded: %s now runs %s",
		    (unsigned long long)t->id, t->device, newv);
		if (t->previous_version[0])
			put(buf, len, &pos, " (was %s)", t->previous_version);
		put(buf, len, &pos, "\n");
	} else if (is(t, MEFW_TS_NEEDS_REBOOT)) {
		put(buf, len, &pos,
		    "Transaction %llu succeeded: %s was written to %s and runs after %s\n",
		    (unsigned long long)t->id, newv, t->device,
		    reset_name(t->reset_type));
		put(buf, len, &pos,
		    "Note: reboot the machine to activate the new firmware.\n");
	} else if (is(t, MEFW_TS_FAILED)) {
		put(buf, len, &pos, "Transaction %llu failed on %s",
		    (unsigned long long)t->id, t->device);
		/* where FWUpdLcl would say "21% (Stage: 4 of 19)" */
		if (t->total_stages)
			put(buf, len, &pos, " at %u%%, stage %u of %u", t->percent,
			    t->stage, t->total_stages);
		put(buf, len, &pos, ": %s\n", msg);
		if (t->fw_status && t->code != MEFW_ERR_FW)
			put(buf, len, &pos, "Error %u: %s\n", MEFW_ERR_FW,
			    mefw_err_message(MEFW_ERR_FW));
		if (t->code) {
			put(buf, len, &pos, "Error %u: %s\n", t->code,
			    mefw_err_message(t->code));
			if (!mefw_explain(t->code, &e))
				put(buf, len, &pos,
				    "Run 'mefwctl explain %u' for causes and remedies.\n",
				    t->code);
		}
	} else if (is(t, MEFW_TS_CANCELLED)) {
		put(buf, len, &pos, "Transaction %llu cancelled on %s: %s\n",
		    (unsigned long long)t->id, t->device,
		    t->message[0] ? t->message : "cancelled");
	} else {
		put(buf, len, &pos, "Transaction %llu is %s on %s\n",
		    (unsigned long long)t->id, mefw_txn_state_str(t->state), t->device);
	}
	if (t->verdict[0])
		put(buf, len, &pos,
		    "Note: mefwd restarted during this transaction; recovery verdict: %s\n",
		    t->verdict);
}
