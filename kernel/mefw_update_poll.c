// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - the firmware update transaction of /dev/mefwN: after END, the
 * work that polls the progress every poll_ms until the ME reports done,
 * then, for an ME reset, until the FWUpdate client of the same ME is
 * back: GET_VERSION -> SUCCEEDED / NEEDS_REBOOT / FAILED.  See
 * mefw_update.c for the transaction, mefw_update.h for the lifetime and
 * the locking.
 */
#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "mefw_drv.h"
#include "mefw_errors.h"
#include "mefw_status.h"
#include "mefw_update.h"

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
