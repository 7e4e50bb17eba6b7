// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: host side.  A platform device whose struct mei_hw_ops are
 * implemented in software on top of the simulated firmware, driving the
 * unmodified mei.ko of the Debian kernel the module was built for.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#ifndef MEI_SIM_DEB_VERSION
#error "build with MEI_PRIV=<linux-src>/drivers/misc (scripts/kernel-src.sh)"
#endif

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include "mei/mei_dev.h"
#include "mei/client.h"
#include "mei/hw.h"
#include "sim.h"

#define SIM_DRV_NAME "mei-sim"

/* why the probe failed, for the module load's return value */
static int sim_probe_ret;

static struct sim_dev *to_sim(const struct mei_device *mdev)
{
	return (struct sim_dev *)mdev->hw;
}

void sim_raise_irq(struct sim_dev *sim)
{
	queue_work(sim->irq_wq, &sim->irq_work);
}

/* ---- wire counters (regs lock held) ---- */

static void sim_wire_add(struct sim_wire *w, unsigned int addr, u64 frags,
			 u64 bytes, bool fc)
{
	if (addr >= SIM_WIRE_ADDRS)
		return;
	w[addr].frags += frags;
	w[addr].bytes += bytes;
	if (fc)
		w[addr].fc++;
}

/* an HBM body: flow control counts under the client it names */
static unsigned int sim_wire_hbm_addr(const u8 *body, size_t len, bool *fc)
{
	*fc = len >= 2 && body[0] == MEI_FLOW_CONTROL_CMD;
	return *fc ? body[1] : 0;
}

/**
 * sim_wire_snapshot() - copy the link's byte counters
 * @sim: the device
 * @out: where to copy them
 */
void sim_wire_snapshot(struct sim_dev *sim, struct sim_wire_stats *out)
{
	struct sim_regs *r = &sim->regs;
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	*out = r->wire;
	spin_unlock_irqrestore(&r->lock, flags);
}

/* ---- struct mei_hw_ops ---- */

/* read one of the register flags in @r under its lock */
static bool sim_regs_flag(struct sim_regs *r, const bool *flag)
{
	unsigned long flags;
	bool val;

	spin_lock_irqsave(&r->lock, flags);
	val = *flag;
	spin_unlock_irqrestore(&r->lock, flags);
	return val;
}

static bool sim_host_is_ready(struct mei_device *mdev)
{
	struct sim_regs *r = &to_sim(mdev)->regs;

	return sim_regs_flag(r, &r->host_ready);
}

static bool sim_hw_is_ready(struct mei_device *mdev)
{
	struct sim_regs *r = &to_sim(mdev)->regs;

	return sim_regs_flag(r, &r->fw_ready);
}

/*
 * Host reset: both circular buffers are emptied and the firmware drops
 * every connection and its HBM state; it is ready again at once.
 */
static int sim_hw_reset(struct mei_device *mdev, bool intr_enable)
{
	sim_fw_link_reset(&to_sim(mdev)->fw);
	return 0;
}

static int sim_hw_start(struct mei_device *mdev)
{
	struct sim_regs *r = &to_sim(mdev)->regs;
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	r->host_ready = true;
	spin_unlock_irqrestore(&r->lock, flags);
	return 0;
}

static int sim_hw_config(struct mei_device *mdev)
{
	return 0;
}

static int sim_fw_status(struct mei_device *mdev, struct mei_fw_status *fw_sts)
{
	const struct sim_identity *id = &to_sim(mdev)->fw.id;
	unsigned int i;

	/* the update engine changes HFSTS1/2 under the FW lock */
	fw_sts->count = id->hfsts_count;
	for (i = 0; i < id->hfsts_count; i++)
		fw_sts->status[i] = READ_ONCE(id->hfsts[i]);
	return 0;
}

static enum mei_pg_state sim_pg_state(struct mei_device *mdev)
{
	return MEI_PG_OFF;
}

static bool sim_pg_in_transition(struct mei_device *mdev)
{
	return false;
}

static bool sim_pg_is_enabled(struct mei_device *mdev)
{
	return false;
}

