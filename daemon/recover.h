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
 * @updating: the ME (HFSTS) or mefw.ko still reports an update in
 *	progress (after the wait)
 * @kernel: mefw.ko's update_state of the device: MEFW_TXN_TRANSFERRING or
 *	MEFW_TXN_FINALIZING while its transaction runs, its final state after;
 *	MEFW_TXN_STATE_COUNT when unknown (not read, idle, no mefw.ko)
 * @stopped: the wait was ended by the caller's @stop (mefwd exits):
 *	nothing to decide
 * @why: when the version is not known: why (one line)
 */
struct recover_obs {
	bool version_known;
	char version[MEFW_TXN_VERSION_MAX];
	bool updating;
	enum mefw_txn_state kernel;
	bool stopped;
	char why[160];
};

/**
 * struct recover_wait - how long recover_observe() waits
 * @quiet_ms: give up this long after the last sign of an update in
 *	progress (or after the start)
 * @max_ms: never wait longer than this
 * @stop: asked between looks (may be NULL); true ends the wait
 * @arg: for @stop
 */
struct recover_wait {
	unsigned int quiet_ms;
	unsigned int max_ms;
	bool (*stop)(void *arg);
	void *arg;
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
	enum mefw_txn_state state;
	char verdict[16];
	char message[MEFW_TXN_MSG_MAX];
	char new_version[MEFW_TXN_VERSION_MAX];
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
 * mefw.ko's update_state of device @name under @root ("") as a state:
 * preparing and transferring -> MEFW_TXN_TRANSFERRING, finalizing, the final
 * states by name; MEFW_TXN_STATE_COUNT for idle, unreadable or unknown.
 */
enum mefw_txn_state recover_kernel_state(const char *root, const char *name);

/*
 * How long to follow a finalizing transaction: mefw.ko's own limit from
 * END to a final state (parameter total_ms, 300 s by default) plus a
 * margin for the ME's reset.
 */
unsigned int recover_follow_ms(const char *root);

/*
 * Look at device @name under @root (""): wait for it to appear and, when
 * @finalizing, for mefw.ko and the ME to stop reporting an update in
 * progress and for the ME to run @want (the image's version; it becomes
 * active with the ME's reset) unless mefw.ko says the update ended
 * otherwise; then read the running version from the ME.  While mefw.ko
 * reports its transaction running the ME is not asked anything.  Bounds
 * in @w.  Blocks; never fails (what could not be read goes to @obs->why).
 */
void recover_observe(const char *root, const char *name, bool finalizing,
		     const char *want, const struct recover_wait *w,
		     struct recover_obs *obs);

#endif /* MEFWD_RECOVER_H */
