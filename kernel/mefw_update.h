/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefw - the firmware update transaction, internal interfaces
 *
 * struct mefw_update - one update of one ME.  Refcounted; held by
 *	- the file that began it (until the file closes or begins again),
 *	- the ME registry (struct mefw_me.upd) while it is not final: this is
 *	  how a second opener gets -EBUSY, and how the transaction follows
 *	  the ME across the reset that ends an update (the mei core removes
 *	  the bus devices and adds new ones; the registry entry is keyed by
 *	  the parent device, which stays),
 *	- its work item while queued.
 *	It never holds a mei bus device: only refcounted mefw_client
 *	structures, whose @cldev is gone after remove().
 *
 * Locking: @lock serializes every conversation of the transaction (BEGIN
 * steps, write(), END, cancel, the polling work); @slock protects the
 * progress snapshot and the state, and is the only lock a final
 * transition needs, so that remove() never waits for a conversation.
 * Cancel sets @abort, wakes the conversation and takes @lock only if it
 * is free: the holder of @lock acts on @abort when it lets go of the lock
 * (mefw_update_unlock()), so a cancel never waits for a conversation.
 * A transition to CANCELLED or FAILED before END is made with @lock held,
 * after the firmware's update session was reset (mefw_update_reset_fw()),
 * so that the next transaction finds the firmware clean.  A
 * conversation that finds the state final on return just stops.
 * Order: file lock -> @lock -> mefw_client.io_lock; @slock and
 * mefw_me.lock are leaves (never both held).
 */
#ifndef _MEFW_UPDATE_H
#define _MEFW_UPDATE_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <linux/mefw.h>

#include "mefw_heci.h"

struct mefw_client;
struct mefw_dev;
struct mefw_me;
struct device;

extern unsigned int mefw_poll_ms;
extern unsigned int mefw_stall_ms;
extern unsigned int mefw_total_ms;

/**
 * struct mefw_upd_err - how a step failed
 * @code: FWUpdLcl code (mefw_errors.h), 0 for a cancel
 * @fw_status: the firmware's status, 0 when the host failed
 * @err: negative errno
 */
struct mefw_upd_err {
	unsigned int code;
	u32 fw_status;
	int err;
};

/**
 * struct mefw_update - one update transaction
 * @kref: lifetime
 * @me: the ME (a reference)
 * @mei_dev: the mei class device at BEGIN (a reference): once it is no
 *	longer registered the host is gone, not just resetting
 * @lock: serializes the conversations of the transaction
 * @fwu: FWUpdate client in use (a reference), under @lock; replaced when
 *	the ME comes back after a reset
 * @abort: cancel, close or unload: conversations end with -ECANCELED
 * @fw_session: the firmware may hold an update session for this
 *	transaction (from VERIFY_OEMID to END), under @lock
 * @slock: protects @prog, @seq, @owner_wq and the final transition
 * @prog: the progress snapshot MEFW_IOC_UPDATE_PROGRESS returns
 * @seq: incremented on every change of @prog
 * @owner_wq: wait queue of the owning file, NULL once it closed
 * @begin: the arguments of MEFW_IOC_UPDATE_BEGIN
 * @old_version: the code version before the update
 * @chunk: payload bytes per DATA message (MTU - 12)
 * @written: image bytes taken from write(), under @lock
 * @fill: bytes waiting in @msg, under @lock
 * @msg: DATA message being filled, @chunk + header bytes
 * @work: polls the progress after END
 * @end_time: jiffies of END
 * @last_change: jiffies when the percent last moved
 * @last_readable: jiffies when progress was last readable
 * @done: the ME said the update is done (update status 0)
 * @resets: how many times the FWUpdate client came back since END
 * @fwu_gen: generation of the FWUpdate client last seen
 * @asked_gen: generation of the client last asked for its version
 * @done_gen: generation of the client when the ME first said done
 * @done_after_reset: the ME had reset before it first said done
 */
struct mefw_update {
	struct kref kref;
	struct mefw_me *me;
	struct device *mei_dev;
	struct mutex lock;		/* conversations */
	struct mefw_client *fwu;
	bool abort;
	bool fw_session;

	spinlock_t slock;		/* @prog, @seq, @owner_wq */
	struct mefw_update_progress prog;
	unsigned int seq;
	wait_queue_head_t *owner_wq;

	struct mefw_update_begin begin;
	struct mefw_version old_version;
	size_t chunk;
	u64 written;
	size_t fill;
	struct mefw_fwu_data_req *msg;

	struct delayed_work work;
	unsigned long end_time;
	unsigned long last_change;
	unsigned long last_readable;
	bool done;
	unsigned int resets;
	unsigned int fwu_gen;
	unsigned int asked_gen;
	unsigned int done_gen;
	bool done_after_reset;
};

/*
 * mefw_update.c: the transaction object, for mefw_update_fops.c (the
 * user-facing operations) and mefw_update_poll.c (the work after END)
 */
bool mefw_state_final(u32 state);
void mefw_update_notify_locked(struct mefw_update *upd);
u32 mefw_update_state(struct mefw_update *upd);
bool mefw_update_set_state(struct mefw_update *upd, u32 state);
void mefw_update_kick_locked(struct mefw_update *upd, unsigned long delay);
void mefw_update_kick(struct mefw_update *upd, unsigned long delay);
void mefw_update_wake_io(struct mefw_update *upd);
bool mefw_update_finish(struct mefw_update *upd, u32 state,
			const struct mefw_upd_err *e);
int mefw_update_state_errno(struct mefw_update *upd);
int mefw_update_fail(struct mefw_update *upd, const struct mefw_upd_err *e);
int mefw_update_abort_errno(struct mefw_update *upd);
void mefw_update_session(struct mefw_update *upd, bool open);
void mefw_update_reset_fw(struct mefw_update *upd);
void mefw_update_unlock(struct mefw_update *upd);
bool mefw_update_trylock(struct mefw_update *upd);
bool mefw_ver_zero(const struct mefw_version *v);
bool mefw_ver_eq(const struct mefw_version *a, const struct mefw_version *b);
struct mefw_update *mefw_update_create(struct mefw_dev *mdev,
				       const struct mefw_update_begin *b);

/* mefw_update_proto.c: the messages, with @upd->lock held */
int mefw_proto_rule7(struct mefw_update *upd, struct mefw_upd_err *e);
int mefw_proto_version(struct mefw_update *upd, struct mefw_client *fwu,
		       struct mefw_identity *id, struct mefw_upd_err *e);
int mefw_proto_info(struct mefw_update *upd, struct mefw_upd_err *e);
int mefw_proto_verify_oemid(struct mefw_update *upd, struct mefw_upd_err *e);
int mefw_proto_start(struct mefw_update *upd, struct mefw_upd_err *e);
int mefw_proto_data(struct mefw_update *upd, struct mefw_upd_err *e);
int mefw_proto_end(struct mefw_update *upd, u32 *reset_type,
		   struct mefw_upd_err *e);
int mefw_proto_progress(struct mefw_update *upd,
			struct mefw_mkhi_fwu_progress_reply *rep);
void mefw_proto_xfer_err(int err, struct mefw_upd_err *e);
void mefw_proto_abort_fw(struct mefw_update *upd);

#endif /* _MEFW_UPDATE_H */