static void sim_intr_nop(struct mei_device *mdev)
{
}

/* called by the core without device_lock (mei_stop, reset work) */
static void sim_synchronize_irq(struct mei_device *mdev)
{
	flush_workqueue(to_sim(mdev)->irq_wq);
}

static int sim_hbuf_free_slots(struct mei_device *mdev)
{
	struct sim_regs *r = &to_sim(mdev)->regs;
	unsigned long flags;
	int n;

	spin_lock_irqsave(&r->lock, flags);
	n = SIM_HBUF_DEPTH - r->hbuf_used;
	spin_unlock_irqrestore(&r->lock, flags);
	return n;
}

static bool sim_hbuf_is_ready(struct mei_device *mdev)
{
	return sim_hbuf_free_slots(mdev) == SIM_HBUF_DEPTH;
}

static u32 sim_hbuf_depth(const struct mei_device *mdev)
{
	return SIM_HBUF_DEPTH;
}

static void sim_copy_to_slots(u32 *dst, const void *src, size_t len)
{
	size_t slots = DIV_ROUND_UP(len, MEI_SLOT_SIZE);

	if (!slots)
		return;
	dst[slots - 1] = 0;
	memcpy(dst, src, len);
}

/*
 * The host writes one message fragment into the host buffer; the firmware
 * consumes the whole buffer later (FW work), then raises an interrupt,
 * which is when the core sees the buffer empty again.
 */
static int sim_write(struct mei_device *mdev, const void *hdr, size_t hdr_len,
		     const void *data, size_t data_len)
{
	struct sim_dev *sim = to_sim(mdev);
	struct sim_regs *r = &sim->regs;
	size_t hslots = hdr_len / MEI_SLOT_SIZE;
	size_t dslots = DIV_ROUND_UP(data_len, MEI_SLOT_SIZE);
	unsigned long flags;
	int ret = 0;

	if (!hdr || hdr_len % MEI_SLOT_SIZE || !hslots)
		return -EINVAL;

	spin_lock_irqsave(&r->lock, flags);
	if (!r->host_ready) {
		ret = -EIO;
	} else if (hslots + dslots > SIM_HBUF_DEPTH - r->hbuf_used) {
		ret = -EMSGSIZE;
	} else {
		const struct mei_msg_hdr *h = hdr;
		u64 bytes = (hslots + dslots) * MEI_SLOT_SIZE;
		unsigned int addr = h->me_addr;
		bool fc = false;

		if (!addr)
			addr = sim_wire_hbm_addr(data, data_len, &fc);
		r->wire.link_h2f.frags++;
		r->wire.link_h2f.bytes += bytes;
		sim_wire_add(r->wire.h2f, addr, 1, bytes, fc);
		sim_copy_to_slots(&r->hbuf[r->hbuf_used], hdr, hdr_len);
		r->hbuf_used += hslots;
		sim_copy_to_slots(&r->hbuf[r->hbuf_used], data, data_len);
		r->hbuf_used += dslots;
	}
	spin_unlock_irqrestore(&r->lock, flags);

	if (!ret)
		sim_fw_kick(&sim->fw);
	return ret;
}

/* the ME circular buffer shows at most SIM_CB_DEPTH slots at a time */
static int sim_rdbuf_full_slots(struct mei_device *mdev)
{
	struct sim_regs *r = &to_sim(mdev)->regs;
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&r->lock, flags);
	n = min_t(unsigned int, r->rd_tail - r->rd_head, SIM_CB_DEPTH);
	spin_unlock_irqrestore(&r->lock, flags);
	return n;
}

static u32 sim_rd_pop(struct sim_regs *r)
{
	if (r->rd_tail == r->rd_head)
		return 0;
	return r->rdfifo[r->rd_head++ % SIM_RDFIFO_SLOTS];
}

