// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - the firmware update transaction of /dev/mefwN
 *
 *   BEGIN   (ioctl, synchronous)  PREPARING: rule 7, GET_VERSION and the
 *           same-version policy, GET_INFO, VERIFY_OEMID, START
 *           -> TRANSFERRING
 *   write() (synchronous)         DATA messages of MTU - 12 bytes; a
 *           message leaves when it is full or the image is complete
 *   END     (ioctl, synchronous)  -> FINALIZING, END; the reply carries
 *           the ME's verdict on the image
 *   work    (every poll_ms)       MKHI progress query + status registers
 *           until the ME reports done, then, for an ME reset, until the
 *           FWUpdate client of the same ME is back: GET_VERSION
 *           -> SUCCEEDED / NEEDS_REBOOT / FAILED
 *
 * Every wait is bounded: each message by reply_timeout_ms, the flash
 * write by stall_ms without progress and by total_ms overall, the ME's
 * reset by stall_ms.  Every failure records the FWUpdLcl code, the
 * firmware status, the errno and the status registers of that moment.
 * See mefw_update.h for the lifetime and the locking.
 *
 * This file is the transaction object: its lifetime, state and final
 * transition, and the hooks of probe, remove and the module.  The
 * user-facing operations are in mefw_update_fops.c, the polling after
 * END in mefw_update_poll.c.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "mefw_drv.h"
#include "mefw_errors.h"
#include "mefw_state.h"
#include "mefw_update.h"

static struct workqueue_struct *mefw_upd_wq;

/**
 * mefw_state_final() - is a MEFW_STATE_* value final?
 * @state: the state
 *
 * Return: true for SUCCEEDED, NEEDS_REBOOT, FAILED and CANCELLED.
 */
bool mefw_state_final(u32 state)
{
	return state >= MEFW_STATE_SUCCEEDED;
}

static void mefw_update_release(struct kref *kref)
{
	struct mefw_update *upd = container_of(kref, struct mefw_update,
					       kref);

	mefw_client_put(upd->fwu);
	put_device(upd->mei_dev);
	mefw_me_put(upd->me);
	kfree(upd->msg);
	kfree(upd);
}

/**
 * mefw_update_put() - drop a reference on a transaction
 * @upd: the transaction, may be NULL
 */
void mefw_update_put(struct mefw_update *upd)
{
	if (upd)
		kref_put(&upd->kref, mefw_update_release);
}

/**
 * mefw_update_get() - take a reference on a transaction
 * @upd: the transaction
 */
void mefw_update_get(struct mefw_update *upd)
{
	kref_get(&upd->kref);
}

/**
 * mefw_update_notify_locked() - @prog changed, wake the owner's poll()
 * @upd: the transaction
 *
 * slock held.
 */
void mefw_update_notify_locked(struct mefw_update *upd)
{
	lockdep_assert_held(&upd->slock);
	upd->seq++;
	if (upd->owner_wq)
		wake_up_interruptible_all(upd->owner_wq);
}

/**
 * mefw_update_state() - the state of a transaction, read under slock
 * @upd: the transaction
 *
 * Return: its MEFW_STATE_*.
 */
u32 mefw_update_state(struct mefw_update *upd)
{
	u32 state;

	spin_lock(&upd->slock);
	state = upd->prog.state;
	spin_unlock(&upd->slock);
	return state;
}

/**
 * mefw_update_get_state() - the state of a transaction
 * @upd: the transaction
 *
 * Return: its MEFW_STATE_*.
 */
u32 mefw_update_get_state(struct mefw_update *upd)
{
	return mefw_update_state(upd);
}

/**
 * mefw_update_set_state() - move a non-final transaction to @state
 * @upd: the transaction
 * @state: the new state (not final)
 *
 * Return: true, false if final.
 */
bool mefw_update_set_state(struct mefw_update *upd, u32 state)
{
	bool ok;

	spin_lock(&upd->slock);
	ok = !mefw_state_final(upd->prog.state);
	if (ok && upd->prog.state != state) {
		upd->prog.state = state;
		mefw_update_notify_locked(upd);
	}
	spin_unlock(&upd->slock);
	return ok;
}

/**
 * mefw_update_kick_locked() - (re)arm the work
 * @upd: the transaction
 * @delay: in jiffies
 *
 * The work only runs after END; slock held so that a final transition
 * cancels it.
 */
void mefw_update_kick_locked(struct mefw_update *upd, unsigned long delay)
{
	lockdep_assert_held(&upd->slock);
	if (upd->prog.state != MEFW_STATE_FINALIZING)
		return;
	kref_get(&upd->kref);
	if (mod_delayed_work(mefw_upd_wq, &upd->work, delay))
		kref_put(&upd->kref, mefw_update_release);	/* not the last */
}

