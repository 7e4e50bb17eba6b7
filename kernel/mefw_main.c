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

#define MEFW_TIMEOUT_MIN_MS	100
#define MEFW_TIMEOUT_MAX_MS	600000

unsigned int mefw_reply_timeout_ms = 5000;

static int mefw_timeout_set(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;
	int ret;

	ret = kstrtouint(val, 0, &ms);
	if (ret)
		return ret;
	if (ms < MEFW_TIMEOUT_MIN_MS || ms > MEFW_TIMEOUT_MAX_MS)
		return -EINVAL;

	WRITE_ONCE(*(unsigned int *)kp->arg, ms);
	return 0;
}

static const struct kernel_param_ops mefw_timeout_ops = {
	.set = mefw_timeout_set,
	.get = param_get_uint,
};

module_param_cb(reply_timeout_ms, &mefw_timeout_ops, &mefw_reply_timeout_ms,
		0644);
MODULE_PARM_DESC(reply_timeout_ms,
		 "How long to wait for each firmware reply, in ms (100..600000, default 5000)");

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

	ret = mefw_cdev_init();
	if (ret)
		goto err_heci;

	ret = mei_cldev_driver_register(&mefw_driver);
	if (ret)
		goto err_cdev;

	return 0;

err_cdev:
	mefw_cdev_exit();
err_heci:
	mefw_heci_exit();
	return ret;
}

static void __exit mefw_exit(void)
{
	mei_cldev_driver_unregister(&mefw_driver);
	mefw_cdev_exit();
	mefw_heci_exit();
}

module_init(mefw_init);
module_exit(mefw_exit);

MODULE_DESCRIPTION("Intel ME firmware status and update (mei bus client)");
MODULE_LICENSE("GPL");