static u32 sim_read_hdr(const struct mei_device *mdev)
{
	struct sim_regs *r = &to_sim(mdev)->regs;
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&r->lock, flags);
	if (r->rd_tail != r->rd_head) {
		const struct mei_msg_hdr *h;

		v = sim_rd_pop(r);
		h = (const void *)&v;
		r->wire.link_f2h.frags++;
		r->wire.link_f2h.bytes += MEI_SLOT_SIZE;
		/* an HBM message is classified when its body is read */
		r->rd_hbm = !h->me_addr;
		r->rd_addr = h->me_addr;
		if (!r->rd_hbm)
			sim_wire_add(r->wire.f2h, r->rd_addr, 1, MEI_SLOT_SIZE,
				     false);
	} else {
		v = 0;
	}
	spin_unlock_irqrestore(&r->lock, flags);
	return v;
}

static int sim_read(struct mei_device *mdev, unsigned char *buf,
		    unsigned long len)
{
	struct sim_regs *r = &to_sim(mdev)->regs;
	const unsigned char *start = buf;
	unsigned long flags, total = len;
	u64 bytes = 0;
	bool fc = false;
	u32 v;

	spin_lock_irqsave(&r->lock, flags);
	while (len) {
		size_t n = min_t(unsigned long, len, MEI_SLOT_SIZE);

		if (r->rd_tail != r->rd_head)
			bytes += MEI_SLOT_SIZE;
		v = sim_rd_pop(r);
		memcpy(buf, &v, n);
		buf += n;
		len -= n;
	}
	r->wire.link_f2h.bytes += bytes;
	if (r->rd_hbm) {
		r->rd_hbm = false;
		r->rd_addr = sim_wire_hbm_addr(start, total, &fc);
		sim_wire_add(r->wire.f2h, r->rd_addr, 1, MEI_SLOT_SIZE, fc);
	}
	sim_wire_add(r->wire.f2h, r->rd_addr, 0, bytes, false);
	spin_unlock_irqrestore(&r->lock, flags);
	return 0;
}

static const struct mei_hw_ops sim_hw_ops = {
	.host_is_ready = sim_host_is_ready,
	.hw_is_ready = sim_hw_is_ready,
	.hw_reset = sim_hw_reset,
	.hw_start = sim_hw_start,
	.hw_config = sim_hw_config,
	.fw_status = sim_fw_status,
	.pg_state = sim_pg_state,
	.pg_in_transition = sim_pg_in_transition,
	.pg_is_enabled = sim_pg_is_enabled,
	.intr_clear = sim_intr_nop,
	.intr_enable = sim_intr_nop,
	.intr_disable = sim_intr_nop,
	.synchronize_irq = sim_synchronize_irq,
	.hbuf_free_slots = sim_hbuf_free_slots,
	.hbuf_is_ready = sim_hbuf_is_ready,
	.hbuf_depth = sim_hbuf_depth,
	.write = sim_write,
	.rdbuf_full_slots = sim_rdbuf_full_slots,
	.read_hdr = sim_read_hdr,
	.read = sim_read,
};

static bool sim_may_schedule_reset(const struct mei_device *mdev)
{
	return mdev->dev_state != MEI_DEV_RESETTING &&
	       mdev->dev_state != MEI_DEV_DISABLED &&
	       mdev->dev_state != MEI_DEV_POWERING_DOWN &&
	       mdev->dev_state != MEI_DEV_POWER_DOWN;
}

/*
 * The "threaded interrupt handler", modelled on mei_me_irq_thread_handler
 * (drivers/misc/mei/hw-me.c, 6.1).  Runs on an ordered workqueue, so it
 * never runs concurrently with itself.
 */
