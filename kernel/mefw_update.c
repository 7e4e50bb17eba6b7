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
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "mefw_drv.h"
#include "mefw_errors.h"
#include "mefw_status.h"
#include "mefw_update.h"

#define MEFW_BEGIN_SIZE_V1	sizeof(struct mefw_update_begin)
#define MEFW_PROGRESS_SIZE_V1	sizeof(struct mefw_update_progress)

static struct workqueue_struct *mefw_upd_wq;

static bool mefw_state_final(u32 state)
{
	return state >= MEFW_STATE_SUCCEEDED;
}

/**
 * mefw_update_state_name() - short name of a MEFW_STATE_* value
 * @state: the state
 *
 * Return: "idle", "preparing", ..., "unknown" for an unknown value.
 */
const char *mefw_update_state_name(u32 state)
{
	static const char *const names[] = {
		[MEFW_STATE_IDLE] = "idle",
		[MEFW_STATE_PREPARING] = "preparing",
		[MEFW_STATE_TRANSFERRING] = "transferring",
		[MEFW_STATE_FINALIZING] = "finalizing",
		[MEFW_STATE_SUCCEEDED] = "succeeded",
		[MEFW_STATE_NEEDS_REBOOT] = "needs-reboot",
		[MEFW_STATE_FAILED] = "failed",
		[MEFW_STATE_CANCELLED] = "cancelled",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "unknown";
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

/* slock held: @prog changed, wake the owner's poll() */
static void mefw_update_notify_locked(struct mefw_update *upd)
{
	lockdep_assert_held(&upd->slock);
	upd->seq++;
	if (upd->owner_wq)
		wake_up_interruptible_all(upd->owner_wq);
}

static u32 mefw_update_state(struct mefw_update *upd)
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

/* move a non-final transaction to @state (not final); false if final */
static bool mefw_update_set_state(struct mefw_update *upd, u32 state)
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

/*
 * (Re)arm the work, which only runs after END; slock held so that a final
 * transition cancels it.
 */
static void mefw_update_kick_locked(struct mefw_update *upd,
				    unsigned long delay)
{
	lockdep_assert_held(&upd->slock);
	if (upd->prog.state != MEFW_STATE_FINALIZING)
		return;
	kref_get(&upd->kref);
	if (mod_delayed_work(mefw_upd_wq, &upd->work, delay))
		kref_put(&upd->kref, mefw_update_release);	/* not the last */
}

static void mefw_update_kick(struct mefw_update *upd, unsigned long delay)
{
	spin_lock(&upd->slock);
	mefw_update_kick_locked(upd, delay);
	spin_unlock(&upd->slock);
}

static void mefw_update_wake_io(struct mefw_update *upd)
{
	spin_lock(&upd->slock);
	if (upd->fwu)
		mefw_client_wake(upd->fwu);
	spin_unlock(&upd->slock);
	mefw_me_wake(upd->me);
}

/*
 * The final transition: first one wins.  @e: NULL for success.  Captures
 * the status registers for a failure, detaches the transaction from its
 * ME (a new one may begin) and logs the verdict.  The caller holds a
 * reference; @upd->lock may or may not be held.
 */
static bool mefw_update_finish(struct mefw_update *upd, u32 state,
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
			 mefw_update_state_name(state));
	return true;
}

/* the errno a call on a final (or foreign-state) transaction gets */
static int mefw_update_state_errno(struct mefw_update *upd)
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

/*
 * A step failed: cancelled (code 0, or a cancel is pending: the abort
 * ended the step) or failed.  Return: the errno of the final state.
 */
static int mefw_update_fail(struct mefw_update *upd,
			    const struct mefw_upd_err *e)
{
	static const struct mefw_upd_err cancelled = { .err = -ECANCELED };

	if (READ_ONCE(upd->abort))
		e = &cancelled;
	mefw_update_finish(upd, e->code ? MEFW_STATE_FAILED :
			   MEFW_STATE_CANCELLED, e);
	return mefw_update_state_errno(upd);
}

/* a conversation was aborted: by a final transition or a pending cancel */
static int mefw_update_abort_errno(struct mefw_update *upd)
{
	if (mefw_state_final(mefw_update_state(upd)))
		return mefw_update_state_errno(upd);
	return -ECANCELED;
}

static bool mefw_ver_zero(const struct mefw_version *v)
{
	return !v->major && !v->minor && !v->hotfix && !v->build;
}

static bool mefw_ver_eq(const struct mefw_version *a,
			const struct mefw_version *b)
{
	return a->major == b->major && a->minor == b->minor &&
	       a->hotfix == b->hotfix && a->build == b->build;
}

/* BEGIN's conversation, @upd->lock held */
static int mefw_update_prepare(struct mefw_update *upd)
{
	struct mefw_upd_err e = { };
	struct mefw_identity *id;
	int ret;

	ret = mefw_proto_rule7(upd, &e);
	if (ret)
		return mefw_update_fail(upd, &e);

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id) {
		e.code = MEFW_ERR_NO_MEMORY;
		e.err = -ENOMEM;
		return mefw_update_fail(upd, &e);
	}
	ret = mefw_proto_version(upd, upd->fwu, id, &e);
	if (!ret) {
		upd->old_version = id->code;
		if (!mefw_ver_zero(&upd->begin.image_version) &&
		    mefw_ver_eq(&upd->begin.image_version, &id->code) &&
		    !(upd->begin.flags & MEFW_UPDATE_ALLOW_SAME_VERSION)) {
			e.code = MEFW_ERR_SAME_VERSION;
			e.err = -EEXIST;
			ret = e.err;
		}
	}
	kfree(id);
	if (ret)
		return mefw_update_fail(upd, &e);

	ret = mefw_proto_info(upd, &e);
	if (!ret)
		ret = mefw_proto_verify_oemid(upd, &e);
	if (!ret)
		ret = mefw_proto_start(upd, &e);
	if (ret) {
		if (e.err != -ENODEV)
			mefw_proto_abort_fw(upd);
		return mefw_update_fail(upd, &e);
	}

	if (!mefw_update_set_state(upd, MEFW_STATE_TRANSFERRING))
		return mefw_update_state_errno(upd);
	return 0;
}

