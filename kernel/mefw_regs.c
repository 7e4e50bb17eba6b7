// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - host firmware status registers (HFSTS1..6)
 *
 * The registers belong to the mei host driver: mei-me reads them from PCI
 * configuration space through hw_ops->fw_status(), which only the mei core
 * may call (struct mei_device is private to drivers/misc/mei).  The core
 * publishes them in the fw_status attribute of its class device
 * /sys/class/mei/meiN, a child of the same host device as our bus device.
 *
 * Stop-gap: we call that attribute's show() ourselves and parse its
 * "%08X\n" lines; the show takes the mei device_lock and calls
 * hw_ops->fw_status(), so this works on real mei-me hardware and on the
 * simulator alike, without including the core's private headers.  The
 * same trick reads the bus device's max_len (6.1 has no mei_cldev_mtu()).
 * Upstream, the right fix is a bus helper next to mei_cldev_ver(), e.g.
 * mei_cldev_fw_status(cldev, &fw_status), and this file would shrink to a
 * call of it.
 *
 * Callers must ensure the mei device is alive: a client of the ME is
 * bound, so the mei core has not deregistered yet.
 */
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "mefw_drv.h"

/**
 * mefw_dev_attr_show() - call the show method of a device attribute
 * @dev: the device
 * @groups: attribute groups to search (e.g. dev->groups)
 * @name: attribute name
 * @page: PAGE_SIZE buffer, as sysfs would pass
 *
 * Return: what show() returns, -ENOENT when there is no such attribute,
 * -EIO when it is write-only.
 */
ssize_t mefw_dev_attr_show(struct device *dev,
			   const struct attribute_group **groups,
			   const char *name, char *page)
{
	const struct attribute_group *grp;
	struct device_attribute *da;
	struct attribute **attr;

	for (; groups && *groups; groups++) {
		grp = *groups;
		for (attr = grp->attrs; attr && *attr; attr++) {
			if (strcmp((*attr)->name, name))
				continue;
			da = container_of(*attr, struct device_attribute, attr);
			if (!da->show)
				return -EIO;
			return da->show(dev, da, page);
		}
	}

	return -ENOENT;
}

static int mefw_regs_parse(char *text, struct mefw_regs *regs)
{
	char *line;
	u32 val;

	regs->count = 0;
	while ((line = strsep(&text, "\n")) != NULL) {
		if (!*line)
			continue;
		if (regs->count >= MEFW_STATUS_REGS)
			break;
		if (kstrtou32(line, 16, &val))
			return -EIO;
		regs->hfsts[regs->count++] = val;
	}

	return 0;
}

/**
 * mefw_regs_read_dev() - read HFSTS1..6 through a mei class device
 * @mei_dev: /sys/class/mei/meiN; the caller keeps it alive and registered
 *	(a client of its ME is bound)
 * @regs: filled with the registers the platform provides
 *
 * Never talks to the firmware.
 *
 * Return: 0, -ENOMEM, or the error of the mei core.
 */
int mefw_regs_read_dev(struct device *mei_dev, struct mefw_regs *regs)
{
	ssize_t len;
	char *page;
	int ret;

	memset(regs, 0, sizeof(*regs));

	page = (char *)get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;

	len = mefw_dev_attr_show(mei_dev, mei_dev->groups, "fw_status", page);
	if (len < 0) {
		ret = len;
		goto out_free;
	}
	page[min_t(size_t, len, PAGE_SIZE - 1)] = '\0';
	ret = mefw_regs_parse(page, regs);

out_free:
	free_page((unsigned long)page);
	return ret;
}

/**
 * mefw_regs_read() - read HFSTS1..6 of an ME
 * @me: the ME (a client of it is bound)
 * @regs: filled with the registers the platform provides
 *
 * Never talks to the firmware.
 *
 * Return: 0, -EAGAIN when the mei class device is not registered yet,
 * -ENOMEM, or the error of the mei core.
 */
int mefw_regs_read(struct mefw_me *me, struct mefw_regs *regs)
{
	struct device *mei_dev;
	int ret;

	memset(regs, 0, sizeof(*regs));

	mei_dev = mefw_me_get_mei_dev(me);
	if (!mei_dev)
		return -EAGAIN;
	ret = mefw_regs_read_dev(mei_dev, regs);
	put_device(mei_dev);
	return ret;
}