static void sim_irq_work(struct work_struct *work)
{
	struct sim_dev *sim = container_of(work, struct sim_dev, irq_work);
	struct mei_device *mdev = sim->mdev;
	struct list_head cmpl_list;
	bool again = false;
	s32 slots;
	int rets;

	INIT_LIST_HEAD(&cmpl_list);
	mutex_lock(&mdev->device_lock);

	if (!mei_hw_is_ready(mdev) && mdev->dev_state != MEI_DEV_RESETTING) {
		dev_warn(sim->dev, "FW not ready: resetting: dev_state = %d\n",
			 mdev->dev_state);
		if (mdev->dev_state == MEI_DEV_POWERING_DOWN ||
		    mdev->dev_state == MEI_DEV_POWER_DOWN)
			mei_cl_all_disconnect(mdev);
		else if (mdev->dev_state != MEI_DEV_DISABLED)
			schedule_work(&mdev->reset_work);
		goto end;
	}

	if (!mei_host_is_ready(mdev))
		goto end;

	slots = mei_count_full_read_slots(mdev);
	while (slots > 0) {
		rets = mei_irq_read_handler(mdev, &cmpl_list, &slots);
		if (rets == -ENODATA)
			break;
		if (rets) {
			dev_err(sim->dev, "read handler ret = %d, state = %d\n",
				rets, mdev->dev_state);
			if (sim_may_schedule_reset(mdev))
				schedule_work(&mdev->reset_work);
			again = false;
			goto end;
		}
		again = true;
	}

	mdev->hbuf_is_ready = mei_hbuf_is_ready(mdev);
	if (mdev->pg_event != MEI_PG_EVENT_WAIT &&
	    mdev->pg_event != MEI_PG_EVENT_RECEIVED) {
		mei_irq_write_handler(mdev, &cmpl_list);
		mdev->hbuf_is_ready = mei_hbuf_is_ready(mdev);
	}

	mei_irq_compl_handler(mdev, &cmpl_list);

	/* more than one circular buffer's worth was pending: next pass */
	again = again && mei_count_full_read_slots(mdev) > 0;
end:
	mutex_unlock(&mdev->device_lock);
	if (again)
		sim_raise_irq(sim);
}

/* ---- platform driver ---- */

static int sim_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct mei_device *mdev;
	struct sim_dev *sim;
	int ret;

	mdev = devm_kzalloc(dev, sizeof(*mdev) + sizeof(*sim), GFP_KERNEL);
	if (!mdev)
		return -ENOMEM;
	sim = to_sim(mdev);
	sim->mdev = mdev;
	sim->dev = dev;
	spin_lock_init(&sim->regs.lock);
	sim->regs.fw_ready = true;
	INIT_WORK(&sim->irq_work, sim_irq_work);

	sim->irq_wq = alloc_ordered_workqueue("mei-sim-irq", 0);
	if (!sim->irq_wq)
		return -ENOMEM;
	sim->fw_wq = alloc_ordered_workqueue("mei-sim-fw", 0);
	if (!sim->fw_wq) {
		ret = -ENOMEM;
		goto err_irq_wq;
	}
	ret = sim_fw_init(&sim->fw, sim);
	if (ret)
		goto err_fw_wq;
	ret = sim_update_init(&sim->fw);
	if (ret) {
		sim_probe_ret = ret;
		goto err_fw;
	}

	/* slow_fw: HBM/connect/MKHI timeouts for TCG-emulated guests */
	mei_device_init(mdev, dev, true, &sim_hw_ops);
	mdev->fw_f_fw_ver_supported = 1;
	mdev->kind = "sim";
	platform_set_drvdata(pdev, mdev);

	/* the core does pm_runtime_get() on every connect/read/write */
	pm_runtime_get_noresume(dev);
	pm_runtime_set_active(dev);
	pm_runtime_enable(dev);

	ret = mei_start(mdev);
	if (ret) {
		dev_err(dev, "mei_start failed: %d\n", ret);
		goto err_start;
	}
	ret = mei_register(mdev, dev);
	if (ret) {
		dev_err(dev, "mei_register failed: %d\n", ret);
		goto err_register;
	}
	sim_debugfs_init(sim);
	dev_info(dev, "simulated ME %s (%u.%u.%u.%u) ready\n",
		 sim->fw.id.preset, sim->fw.id.code.major, sim->fw.id.code.minor,
		 sim->fw.id.code.hotfix, sim->fw.id.code.build);
	return 0;

err_register:
	mei_stop(mdev);
err_start:
	sim_update_stop(&sim->fw);
	mutex_lock(&sim->fw.lock);
	sim->fw.stopped = true;
	mutex_unlock(&sim->fw.lock);
	cancel_work_sync(&sim->fw.work);
	flush_workqueue(sim->irq_wq);
	mei_cancel_work(mdev);
	pm_runtime_disable(dev);
	pm_runtime_set_suspended(dev);
	pm_runtime_put_noidle(dev);
	sim_update_fini(&sim->fw);