static struct mefw_update *mefw_update_create(struct mefw_dev *mdev,
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

static int mefw_begin_check(const struct mefw_update_begin *b)
{
	unsigned int i;

	if (b->flags & ~MEFW_UPDATE_FLAGS_ALL || b->reserved0)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(b->reserved); i++)
		if (b->reserved[i])
			return -EINVAL;
	if (!b->length || b->length > MEFW_UPDATE_MAX_LENGTH)
		return -EINVAL;
	return 0;
}

/* the file's transaction with a reference, or NULL */
static struct mefw_update *mefw_file_update(struct mefw_file *f)
{
	struct mefw_update *upd;

	mutex_lock(&f->lock);
	upd = f->upd;
	if (upd)
		mefw_update_get(upd);
	mutex_unlock(&f->lock);
	return upd;
}

/**
 * mefw_update_ioctl_begin() - MEFW_IOC_UPDATE_BEGIN
 * @f: the file
 * @uarg: struct mefw_update_begin
 * @usize: size of the caller's structure
 *
 * Return: 0 in TRANSFERRING; -EPERM without CAP_SYS_ADMIN; -EINVAL for a
 * bad structure; -EBUSY when this file or another one has a transaction
 * on the ME; or the errno of the failed step (the transaction is then
 * FAILED or CANCELLED, see MEFW_IOC_UPDATE_PROGRESS).
 */