/**
 * mefw_update_kick() - (re)arm the work, taking slock
 * @upd: the transaction
 * @delay: in jiffies
 */
void mefw_update_kick(struct mefw_update *upd, unsigned long delay)
{
	spin_lock(&upd->slock);
	mefw_update_kick_locked(upd, delay);
	spin_unlock(&upd->slock);
}

/**
 * mefw_update_wake_io() - wake the conversations of a transaction
 * @upd: the transaction
 *
 * Wakes the waiters on its FWUpdate client and on its ME, so that a
 * conversation in progress sees @upd->abort or the final state.
 */
void mefw_update_wake_io(struct mefw_update *upd)
{
	spin_lock(&upd->slock);
	if (upd->fwu)
		mefw_client_wake(upd->fwu);
	spin_unlock(&upd->slock);
	mefw_me_wake(upd->me);
}

/**
 * mefw_update_finish() - the final transition: first one wins
 * @upd: the transaction
 * @state: the final state
 * @e: NULL for success
 *
 * Captures the status registers for a failure, detaches the transaction
 * from its ME (a new one may begin) and logs the verdict.  The caller
 * holds a reference; @upd->lock may or may not be held.
 *
 * Return: true when this call made the transition, false when the
 * transaction was final already.
 */
bool mefw_update_finish(struct mefw_update *upd, u32 state,
			const struct mefw_upd_err *e)
{
	struct mefw_regs regs;
	bool put_work = false;
	unsigned int i;
	int ret = -ENODATA;

	if (state == MEFW_STATE_FAILED)
		ret = mefw_me_regs_read(upd->me, &regs);

	spin_lock(&upd->slock);
	if (mefw_state_final(upd->prog.state)) {
		spin_unlock(&upd->slock);
		return false;
	}
	upd->prog.state = state;
	if (e) {
		upd->prog.error = e->code;
		upd->prog.fw_status = e->fw_status;
		upd->prog.errno_val = e->err;
	}
	if (!ret) {
		upd->prog.hfsts_count = regs.count;
		for (i = 0; i < regs.count; i++)
			upd->prog.hfsts[i] = regs.hfsts[i];
	}
	if (state == MEFW_STATE_SUCCEEDED || state == MEFW_STATE_NEEDS_REBOOT)
		upd->prog.percent = 100;
	put_work = cancel_delayed_work(&upd->work);
	mefw_update_notify_locked(upd);
	spin_unlock(&upd->slock);

	if (put_work)
		kref_put(&upd->kref, mefw_update_release);	/* not the last */
	mefw_me_release_update(upd->me, upd, state);

	if (state == MEFW_STATE_FAILED)
		dev_warn(upd->mei_dev,
			 "mefw: update failed: error %u (%s), fw status 0x%x, errno %d\n",
			 e->code, mefw_err_name(e->code), e->fw_status,
			 e->err);
	else
		dev_info(upd->mei_dev, "mefw: update %s\n",
			 mefw_state_name(state));
	return true;
}

/**
 * mefw_update_state_errno() - the errno a call on a final (or
 * foreign-state) transaction gets
 * @upd: the transaction
 *
 * Return: the errno of a failure, -ECANCELED when cancelled, else -EPROTO.
 */
int mefw_update_state_errno(struct mefw_update *upd)
{
	int err = -EPROTO;

	spin_lock(&upd->slock);
	if (upd->prog.state == MEFW_STATE_FAILED && upd->prog.errno_val)
		err = upd->prog.errno_val;
	else if (upd->prog.state == MEFW_STATE_CANCELLED)
		err = -ECANCELED;
	spin_unlock(&upd->slock);
	return err;
}

/**
 * mefw_update_fail() - a step failed
 * @upd: the transaction
 * @e: how
 *
 * Cancelled (code 0, or a cancel is pending: the abort ended the step)
 * or failed.
 *
 * Return: the errno of the final state.
 */
int mefw_update_fail(struct mefw_update *upd, const struct mefw_upd_err *e)
{
	static const struct mefw_upd_err cancelled = { .err = -ECANCELED };

	lockdep_assert_held(&upd->lock);
	if (READ_ONCE(upd->abort))
		e = &cancelled;
	if (e->err == -ENODEV)		/* the ME or its client is gone */
		mefw_update_session(upd, false);
	mefw_update_reset_fw(upd);
	mefw_update_finish(upd, e->code ? MEFW_STATE_FAILED :
			   MEFW_STATE_CANCELLED, e);
	return mefw_update_state_errno(upd);
}

