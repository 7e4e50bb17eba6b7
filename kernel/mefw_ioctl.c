// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - ioctls of /dev/mefwN (include/uapi/linux/mefw.h)
 *
 * Commands are matched on type, number and direction; the size field of
 * the command is the size of the caller's structure.  A caller's structure
 * smaller than the first published version gets -EINVAL; otherwise the
 * kernel copies out min(caller size, kernel size) bytes and reports that
 * number in the structure's @size, so old binaries work on new kernels and
 * new binaries on old kernels.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>

#include "mefw_drv.h"

/* the command without its size */
#define MEFW_IOC_KEY(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* sizes of the first published versions (v1) of the structures */
#define MEFW_IDENTITY_SIZE_V1	offsetofend(struct mefw_identity, reserved)
#define MEFW_REGS_SIZE_V1	offsetofend(struct mefw_status_regs, hfsts)

/* copy the first @size bytes of @kbuf out */
static long mefw_copy_out(void __user *uarg, const void *kbuf, size_t size)
{
	return copy_to_user(uarg, kbuf, size) ? -EFAULT : 0;
}

static long mefw_ioctl_abi_version(void __user *uarg, size_t usize)
{
	__u32 v = MEFW_ABI_VERSION;

	if (usize < sizeof(v))
		return -EINVAL;
	return put_user(v, (__u32 __user *)uarg);
}

static long mefw_ioctl_identity(struct mefw_dev *mdev, void __user *uarg,
				size_t usize)
{
	struct mefw_identity *id;
	long ret;

	if (usize < MEFW_IDENTITY_SIZE_V1)
		return -EINVAL;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;

	ret = mefw_dev_identity(mdev, id, false);
	if (!ret) {
		id->size = min(usize, sizeof(*id));
		ret = mefw_copy_out(uarg, id, id->size);
	}

	kfree(id);
	return ret;
}

static long mefw_ioctl_status_regs(struct mefw_dev *mdev, void __user *uarg,
				   size_t usize)
{
	struct mefw_status_regs out = { };
	struct mefw_regs regs;
	unsigned int i;
	long ret;

	if (usize < MEFW_REGS_SIZE_V1)
		return -EINVAL;

	ret = mefw_dev_regs(mdev, &regs);
	if (ret)
		return ret;

	out.count = regs.count;
	for (i = 0; i < regs.count; i++)
		out.hfsts[i] = regs.hfsts[i];

	out.size = min(usize, sizeof(out));
	return mefw_copy_out(uarg, &out, out.size);
}

/**
 * mefw_ioctl() - ioctl entry point of /dev/mefwN
 * @filp: the open file
 * @cmd: MEFW_IOC_*, with the caller's structure size
 * @arg: user pointer to the caller's structure
 *
 * Return: 0 or -errno: -ENODEV once the device has been removed (except
 * for MEFW_IOC_UPDATE_PROGRESS and MEFW_IOC_UPDATE_CANCEL), -ENOTTY
 * for an unknown command, -EINVAL when the caller's structure is smaller
 * than its first version, -EFAULT for a bad pointer, or the command's own
 * error (see Documentation/ioctl.md).
 */
long mefw_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct mefw_file *f = filp->private_data;
	struct mefw_dev *mdev = f->mdev;
	void __user *uarg = (void __user *)arg;
	size_t usize = _IOC_SIZE(cmd);

	/* the transaction outlives the device: these work after remove() */
	switch (MEFW_IOC_KEY(cmd)) {
	case MEFW_IOC_KEY(MEFW_IOC_UPDATE_PROGRESS):
		return mefw_update_ioctl_progress(f, uarg, usize);
	case MEFW_IOC_KEY(MEFW_IOC_UPDATE_CANCEL):
		return mefw_update_ioctl_cancel(f);
	}

	if (READ_ONCE(mdev->dead))
		return -ENODEV;

	switch (MEFW_IOC_KEY(cmd)) {
	case MEFW_IOC_KEY(MEFW_IOC_ABI_VERSION):
		return mefw_ioctl_abi_version(uarg, usize);
	case MEFW_IOC_KEY(MEFW_IOC_IDENTITY):
		return mefw_ioctl_identity(mdev, uarg, usize);
	case MEFW_IOC_KEY(MEFW_IOC_STATUS_REGS):
		return mefw_ioctl_status_regs(mdev, uarg, usize);
	case MEFW_IOC_KEY(MEFW_IOC_UPDATE_BEGIN):
		return mefw_update_ioctl_begin(f, uarg, usize);
	case MEFW_IOC_KEY(MEFW_IOC_UPDATE_END):
		return mefw_update_ioctl_end(f);
	default:
		return -ENOTTY;
	}
}