long mefw_update_ioctl_begin(struct mefw_file *f, void __user *uarg,
			     size_t usize)
{
	struct mefw_update_begin b = { };
	struct mefw_update *upd, *old;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (usize < MEFW_BEGIN_SIZE_V1)
		return -EINVAL;
	if (copy_from_user(&b, uarg, sizeof(b)))
		return -EFAULT;
	if (usize > sizeof(b)) {
		/* a newer caller: what we do not know must be zero */
		ret = check_zeroed_user(uarg + sizeof(b), usize - sizeof(b));
		if (ret <= 0)
			return ret ? ret : -EINVAL;
	}
	ret = mefw_begin_check(&b);
	if (ret)
		return ret;

	if (mutex_lock_interruptible(&f->lock))
		return -EINTR;
	old = f->upd;
	if (old && !mefw_state_final(mefw_update_state(old))) {
		mutex_unlock(&f->lock);
		return -EBUSY;
	}

	upd = mefw_update_create(f->mdev, &b);
	if (IS_ERR(upd)) {
		mutex_unlock(&f->lock);
		return PTR_ERR(upd);
	}
	ret = mefw_me_claim_update(upd->me, upd);
	if (ret) {
		mutex_unlock(&f->lock);
		mefw_update_put(upd);
		return ret;
	}

	/* the lock first: a racing write() on this file waits for START */
	mutex_lock(&upd->lock);
	spin_lock(&upd->slock);
	upd->owner_wq = &f->wait;
	spin_unlock(&upd->slock);
	f->upd = upd;		/* the file's reference */
	f->seen = 0;
	mutex_unlock(&f->lock);

	if (old) {
		spin_lock(&old->slock);
		old->owner_wq = NULL;
		spin_unlock(&old->slock);
		mefw_update_put(old);
	}

	dev_info(upd->mei_dev, "mefw: update of %llu bytes begins\n",
		 (unsigned long long)b.length);
	ret = mefw_update_prepare(upd);
	mutex_unlock(&upd->lock);
	return ret;
}

/**
 * mefw_update_write() - write(): image bytes
 * @f: the file
 * @buf: user buffer
 * @count: its length
 *
 * Sends a DATA message each time MTU - 12 bytes are buffered, and the
 * rest when the image is complete; returns when the ME acknowledged them.
 *
 * Return: @count (or the bytes taken before a fault), -EPROTO without a
 * transaction in TRANSFERRING, -EINVAL past the image length (nothing
 * taken), -EFAULT, -EINTR, or the errno of the failure that ended the
 * transaction (-ECANCELED when it was cancelled).
 */
ssize_t mefw_update_write(struct mefw_file *f, const char __user *buf,
			  size_t count)
{
	struct mefw_upd_err e = { };
	struct mefw_update *upd;
	size_t done = 0, n;
	ssize_t ret;
	u64 pct;

	upd = mefw_file_update(f);
	if (!upd)
		return -EPROTO;
	if (mutex_lock_killable(&upd->lock)) {
		mefw_update_put(upd);
		return -EINTR;
	}

	if (mefw_update_state(upd) != MEFW_STATE_TRANSFERRING) {
		ret = mefw_update_state_errno(upd);
		goto out;
	}
	if (count > upd->begin.length - upd->written) {
		ret = -EINVAL;
		goto out;
	}

	ret = 0;
	while (done < count) {
		n = min(upd->chunk - upd->fill, count - done);
		if (copy_from_user(upd->msg->data + upd->fill, buf + done, n)) {
			ret = -EFAULT;
			break;
		}
		upd->fill += n;
		upd->written += n;
		done += n;
		if (upd->fill < upd->chunk && upd->written < upd->begin.length)
			continue;

		if (READ_ONCE(upd->abort)) {
			ret = mefw_update_abort_errno(upd);
			break;
		}
		ret = mefw_proto_data(upd, &e);
		if (ret) {
			if (READ_ONCE(upd->abort) ||
			    mefw_state_final(mefw_update_state(upd))) {
				ret = mefw_update_abort_errno(upd);
				break;
			}
			if (e.err != -ENODEV)
				mefw_proto_abort_fw(upd);
			ret = mefw_update_fail(upd, &e);
			break;
		}

		spin_lock(&upd->slock);
		pct = div64_u64(upd->prog.bytes_sent * 100, upd->begin.length);
		upd->prog.bytes_sent += upd->fill;
		if (div64_u64(upd->prog.bytes_sent * 100, upd->begin.length) !=
		    pct)
			mefw_update_notify_locked(upd);
		spin_unlock(&upd->slock);
		upd->fill = 0;
	}
	if (!ret || (ret == -EFAULT && done))
		ret = done;

out:
	mutex_unlock(&upd->lock);
	mefw_update_put(upd);
	return ret;
}

