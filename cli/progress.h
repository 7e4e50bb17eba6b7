/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwctl: the words and bars of an update in progress, and its result.
 * Pure formatting of a transaction snapshot into caller-provided buffers:
 * no I/O, no bus, no clock (unit-tested in tests/unit/test_progress.c).
 */
#ifndef MEFWCTL_PROGRESS_H
#define MEFWCTL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "txn.h"

/* width of the bar between the brackets */
#define MEFWCTL_BAR_WIDTH 24

/*
 * The percent to show for @t: bytes sent / image size while transferring,
 * the ME's own percent while finalizing and at the end, -1 before (queued,
 * validating, scheduled).
 */
int mefwctl_progress_percent(const struct mefw_txn *t);

/*
 * The line redrawn on a terminal (no "\r", no newline), e.g.
 * "transferring [##########              ]  45% 700/1536 KiB 312 KiB/s ETA 0:12"
 * "finalizing   [#####                   ]  21% stage 4/19".
 */
void mefwctl_progress_bar(const struct mefw_txn *t, char *buf, size_t len);

/*
 * One plain line (no newline): "queued", "validating",
 * "transferring 45% 700/1536 KiB", "finalizing 21% stage 4/19".
 */
void mefwctl_progress_plain(const struct mefw_txn *t, char *buf,
			    size_t len);

/**
 * struct mefwctl_progress_tracker - what the last plain line showed
 * @state: its state ("" before the first line)
 * @step: its 10% step (percent / 10, -1 when no percent)
 */
struct mefwctl_progress_tracker {
	char state[32];
	int step;
};

/*
 * Is a plain line due for @t (the state changed, or the percent reached
 * another 10% step)?  Updates @tr when it is.  Final states never are:
 * the result says it.
 */
bool mefwctl_progress_due(struct mefwctl_progress_tracker *tr,
			  const struct mefw_txn *t);

/*
 * The result of a transaction that ended, one or more lines each ending
 * in a newline:
 *   "Transaction 3 succeeded: mefw0 now runs 9.0.31.1487 (was 9.0.20.1447)"
 *   "Transaction 3 needs a reboot: ..." + "Note: ..."
 *   "Transaction 3 failed on mefw0[ at 21%, stage 4 of 19]: MESSAGE"
 *   "Error 8741: FW Update Failed."      (when the firmware returned a status)
 *   "Error 8707: ..."
 *   "Run 'mefwctl explain 8707' for causes and remedies."
 *   "Transaction 3 cancelled on mefw0: MESSAGE"
 * plus "Recovered after a restart of mefwd: verdict V" when Verdict is set.
 * Cut (still terminated) when @len is too small.
 */
void mefwctl_progress_result(const struct mefw_txn *t, char *buf,
			     size_t len);

/* "0:12", "1:02:03"; "?" for a negative value */
void mefwctl_fmt_duration(long long secs, char *buf, size_t len);

/* "312 KiB/s", "1.5 MiB/s", "800 B/s" */
void mefwctl_fmt_speed(unsigned long long bps, char *buf, size_t len);

#endif /* MEFWCTL_PROGRESS_H */
