// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - the character device /dev/mefwN and its lifetime
 *
 * struct mefw_dev embeds the class device and the cdev (cdev_device_add()),
 * so open files pin it through the device refcount and it is freed by the
 * device release on the last put, which may come long after remove().
 * remove() marks it dead first: from then on every file operation and
 * every sysfs read fails with -ENODEV, and it drops every pointer to the
 * bus side under the write side of @lock.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "mefw_drv.h"

static dev_t mefw_devt;
static DEFINE_IDA(mefw_ida);

static struct class mefw_class = {
	.name = "mefw",
	.owner = THIS_MODULE,
	.dev_groups = mefw_dev_groups,
};

static void mefw_dev_release(struct device *dev)
{
	struct mefw_dev *mdev = container_of(dev, struct mefw_dev, dev);

	if (mdev->minor >= 0)
		ida_free(&mefw_ida, mdev->minor);
	kfree(mdev);
}

/**
 * mefw_dev_identity() - the identity of the ME behind a device
 * @mdev: the device
 * @id: filled in
 * @cached: return the last answer if there is one, else ask
 *
 * Asking stores the answer for later cached calls (sysfs).  While an
 * update transaction owns the ME nothing is asked: a cached call gets
 * the last answer, an uncached one (and a cached one without an answer)
 * -EBUSY.
 *
 * Return: 0, -ENODEV after remove(), or an error of mefw_query_identity().
 */