/**
 * mefw_update_ioctl_end() - MEFW_IOC_UPDATE_END
 * @f: the file
 *
 * Return: 0 in FINALIZING (the outcome comes later: PROGRESS, poll()),
 * -EPROTO without a transaction in TRANSFERRING or before every byte was
 * written, -ECANCELED when a cancel won the race, or the errno of the
 * ME's refusal (the transaction is then FAILED).
 */
long mefw_update_ioctl_end(struct mefw_file *f)
{
	struct mefw_upd_err e = { };
	struct mefw_update *upd;
	u32 reset_type = MEFW_RESET_NONE;
	unsigned int gen;
	long ret;

	upd = mefw_file_update(f);
	if (!upd)
		return -EPROTO;
	if (mutex_lock_killable(&upd->lock)) {
		mefw_update_put(upd);
		return -EINTR;
	}

	if (mefw_update_state(upd) != MEFW_STATE_TRANSFERRING) {
		ret = mefw_update_state_errno(upd);
		goto out;
	}
	if (upd->written < upd->begin.length) {
		ret = -EPROTO;
		goto out;
	}

	/* from here on the ME cannot be stopped: no cancel, no abort */
	spin_lock(&upd->slock);
	if (READ_ONCE(upd->abort) || upd->prog.state != MEFW_STATE_TRANSFERRING) {
		spin_unlock(&upd->slock);
		ret = -ECANCELED;
		goto out;
	}
	upd->prog.state = MEFW_STATE_FINALIZING;
	mefw_update_notify_locked(upd);
	spin_unlock(&upd->slock);

	mefw_client_put(mefw_me_get_fwu_gen(upd->me, &gen));
	upd->fwu_gen = gen;
	upd->asked_gen = gen - 1;
	ret = mefw_proto_end(upd, &reset_type, &e);
	if (ret && ret == e.err) {
		ret = mefw_update_fail(upd, &e);
		goto out;
	}
	if (ret)
		dev_info(upd->mei_dev,
			 "mefw: no END reply (%ld): polling the progress\n",
			 ret);

	upd->end_time = jiffies;
	upd->last_change = upd->end_time;
	upd->last_readable = upd->end_time;
	spin_lock(&upd->slock);
	upd->prog.reset_type = reset_type;
	mefw_update_notify_locked(upd);
	mefw_update_kick_locked(upd, 0);
	spin_unlock(&upd->slock);
	ret = 0;

out:
	mutex_unlock(&upd->lock);
	mefw_update_put(upd);
	return ret;
}

/* cancel before END */
static int mefw_update_cancel(struct mefw_update *upd)
{
	struct mefw_upd_err e = { .err = -ECANCELED };
	u32 state;

	spin_lock(&upd->slock);
	state = upd->prog.state;
	if (state == MEFW_STATE_PREPARING || state == MEFW_STATE_TRANSFERRING)
		WRITE_ONCE(upd->abort, true);
	spin_unlock(&upd->slock);

	if (state == MEFW_STATE_FINALIZING)
		return -EBUSY;
	if (mefw_state_final(state) || state == MEFW_STATE_IDLE)
		return -EPROTO;

	mefw_update_wake_io(upd);
	mutex_lock(&upd->lock);
	if (mefw_update_finish(upd, MEFW_STATE_CANCELLED, &e))
		mefw_proto_abort_fw(upd);
	mutex_unlock(&upd->lock);
	return 0;
}

/**
 * mefw_update_ioctl_cancel() - MEFW_IOC_UPDATE_CANCEL
 * @f: the file
 *
 * Return: 0 (CANCELLED), -EBUSY while finalizing (the ME cannot be
 * stopped), -EPROTO when there is nothing to cancel.
 */