err_fw:
	sim_fw_fini(&sim->fw);
err_fw_wq:
	destroy_workqueue(sim->fw_wq);
err_irq_wq:
	destroy_workqueue(sim->irq_wq);
	return ret;
}

static int sim_remove(struct platform_device *pdev)
{
	struct mei_device *mdev = platform_get_drvdata(pdev);
	struct sim_dev *sim = to_sim(mdev);

	/* no new debugfs-triggered FW events; waits for running writers */
	sim_debugfs_fini(sim);
	/* no more engine stages or ME resets */
	sim_update_stop(&sim->fw);

	mei_stop(mdev);

	mutex_lock(&sim->fw.lock);
	sim->fw.stopped = true;
	mutex_unlock(&sim->fw.lock);
	cancel_work_sync(&sim->fw.work);
	flush_workqueue(sim->irq_wq);

	mei_deregister(mdev);

	pm_runtime_disable(&pdev->dev);
	pm_runtime_set_suspended(&pdev->dev);
	pm_runtime_put_noidle(&pdev->dev);

	sim_update_fini(&sim->fw);
	sim_fw_fini(&sim->fw);
	destroy_workqueue(sim->fw_wq);
	destroy_workqueue(sim->irq_wq);
	return 0;
}

static struct platform_driver sim_driver = {
	.probe = sim_probe,
	.remove = sim_remove,
	.driver = {
		.name = SIM_DRV_NAME,
	},
};

static struct platform_device *sim_pdev;

/*
 * Refuse to run on a kernel whose mei.ko may not match our headers: the
 * module dereferences struct mei_device (private to drivers/misc/mei), so
 * the headers must come from the linux-source of exactly the running
 * Debian kernel.  Kbuild passes that source's Debian version (e.g.
 * "6.1.192-2"), which must appear in the kernel's UTS version string
 * ("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (...)").  For the record,
 * research measured sizeof(struct mei_device) = 3672 and
 * offsetof(ops) = 0xe50 on 6.1.192-2 amd64 (cross-checked against the
 * shipped mei.ko); a new ABI needs a rebuild from the new source.
 */
static int sim_check_kernel(void)
{
	const char *needle = "Debian " MEI_SIM_DEB_VERSION " ";

	if (strstr(init_utsname()->version, needle))
		return 0;
	pr_err("built against the mei headers of Debian kernel %s, but the running kernel is \"%s\": rebuild mei-sim for this kernel\n",
	       MEI_SIM_DEB_VERSION, init_utsname()->version);
	return -EINVAL;
}

static int __init sim_init(void)
{
	bool bound;
	int ret;

	ret = sim_check_kernel();
	if (ret)
		return ret;
	ret = sim_identity_init();
	if (ret)
		return ret;
	ret = sim_update_params_init();
	if (ret)
		return ret;

	ret = platform_driver_register(&sim_driver);
	if (ret)
		return ret;
	sim_pdev = platform_device_register_simple(SIM_DRV_NAME,
						   PLATFORM_DEVID_NONE,
						   NULL, 0);
	if (IS_ERR(sim_pdev)) {
		ret = PTR_ERR(sim_pdev);
		goto err_drv;
	}

	/* probe runs synchronously: fail the load if it failed */
	device_lock(&sim_pdev->dev);
	bound = !!sim_pdev->dev.driver;
	device_unlock(&sim_pdev->dev);
	if (!bound) {
		pr_err("the simulated ME did not come up\n");
		ret = sim_probe_ret ?: -ENODEV;
		goto err_dev;
	}
	return 0;

err_dev:
	platform_device_unregister(sim_pdev);
err_drv:
	platform_driver_unregister(&sim_driver);
	return ret;
}

static void __exit sim_exit(void)
{
	platform_device_unregister(sim_pdev);
	platform_driver_unregister(&sim_driver);
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("Simulated Intel ME behind the mei core (test world)");
MODULE_LICENSE("GPL");