int mefw_dev_identity(struct mefw_dev *mdev, struct mefw_identity *id,
		      bool cached)
{
	struct mefw_identity *tmp;
	int ret;

	if (cached) {
		mutex_lock(&mdev->id_lock);
		if (mdev->id_valid)
			*id = mdev->id;
		ret = mdev->id_valid ? 0 : -ENODATA;
		mutex_unlock(&mdev->id_lock);
		if (!ret)
			return 0;
	}

	tmp = kzalloc(sizeof(*tmp), GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;

	down_read(&mdev->lock);
	if (READ_ONCE(mdev->dead) || !mdev->me)
		ret = -ENODEV;
	else
		ret = mefw_query_identity(mdev->me, mdev->fwu, tmp,
					  &mdev->dead);
	up_read(&mdev->lock);

	if (!ret) {
		mutex_lock(&mdev->id_lock);
		mdev->id = *tmp;
		mdev->id_valid = true;
		mutex_unlock(&mdev->id_lock);
		*id = *tmp;
	}
	kfree(tmp);

	return ret;
}

/**
 * mefw_dev_regs() - read the status registers of the ME behind a device
 * @mdev: the device
 * @regs: filled in
 *
 * Return: 0, -ENODEV after remove(), or an error of mefw_regs_read().
 */
int mefw_dev_regs(struct mefw_dev *mdev, struct mefw_regs *regs)
{
	int ret;

	down_read(&mdev->lock);
	if (READ_ONCE(mdev->dead) || !mdev->me)
		ret = -ENODEV;
	else
		ret = mefw_regs_read(mdev->me, regs);
	up_read(&mdev->lock);

	return ret;
}

/* first identity fetch, so that sysfs has an answer without waiting */
static void mefw_dev_id_work(struct work_struct *work)
{
	struct mefw_dev *mdev = container_of(work, struct mefw_dev, id_work);
	struct mefw_identity *id;
	int ret;

	id = kmalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return;
	ret = mefw_dev_identity(mdev, id, false);
	/* -EBUSY: an update owns the ME; the first read after it asks */
	if (ret && ret != -ENODEV && ret != -EBUSY)
		dev_info(&mdev->dev, "identity query failed: %d\n", ret);
	kfree(id);
}

static int mefw_open(struct inode *inode, struct file *filp)
{
	struct mefw_dev *mdev = container_of(inode->i_cdev, struct mefw_dev,
					     cdev);
	struct mefw_file *f;

	if (READ_ONCE(mdev->dead))
		return -ENODEV;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	init_waitqueue_head(&f->wait);
	get_device(&mdev->dev);
	f->mdev = mdev;
	filp->private_data = f;

	return nonseekable_open(inode, filp);
}

static int mefw_release(struct inode *inode, struct file *filp)
{
	struct mefw_file *f = filp->private_data;

	mefw_update_file_release(f);
	put_device(&f->mdev->dev);
	kfree(f);
	return 0;
}

static ssize_t mefw_write(struct file *filp, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	struct mefw_file *f = filp->private_data;

	if (READ_ONCE(f->mdev->dead))
		return -ENODEV;
	return mefw_update_write(f, buf, count);
}

static __poll_t mefw_poll(struct file *filp, poll_table *wait)
{
	return mefw_update_poll(filp->private_data, filp, wait);
}

static const struct file_operations mefw_fops = {
	.owner = THIS_MODULE,
	.open = mefw_open,
	.release = mefw_release,
	.write = mefw_write,
	.poll = mefw_poll,
	.unlocked_ioctl = mefw_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

/**
 * mefw_dev_create() - create /dev/mefwN for a FWUpdate client
 * @me: the ME
 * @fwu: its FWUpdate client, connected
 * @parent: the bus device (only until remove: device_del drops it)
 *
 * Also queues the first identity fetch.
 *
 * Return: the device, or an ERR_PTR().
 */
struct mefw_dev *mefw_dev_create(struct mefw_me *me, struct mefw_client *fwu,
				 struct device *parent)
{
	struct mefw_dev *mdev;
	int minor, ret;

	mdev = kzalloc(sizeof(*mdev), GFP_KERNEL);
	if (!mdev)
		return ERR_PTR(-ENOMEM);

	minor = ida_alloc_max(&mefw_ida, MEFW_MAX_DEVS - 1, GFP_KERNEL);
	if (minor < 0) {
		kfree(mdev);
		return ERR_PTR(minor == -ENOSPC ? -EBUSY : minor);
	}

	mdev->minor = minor;
	mdev->me = me;
	mdev->fwu = fwu;
	init_rwsem(&mdev->lock);
	mutex_init(&mdev->id_lock);
	INIT_WORK(&mdev->id_work, mefw_dev_id_work);

	device_initialize(&mdev->dev);
	mdev->dev.class = &mefw_class;
	mdev->dev.parent = parent;
	mdev->dev.devt = MKDEV(MAJOR(mefw_devt), minor);
	mdev->dev.release = mefw_dev_release;
	/* from here on the release callback frees minor and memory */

	ret = dev_set_name(&mdev->dev, "mefw%d", minor);
	if (ret)
		goto err_put;

	cdev_init(&mdev->cdev, &mefw_fops);
	mdev->cdev.owner = THIS_MODULE;

	ret = cdev_device_add(&mdev->cdev, &mdev->dev);
	if (ret)
		goto err_put;

	queue_work(system_long_wq, &mdev->id_work);

	return mdev;

err_put:
	put_device(&mdev->dev);
	return ERR_PTR(ret);
}

/**
 * mefw_dev_remove() - the FWUpdate client is going away
 * @mdev: its device
 *
 * Fails every waiter with -ENODEV (also one waiting for MKHI on its
 * behalf), removes the device node and sysfs directory, waits for the
 * operations in progress and drops the pointers to the bus side.  Open
 * files keep @mdev itself alive; the last close frees it.
 */
void mefw_dev_remove(struct mefw_dev *mdev)
{
	WRITE_ONCE(mdev->dead, true);
	mefw_client_kill(mdev->fwu);
	mefw_me_wake(mdev->me);

	cancel_work_sync(&mdev->id_work);

	/* drains sysfs readers; they saw ->dead or end promptly */
	cdev_device_del(&mdev->cdev, &mdev->dev);

	/*
	 * The node is gone and cdev_del() detached the inodes of open files
	 * from the cdev: the minor may be reused now, so that the ME coming
	 * back after a reset is mefwN again even while old files are open.
	 */
	ida_free(&mefw_ida, mdev->minor);
	mdev->minor = -1;

	down_write(&mdev->lock);
	mdev->me = NULL;
	mdev->fwu = NULL;
	up_write(&mdev->lock);

	put_device(&mdev->dev);
}

/**
 * mefw_cdev_init() - register the class and the char device region
 *
 * Return: 0 or -errno.
 */
int mefw_cdev_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&mefw_devt, 0, MEFW_MAX_DEVS, "mefw");
	if (ret)
		return ret;

	ret = class_register(&mefw_class);
	if (ret)
		unregister_chrdev_region(mefw_devt, MEFW_MAX_DEVS);

	return ret;
}

/**
 * mefw_cdev_exit() - undo mefw_cdev_init()
 */
void mefw_cdev_exit(void)
{
	class_unregister(&mefw_class);
	unregister_chrdev_region(mefw_devt, MEFW_MAX_DEVS);
	ida_destroy(&mefw_ida);
}