/**
 * mefw_update_session() - the firmware holds (or no longer holds) an
 * update session for the transaction
 * @upd: the transaction, @upd->lock held
 * @open: from VERIFY_OEMID on (true), after END or a reset (false)
 *
 * While it is open, a request of another caller that times out on the
 * FWUpdate client does not drop the connection (mefw_heci.c): that would
 * end the update.
 */
void mefw_update_session(struct mefw_update *upd, bool open)
{
	lockdep_assert_held(&upd->lock);
	upd->fw_session = open;
	WRITE_ONCE(upd->fwu->session, open);
}

/**
 * mefw_update_reset_fw() - make the firmware forget the update session
 * @upd: the transaction, @upd->lock held
 *
 * Before a transaction that sent GET_INFO, VERIFY_OEMID or START ends
 * without END, so that the next BEGIN finds no session open
 * (mefw_proto_abort_fw()).  Once per session; not when the transaction
 * failed because its ME or the driver is going away (8193, -ENODEV):
 * there is nothing left to reset, and the client is being removed.
 */
void mefw_update_reset_fw(struct mefw_update *upd)
{
	lockdep_assert_held(&upd->lock);
	if (!upd->fw_session)
		return;
	mefw_update_session(upd, false);
	if (mefw_state_final(mefw_update_state(upd)) &&
	    mefw_update_state_errno(upd) == -ENODEV)
		return;
	mefw_proto_abort_fw(upd);
}

/* a cancel is waiting for the holder of @upd->lock to act on it */
static bool mefw_update_stop_pending(struct mefw_update *upd)
{
	return READ_ONCE(upd->abort) &&
	       (READ_ONCE(upd->fw_session) ||
		!mefw_state_final(mefw_update_state(upd)));
}

/* act on a cancel: reset the firmware's session, then CANCELLED */
static void mefw_update_stop_locked(struct mefw_update *upd)
{
	static const struct mefw_upd_err cancelled = { .err = -ECANCELED };

	lockdep_assert_held(&upd->lock);
	if (!READ_ONCE(upd->abort))
		return;
	mefw_update_reset_fw(upd);
	mefw_update_finish(upd, MEFW_STATE_CANCELLED, &cancelled);
}

/**
 * mefw_update_trylock() - take @upd->lock if it is free
 * @upd: the transaction
 *
 * For cancel, after setting @upd->abort: when the lock is held, its
 * holder acts on the cancel in mefw_update_unlock().
 *
 * Return: true when the caller now holds @upd->lock.
 */
bool mefw_update_trylock(struct mefw_update *upd)
{
	/* pairs with the barrier in mefw_update_unlock() */
	smp_mb();
	return mutex_trylock(&upd->lock);
}

/**
 * mefw_update_unlock() - release @upd->lock, acting on a pending cancel
 * @upd: the transaction, @upd->lock held
 *
 * A cancel that found the lock held left its work to the holder: reset
 * the firmware's update session and make the transition to CANCELLED.
 * The check is repeated after the unlock, so that a cancel arriving
 * between the check and the unlock is not lost.
 */
void mefw_update_unlock(struct mefw_update *upd)
{
	do {
		mefw_update_stop_locked(upd);
		mutex_unlock(&upd->lock);
		/* pairs with the barrier in mefw_update_trylock() */
		smp_mb();
	} while (mefw_update_stop_pending(upd) && mutex_trylock(&upd->lock));
}

/**
 * mefw_update_abort_errno() - a conversation was aborted: by a final
 * transition or a pending cancel
 * @upd: the transaction
 *
 * Return: the errno of the final state, or -ECANCELED.
 */
int mefw_update_abort_errno(struct mefw_update *upd)
{
	if (mefw_state_final(mefw_update_state(upd)))
		return mefw_update_state_errno(upd);
	return -ECANCELED;
}

/**
 * mefw_ver_zero() - is a version 0.0.0.0 (not given)?
 * @v: the version
 *
 * Return: true when every field is 0.
 */
bool mefw_ver_zero(const struct mefw_version *v)
{
	return !v->major && !v->minor && !v->hotfix && !v->build;
}

/**
 * mefw_ver_eq() - are two versions the same?
 * @a: one
 * @b: the other
 *
 * Return: true when major, minor, hotfix and build are equal.
 */
bool mefw_ver_eq(const struct mefw_version *a, const struct mefw_version *b)
{
	return a->major == b->major && a->minor == b->minor &&
	       a->hotfix == b->hotfix && a->build == b->build;
}