long mefw_update_ioctl_cancel(struct mefw_file *f)
{
	struct mefw_update *upd;
	long ret;

	upd = mefw_file_update(f);
	if (!upd)
		return -EPROTO;
	ret = mefw_update_cancel(upd);
	mefw_update_put(upd);
	return ret;
}

/**
 * mefw_update_ioctl_progress() - MEFW_IOC_UPDATE_PROGRESS
 * @f: the file
 * @uarg: struct mefw_update_progress
 * @usize: size of the caller's structure
 *
 * Works after the device was removed: the transaction outlives it.
 * Without a transaction the state is MEFW_STATE_IDLE.  Marks the
 * progress as seen for poll().
 *
 * Return: 0, -EINVAL for a short structure, -EFAULT.
 */
long mefw_update_ioctl_progress(struct mefw_file *f, void __user *uarg,
				size_t usize)
{
	struct mefw_update_progress p = { };
	struct mefw_update *upd;

	if (usize < MEFW_PROGRESS_SIZE_V1)
		return -EINVAL;

	upd = mefw_file_update(f);
	if (upd) {
		spin_lock(&upd->slock);
		p = upd->prog;
		WRITE_ONCE(f->seen, upd->seq);
		spin_unlock(&upd->slock);
		mefw_update_put(upd);
	}
	p.size = min(usize, sizeof(p));
	return copy_to_user(uarg, &p, p.size) ? -EFAULT : 0;
}

/**
 * mefw_update_poll() - poll() of /dev/mefwN
 * @f: the file
 * @filp: the struct file
 * @wait: poll table
 *
 * Return: EPOLLIN | EPOLLRDNORM | EPOLLPRI when the progress changed
 * since the last MEFW_IOC_UPDATE_PROGRESS or the transaction is final;
 * EPOLLOUT | EPOLLWRNORM while write() is expected; EPOLLERR without a
 * transaction (plus EPOLLHUP once the device was removed).
 */
__poll_t mefw_update_poll(struct mefw_file *f, struct file *filp,
			  poll_table *wait)
{
	struct mefw_update *upd;
	__poll_t mask = 0;
	u32 state;

	poll_wait(filp, &f->wait, wait);

	upd = mefw_file_update(f);
	if (!upd)
		return EPOLLERR | (READ_ONCE(f->mdev->dead) ? EPOLLHUP : 0);

	spin_lock(&upd->slock);
	state = upd->prog.state;
	if (upd->seq != READ_ONCE(f->seen) || mefw_state_final(state))
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLPRI;
	spin_unlock(&upd->slock);
	if (state == MEFW_STATE_TRANSFERRING)
		mask |= EPOLLOUT | EPOLLWRNORM;

	mefw_update_put(upd);
	return mask;
}

/**
 * mefw_update_file_release() - the file closes
 * @f: the file
 *
 * A transaction before END is cancelled (the ME forgets the transfer).
 * After END the ME cannot be stopped: the transaction goes on, held by
 * the ME registry, until it is final (logged); other files get -EBUSY
 * until then.
 */
void mefw_update_file_release(struct mefw_file *f)
{
	struct mefw_update *upd = f->upd;

	if (!upd)
		return;
	f->upd = NULL;

	spin_lock(&upd->slock);
	upd->owner_wq = NULL;
	spin_unlock(&upd->slock);

	mefw_update_cancel(upd);
	mefw_update_put(upd);
}

/* ---- after END: the work ---- */

/*
 * Is the new firmware running?  Asks GET_VERSION on @fwu.
 * Return: 1 yes (@prog.new_version set), 0 not yet, or a negative errno
 * with @e filled (the ME refused or stopped answering).
 */
static int mefw_update_check_version(struct mefw_update *upd,
				     struct mefw_client *fwu,
				     struct mefw_upd_err *e)
{
	const struct mefw_version *want = &upd->begin.image_version;
	struct mefw_identity *id;
	bool running;
	int ret;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return 0;		/* try again next time */

