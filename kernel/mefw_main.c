// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - Intel ME firmware status and update driver for the mei bus
 *
 * Binds two firmware clients of the ME by UUID:
 *  - FWUpdate (309DCDE8-CCB1-4062-8F78-600115A34327), the legacy (ME 6-10)
 *    firmware update client: gets /dev/mefwN and /sys/class/mefw/mefwN;
 *    stays connected while bound;
 *  - MKHI (8E6A6715-9ABC-4043-88EF-9E39C6F63E0F), asked on behalf of the
 *    FWUpdate client of the same ME (versions, FWCAPS rule 7, HMRFPO);
 *    connected only during a conversation, so that other users of MKHI
 *    (e.g. userspace through /dev/meiN) are not locked out.
 */
#include <linux/kernel.h>
#include <linux/mei_cl_bus.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "mefw_drv.h"
#include "mefw_heci.h"
#include "mefw_update.h"

unsigned int mefw_reply_timeout_ms = 5000;
unsigned int mefw_poll_ms = 250;
unsigned int mefw_stall_ms = 30000;
unsigned int mefw_total_ms = 300000;
bool mefw_unloading;

/**
 * struct mefw_uint_param - an unsigned module parameter with a range
 * @val: the variable
 * @min: smallest accepted value
 * @max: largest accepted value
 */
struct mefw_uint_param {
	unsigned int *val;
	unsigned int min;
	unsigned int max;
};

static int mefw_uint_param_set(const char *val, const struct kernel_param *kp)
{
	const struct mefw_uint_param *p = kp->arg;
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v < p->min || v > p->max)
		return -EINVAL;

	WRITE_ONCE(*p->val, v);
	return 0;
}

static int mefw_uint_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct mefw_uint_param *p = kp->arg;

	return scnprintf(buffer, PAGE_SIZE, "%u\n", READ_ONCE(*p->val));
}

static const struct kernel_param_ops mefw_uint_param_ops = {
	.set = mefw_uint_param_set,
	.get = mefw_uint_param_get,
};

static const struct mefw_uint_param mefw_param_reply_timeout = {
	.val = &mefw_reply_timeout_ms, .min = 100, .max = 600000,
};
module_param_cb(reply_timeout_ms, &mefw_uint_param_ops,
		(void *)&mefw_param_reply_timeout, 0644);
MODULE_PARM_DESC(reply_timeout_ms,
		 "How long to wait for each firmware reply, in ms (100..600000, default 5000)");

static const struct mefw_uint_param mefw_param_poll = {
	.val = &mefw_poll_ms, .min = 10, .max = 10000,
};
module_param_cb(poll_ms, &mefw_uint_param_ops, (void *)&mefw_param_poll,
		0644);
MODULE_PARM_DESC(poll_ms,
		 "Update progress polling interval after END, in ms (10..10000, default 250)");

static const struct mefw_uint_param mefw_param_stall = {
	.val = &mefw_stall_ms, .min = 1000, .max = 3600000,
};
module_param_cb(stall_ms, &mefw_uint_param_ops, (void *)&mefw_param_stall,
		0644);
MODULE_PARM_DESC(stall_ms,
		 "Fail an update whose progress did not move, could not be read, or whose ME did not come back for this long, in ms (1000..3600000, default 30000)");

static const struct mefw_uint_param mefw_param_total = {
	.val = &mefw_total_ms, .min = 1000, .max = 3600000,
};
module_param_cb(total_ms, &mefw_uint_param_ops, (void *)&mefw_param_total,
		0644);
MODULE_PARM_DESC(total_ms,
		 "Fail an update not finished this long after END, in ms (1000..3600000, default 300000)");

static int mefw_probe(struct mei_cl_device *cldev,
		      const struct mei_cl_device_id *id)
{
	enum mefw_client_kind kind = id->driver_info;
	struct mefw_client *cl;
	struct mefw_dev *mdev;
	struct mefw_me *me;
	int ret;

	me = mefw_me_get(cldev->dev.parent);
	if (!me)
		return -ENOMEM;

	cl = mefw_client_create(cldev, kind, kind == MEFW_CLIENT_FWU);
	if (IS_ERR(cl)) {
		ret = PTR_ERR(cl);
		goto err_me;
	}
	cl->me = me;
	mei_cldev_set_drvdata(cldev, cl);

	ret = mefw_client_start(cl);
	if (ret) {
		dev_err(&cldev->dev, "cannot connect: %d\n", ret);
		goto err_client;
	}

	if (kind == MEFW_CLIENT_FWU) {
		mdev = mefw_dev_create(me, cl, &cldev->dev);
		if (IS_ERR(mdev)) {
			ret = PTR_ERR(mdev);
			dev_err(&cldev->dev, "cannot create device: %d\n", ret);
			goto err_client;
		}
		cl->mdev = mdev;
	}

	mefw_me_attach(me, cl);
	mefw_update_client_added(me);

	/*
	 * Take the reference on the mei class device (status registers) now
	 * if the mei core has registered it already; else on first use.
	 */
	put_device(mefw_me_get_mei_dev(me));
	return 0;

err_client:
	mefw_client_shutdown(cl);
	mefw_client_put(cl);
err_me:
	mefw_me_put(me);
	return ret;
}

static void mefw_remove(struct mei_cl_device *cldev)
{
	struct mefw_client *cl = mei_cldev_get_drvdata(cldev);
	struct mefw_me *me = cl->me;

	/* before the detach: a failure can still read the registers */
	mefw_update_client_removed(me, cl, READ_ONCE(mefw_unloading));
	if (cl->mdev)
		mefw_dev_remove(cl->mdev);
	mefw_me_detach(me, cl);
	mefw_client_shutdown(cl);
	mefw_client_put(cl);
	mefw_me_put(me);
}

static const struct mei_cl_device_id mefw_tbl[] = {
	{ .uuid = MEFW_UUID_FWU, .version = MEI_CL_VERSION_ANY,
	  .driver_info = MEFW_CLIENT_FWU },
	{ .uuid = MEFW_UUID_MKHI, .version = MEI_CL_VERSION_ANY,
	  .driver_info = MEFW_CLIENT_MKHI },
	{ }
};
MODULE_DEVICE_TABLE(mei, mefw_tbl);

static struct mei_cl_driver mefw_driver = {
	.id_table = mefw_tbl,
	.name = KBUILD_MODNAME,
	.probe = mefw_probe,
	.remove = mefw_remove,
};

static int __init mefw_init(void)
{
	int ret;

	ret = mefw_heci_init();
	if (ret)
		return ret;

	ret = mefw_update_init();
	if (ret)
		goto err_heci;

	ret = mefw_cdev_init();
	if (ret)
		goto err_update;

	ret = mei_cldev_driver_register(&mefw_driver);
	if (ret)
		goto err_cdev;

	return 0;

err_cdev:
	mefw_cdev_exit();
err_update:
	mefw_update_exit();
err_heci:
	mefw_heci_exit();
	return ret;
}

static void __exit mefw_exit(void)
{
	WRITE_ONCE(mefw_unloading, true);
	mei_cldev_driver_unregister(&mefw_driver);
	mefw_me_kill_updates();
	mefw_update_exit();
	mefw_cdev_exit();
	mefw_heci_exit();
}

module_init(mefw_init);
module_exit(mefw_exit);

MODULE_DESCRIPTION("Intel ME firmware status and update (mei bus client)");
MODULE_LICENSE("GPL");