/**
 * mefw_update_create() - a new transaction in PREPARING
 * @mdev: the device whose ME and FWUpdate client it uses
 * @b: the arguments of MEFW_IOC_UPDATE_BEGIN, checked
 *
 * Return: the transaction with one reference; ERR_PTR(-ENOMEM),
 * ERR_PTR(-ENODEV) when the device is gone, ERR_PTR(-EAGAIN) without
 * its mei device.
 */
struct mefw_update *mefw_update_create(struct mefw_dev *mdev,
				       const struct mefw_update_begin *b)
{
	struct mefw_update *upd;
	int ret = -ENODEV;

	upd = kzalloc(sizeof(*upd), GFP_KERNEL);
	if (!upd)
		return ERR_PTR(-ENOMEM);

	kref_init(&upd->kref);
	mutex_init(&upd->lock);
	spin_lock_init(&upd->slock);
	INIT_DELAYED_WORK(&upd->work, mefw_update_work);
	upd->begin = *b;
	upd->prog.state = MEFW_STATE_PREPARING;
	upd->prog.length = b->length;

	down_read(&mdev->lock);
	if (!READ_ONCE(mdev->dead) && mdev->me) {
		upd->me = mdev->me;
		mefw_me_ref(upd->me);
		upd->fwu = mdev->fwu;
		mefw_client_get(upd->fwu);
		upd->mei_dev = mefw_me_get_mei_dev(upd->me);
		ret = upd->mei_dev ? 0 : -EAGAIN;
	}
	up_read(&mdev->lock);
	if (ret)
		goto err;

	upd->chunk = upd->fwu->mtu - sizeof(*upd->msg);
	upd->msg = kzalloc(upd->fwu->mtu, GFP_KERNEL);
	if (!upd->msg) {
		ret = -ENOMEM;
		goto err;
	}
	return upd;

err:
	mefw_update_put(upd);
	return ERR_PTR(ret);
}

/* ---- hooks of probe and remove ---- */

/**
 * mefw_update_client_added() - a client of an ME was bound
 * @me: the ME
 *
 * A transaction waiting for the ME to come back looks at once.
 */
void mefw_update_client_added(struct mefw_me *me)
{
	struct mefw_update *upd = mefw_me_get_update(me);

	if (upd) {
		mefw_update_kick(upd, 0);
		mefw_update_put(upd);
	}
}

/**
 * mefw_update_kill() - end a transaction now: its ME or the driver is gone
 * @upd: the transaction
 *
 * FAILED with 8193 and -ENODEV, whatever the state; conversations in
 * progress end at once.  Does not wait for them.
 */
void mefw_update_kill(struct mefw_update *upd)
{
	struct mefw_upd_err e = {
		.code = MEFW_ERR_NO_DEVICE,
		.err = -ENODEV,
	};

	mefw_update_finish(upd, MEFW_STATE_FAILED, &e);
	WRITE_ONCE(upd->abort, true);
	mefw_update_wake_io(upd);
}

/**
 * mefw_update_client_removed() - a client of an ME is being removed
 * @me: the ME
 * @cl: the client, still attached to @me
 * @unloading: the driver is going away
 *
 * Before END, losing the FWUpdate client fails the transaction (-ENODEV,
 * 8193).  After END it is the reset that ends an update: the work waits
 * for the ME to come back.  Called before the client is detached, so the
 * status registers can still be captured.
 */
void mefw_update_client_removed(struct mefw_me *me, struct mefw_client *cl,
				bool unloading)
{
	struct mefw_update *upd = mefw_me_get_update(me);
	u32 state;

	if (!upd)
		return;

	state = mefw_update_state(upd);
	if (unloading ||
	    (cl->kind == MEFW_CLIENT_FWU && state != MEFW_STATE_FINALIZING))
		mefw_update_kill(upd);
	else
		mefw_update_kick(upd, 0);
	mefw_update_put(upd);
}

/**
 * mefw_update_init() - module init of the update transactions
 *
 * Return: 0 or -ENOMEM.
 */
int mefw_update_init(void)
{
	mefw_upd_wq = alloc_workqueue("mefw_upd", 0, 0);
	return mefw_upd_wq ? 0 : -ENOMEM;
}

/**
 * mefw_update_exit() - module exit: every transaction is final by now
 *
 * The driver is unregistered (every client removed with @unloading) and
 * the ME registry has failed the transactions of absent MEs; a final
 * transaction never requeues its work, so draining the queue suffices.
 */
void mefw_update_exit(void)
{
	destroy_workqueue(mefw_upd_wq);
}
