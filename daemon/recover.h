/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crash recovery: what to make of a transaction the journal shows as not
 * ended when mefwd starts.  recover_verdict() is a pure function of the
 * record and what was observed (unit-tested); recover_observe() does the
 * observing.
 */
#ifndef MEFWD_RECOVER_H
#define MEFWD_RECOVER_H

#include <stdbool.h>

#include "txn.h"

/**
 * struct recover_obs - what the device looks like now
 * @version_known: @version holds the running firmware version
 * @version: "9.0.20.1447"
 * @updating: the ME still reports an update in progress (after the wait)
 * @why: when the version is not known: why (one line)
 */
struct recover_obs {
	bool version_known;
	char version[TXN_VERSION_MAX];
	bool updating;
	char why[160];
};

/**
 * struct recover_result - the verdict for one record
 * @changed: the record must be rewritten (the fields below apply)
 * @state: new state (queued or scheduled to run again, or final)
 * @verdict: "completed", "failed", "unknown" or ""
 * @message: one line ("" = keep the old one)
 * @new_version: running version after a completed update, else ""
 */
struct recover_result {
	bool changed;
	enum txn_state state;
	char verdict[16];
	char message[TXN_MSG_MAX];
	char new_version[TXN_VERSION_MAX];
};

/* does the state of @t need a look at the device (transferring, finalizing)? */
bool recover_needs_device(const struct txn *t);

/*
 * Decide.  @image_ok: the image copy exists and its SHA-256 matches the
 * record (only used for scheduled/queued/validating); @obs: only used
 * when recover_needs_device().
 */
void recover_verdict(const struct txn *t, bool image_ok,
		     const struct recover_obs *obs, struct recover_result *res);

/* apply @res to @t (sets Finished on a final state) */
void recover_apply(struct txn *t, const struct recover_result *res);

/*
 * Look at device @name under @root (""): wait up to @wait_ms for it to
 * appear and, when @finalizing, for the ME to stop reporting an update in
 * progress and to run @want (the image's version; it becomes active with
 * the ME's reset); then read the running version from the ME.  Blocks;
 * never fails (what could not be read goes to @obs->why).
 */
void recover_observe(const char *root, const char *name, bool finalizing,
		     const char *want, unsigned int wait_ms, struct recover_obs *obs);

#endif /* MEFWD_RECOVER_H */
