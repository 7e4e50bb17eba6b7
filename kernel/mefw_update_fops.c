// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - the firmware update transaction of /dev/mefwN: the user-facing
 * operations (BEGIN and its preparation, write(), END, cancel, PROGRESS,
 * poll(), close).  See mefw_update.c for the transaction, mefw_update.h
 * for the lifetime and the locking.
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
#include "mefw_update.h"

#define MEFW_BEGIN_SIZE_V1	sizeof(struct mefw_update_begin)
#define MEFW_PROGRESS_SIZE_V1	sizeof(struct mefw_update_progress)

/* BEGIN's conversation, @upd->lock held, after the status queries in progress */
static int mefw_update_prepare(struct mefw_update *upd)
{
	struct mefw_upd_err e = { };
	struct mefw_identity *id;
	int ret;

	/* a fatal signal or a cancel: cancelled, like a conversation's */
	ret = mefw_me_wait_queries(upd->me, upd);
	if (ret) {
		e.err = ret == -EINTR ? ret : -ECANCELED;
		return mefw_update_fail(upd, &e);
	}
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

	/* GET_INFO may already be part of the session (FWUpdLcl's order) */
	mefw_update_session(upd, true);
	ret = mefw_proto_info(upd, &e);
	if (!ret)
		ret = mefw_proto_verify_oemid(upd, &e);
	if (!ret)
		ret = mefw_proto_start(upd, &e);
	if (ret)
		return mefw_update_fail(upd, &e);

	if (!mefw_update_set_state(upd, MEFW_STATE_TRANSFERRING))
		return mefw_update_state_errno(upd);
	return 0;
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

/*
 * The file's transaction with a reference and upd->lock held, when it is
 * TRANSFERRING; else ERR_PTR(-EPROTO without one, -EINTR, or the errno of
 * its state).
 */
static struct mefw_update *mefw_file_update_transferring(struct mefw_file *f)
{
	struct mefw_update *upd;
	int err;

	upd = mefw_file_update(f);
	if (!upd)
		return ERR_PTR(-EPROTO);
	if (mutex_lock_killable(&upd->lock)) {
		err = -EINTR;
		goto put;
	}
	if (mefw_update_state(upd) == MEFW_STATE_TRANSFERRING)
		return upd;

	err = mefw_update_state_errno(upd);
	mefw_update_unlock(upd);
put:
	mefw_update_put(upd);
	return ERR_PTR(err);
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
	/* ours: once final, another BEGIN on the file may drop the file's */
	mefw_update_get(upd);
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
	mefw_update_unlock(upd);
	if (ret && READ_ONCE(upd->abort))
		ret = mefw_update_abort_errno(upd);
	mefw_update_put(upd);
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

	upd = mefw_file_update_transferring(f);
	if (IS_ERR(upd))
		return PTR_ERR(upd);

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
	mefw_update_unlock(upd);
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

	upd = mefw_file_update_transferring(f);
	if (IS_ERR(upd))
		return PTR_ERR(upd);

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
	/* written or refused, the image is no longer a session to reset */
	mefw_update_session(upd, false);
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
	mefw_update_unlock(upd);
	mefw_update_put(upd);
	return ret;
}

/*
 * Cancel before END: set the abort flag and wake the conversation in
 * progress.  Without one, reset the firmware's session and make the
 * transition here; else the conversation ends at once (-ECANCELED) and
 * its caller does both when it releases @upd->lock.  Never waits for a
 * conversation.
 */
static int mefw_update_cancel(struct mefw_update *upd)
{
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
	if (mefw_update_trylock(upd))
		mefw_update_unlock(upd);
	return 0;
}

/**
 * mefw_update_ioctl_cancel() - MEFW_IOC_UPDATE_CANCEL
 * @f: the file
 *
 * Does not wait for the conversation in progress (another thread's
 * BEGIN, write() or the ME's reply): that ends at once with -ECANCELED
 * and completes the cancel.  Waits at most reply_timeout_ms (less on a
 * signal) for the transaction to become CANCELLED, so that a caller
 * usually finds it so when this returns; poll() tells when it is.
 *
 * Return: 0 (cancelled, or being cancelled), -EBUSY while finalizing
 * (the ME cannot be stopped), -EPROTO when there is nothing to cancel.
 */
long mefw_update_ioctl_cancel(struct mefw_file *f)
{
	unsigned long timeout;
	struct mefw_update *upd;
	long ret;

	upd = mefw_file_update(f);
	if (!upd)
		return -EPROTO;
	ret = mefw_update_cancel(upd);
	if (!ret) {
		timeout = msecs_to_jiffies(READ_ONCE(mefw_reply_timeout_ms));
		wait_event_interruptible_timeout(f->wait,
						 mefw_state_final(mefw_update_state(upd)),
						 timeout);
	}
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