	ret = mefw_proto_version(upd, fwu, id, e);
	if (ret) {
		kfree(id);
		/* gone again, or the connection dropped: wait */
		if ((ret == -ENODEV || e->err == -ECONNRESET) &&
		    !READ_ONCE(upd->abort))
			return 0;
		return ret;
	}

	if (!mefw_ver_zero(want))
		running = mefw_ver_eq(want, &id->code);
	else
		running = !mefw_ver_eq(&upd->old_version, &id->code) ||
			  upd->resets;
	if (running) {
		spin_lock(&upd->slock);
		upd->prog.new_version = id->code;
		mefw_update_notify_locked(upd);
		spin_unlock(&upd->slock);
	}
	kfree(id);
	return running;
}

/* the ME said done; @fwu: its FWUpdate client now, may be NULL */
static void mefw_update_done(struct mefw_update *upd, u32 reset_type,
			     struct mefw_client *fwu, unsigned int gen)
{
	struct mefw_upd_err e = { };
	int ret;

	spin_lock(&upd->slock);
	upd->prog.reset_type = reset_type;
	upd->prog.percent = 100;
	mefw_update_notify_locked(upd);
	spin_unlock(&upd->slock);

	if (!upd->done) {
		upd->last_change = jiffies;	/* from now on: the reset wait */
		upd->done_gen = gen;
		/* the ME may have reset before we saw it done */
		upd->done_after_reset = upd->resets > 0;
	}
	upd->done = true;

	if (reset_type == MEFW_RESET_HOST || reset_type == MEFW_RESET_GLOBAL) {
		mefw_update_finish(upd, MEFW_STATE_NEEDS_REBOOT, NULL);
		return;
	}
	/*
	 * ME reset: done when the ME reset and runs the new version (the
	 * same version, with MEFW_UPDATE_ALLOW_SAME_VERSION, runs before).
	 * No reset: done now.
	 */
	if (!fwu || gen == upd->asked_gen)
		return;
	if (reset_type == MEFW_RESET_ME && gen == upd->done_gen &&
	    !upd->done_after_reset)
		return;
	upd->asked_gen = gen;
	ret = mefw_update_check_version(upd, fwu, &e);
	if (ret < 0)
		mefw_update_fail(upd, &e);
	else if (ret || reset_type == MEFW_RESET_NONE)
		mefw_update_finish(upd, MEFW_STATE_SUCCEEDED, NULL);
}

/*
 * One progress reading: MKHI query and registers.  Handles done and
 * failure.  Return: true when progress was readable.
 */
static bool mefw_update_read_progress(struct mefw_update *upd,
				      struct mefw_client *fwu,
				      unsigned int gen)
{
	struct mefw_mkhi_fwu_progress_reply rep;
	struct mefw_upd_err e = { };
	struct mefw_regs regs;
	bool readable = false, changed = false;
	u32 status = 0, percent = 0, reset_type;
	int ret, pct = -1;

	ret = mefw_proto_progress(upd, &rep);
	if (!ret) {
		readable = true;
		status = le32_to_cpu(rep.update_status);
		percent = min_t(u32, le32_to_cpu(rep.percent), 100);
	} else if (ret == -ENODATA) {
		readable = true;	/* not started (or forgotten) */
	}

	if (!mefw_me_regs_read(upd->me, &regs)) {
		pct = mefw_status_update_percent(regs.hfsts, regs.count);
		if (pct >= 0)
			readable = true;
	}

	spin_lock(&upd->slock);
	reset_type = upd->prog.reset_type;
	if (!ret) {
		if (le32_to_cpu(rep.stage) != upd->prog.stage ||
		    le32_to_cpu(rep.total_stages) != upd->prog.total_stages ||
		    status != upd->prog.fw_update_status)
			changed = true;
		upd->prog.stage = le32_to_cpu(rep.stage);
		upd->prog.total_stages = le32_to_cpu(rep.total_stages);
		upd->prog.fw_update_status = status;
		reset_type = le32_to_cpu(rep.reset_type);
	}
	if (pct > (int)percent)
		percent = pct;
	if (percent > upd->prog.percent) {
		upd->prog.percent = percent;
		changed = true;
	}
	if (changed)
		mefw_update_notify_locked(upd);
	spin_unlock(&upd->slock);

	if (changed && !upd->done)
		upd->last_change = jiffies;

	if (!ret && status == MEFW_FW_STATUS_SUCCESS) {
		mefw_update_done(upd, reset_type, fwu, gen);
	} else if (!ret && status != MEFW_FWU_UPDATE_STATUS_IN_PROGRESS) {
		e.code = mefw_err_from_fw_status(status);
		e.fw_status = status;
		e.err = -EREMOTEIO;
		mefw_update_fail(upd, &e);
	} else if (ret == -ENODATA && upd->resets && fwu &&
		   gen != upd->asked_gen) {
		/* the ME came back and forgot the update: which version? */
		upd->asked_gen = gen;
		ret = mefw_update_check_version(upd, fwu, &e);
		if (ret < 0)
			mefw_update_fail(upd, &e);
		else if (ret)
			mefw_update_finish(upd, MEFW_STATE_SUCCEEDED, NULL);
	}
	return readable;
}

static void mefw_update_step(struct mefw_update *upd)
{
	unsigned long now = jiffies;
	unsigned long stall = msecs_to_jiffies(READ_ONCE(mefw_stall_ms));
	unsigned long total = msecs_to_jiffies(READ_ONCE(mefw_total_ms));
	struct mefw_upd_err e = { };
	struct mefw_client *fwu;
	unsigned int gen;

	if (READ_ONCE(upd->abort) || !device_is_registered(upd->mei_dev)) {
		e.code = MEFW_ERR_NO_DEVICE;
		e.err = -ENODEV;
		mefw_update_fail(upd, &e);
		return;
	}
	if (time_after(now, upd->end_time + total)) {
		dev_warn(upd->mei_dev, "mefw: update exceeded total_ms\n");
		e.code = MEFW_ERR_UPDATE_TIMEOUT;
		e.err = -ETIMEDOUT;
		mefw_update_fail(upd, &e);
		return;
	}

	/* follow the ME across its resets: the client of the same parent */
	fwu = mefw_me_get_fwu_gen(upd->me, &gen);
	if (gen != upd->fwu_gen) {
		upd->resets++;
		upd->fwu_gen = gen;
	}
	if (fwu && fwu != upd->fwu) {
		spin_lock(&upd->slock);
		swap(upd->fwu, fwu);
		spin_unlock(&upd->slock);
		mefw_client_put(fwu);
		fwu = upd->fwu;
		mefw_client_get(fwu);
	}

	if (mefw_update_read_progress(upd, fwu, gen))
		upd->last_readable = now;
	mefw_client_put(fwu);

	if (mefw_state_final(mefw_update_state(upd)))
		return;

	if (time_after(now, upd->last_readable + stall)) {
		dev_warn(upd->mei_dev, "mefw: update progress unreadable for stall_ms\n");
		e.code = MEFW_ERR_POLLING_FAILED;
		e.err = -EIO;
		mefw_update_fail(upd, &e);
	} else if (time_after(now, upd->last_change + stall)) {
		dev_warn(upd->mei_dev, "mefw: update %s for stall_ms\n",
			 upd->done ? "done, but the new firmware did not come up" :
				     "stalled");
		e.code = MEFW_ERR_UPDATE_TIMEOUT;
		e.err = -ETIMEDOUT;
		mefw_update_fail(upd, &e);
	}
}

/**
 * mefw_update_work() - the polling work after END
 * @work: &mefw_update.work
 */
void mefw_update_work(struct work_struct *work)
{
	struct mefw_update *upd = container_of(to_delayed_work(work),
					       struct mefw_update, work);

	mutex_lock(&upd->lock);
	if (mefw_update_state(upd) == MEFW_STATE_FINALIZING) {
		mefw_update_step(upd);
		mefw_update_kick(upd,
				 msecs_to_jiffies(READ_ONCE(mefw_poll_ms)));
	}
	mutex_unlock(&upd->lock);
	mefw_update_put(upd);	/* the queue's reference */
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
