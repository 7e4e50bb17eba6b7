// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - attributes of /sys/class/mefw/mefwN
 * (Documentation/ABI/testing/sysfs-class-mefw)
 *
 * hfsts1..hfsts6 are the raw registers.  The decoded attributes are named
 * after the fields of common/mefw_status.c and decoded with its tables for
 * the family of the running firmware (from the code version major); a
 * family whose layout is not public (ME <= 5, or unknown) reads as
 * "undocumented".  Version, family and protocol come from the cached
 * identity; the first read asks the ME when nothing is cached, except
 * while an update transaction owns the ME: then only the cache answers
 * (EBUSY without one), so that reading sysfs never puts a request
 * between the messages of an update.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>

#include "mefw_drv.h"
#include "mefw_state.h"
#include "mefw_status.h"

/**
 * struct mefw_attr - an attribute with an index
 * @attr: the device attribute
 * @idx: register index (hfstsN) or enum mefw_field_id
 */
struct mefw_attr {
	struct device_attribute attr;
	unsigned int idx;
};

#define MEFW_ATTR_RO(_name, _show, _idx)				\
	struct mefw_attr mefw_attr_##_name = {				\
		.attr = __ATTR(_name, 0444, _show, NULL),		\
		.idx = (_idx),						\
	}

static inline struct mefw_dev *to_mefw_dev(struct device *dev)
{
	return container_of(dev, struct mefw_dev, dev);
}

static inline unsigned int mefw_attr_idx(struct device_attribute *attr)
{
	return container_of(attr, struct mefw_attr, attr)->idx;
}

static ssize_t mefw_hfsts_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	unsigned int i = mefw_attr_idx(attr);
	struct mefw_regs regs;
	int ret;

	ret = mefw_dev_regs(to_mefw_dev(dev), &regs);
	if (ret)
		return ret;
	if (i >= regs.count)
		return -ENODATA;

	return sysfs_emit(buf, "0x%08X\n", regs.hfsts[i]);
}

static ssize_t mefw_field_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct mefw_dev *mdev = to_mefw_dev(dev);
	const struct mefw_field *f;
	struct mefw_identity id;
	struct mefw_regs regs;
	const char *text;
	long raw;
	int ret;

	ret = mefw_dev_identity(mdev, &id, true);
	if (ret)
		return ret;

	f = mefw_field_get(id.family, mefw_attr_idx(attr));
	if (!f)
		return sysfs_emit(buf, "undocumented\n");

	ret = mefw_dev_regs(mdev, &regs);
	if (ret)
		return ret;

	raw = mefw_field_raw(f, regs.hfsts, regs.count);
	if (raw < 0)
		return -ENODATA;

	text = mefw_field_text(f, raw);
	if (!text)
		return sysfs_emit(buf, "Unknown (%ld)\n", raw);
	return sysfs_emit(buf, "%s\n", text);
}

static ssize_t fw_version_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct mefw_identity id;
	int ret;

	ret = mefw_dev_identity(to_mefw_dev(dev), &id, true);
	if (ret)
		return ret;
	if (!(id.valid & (MEFW_ID_VERSION | MEFW_ID_MKHI_VERSION)))
		return -ENODATA;

	return sysfs_emit(buf, "%u.%u.%u.%u\n", id.code.major, id.code.minor,
			  id.code.hotfix, id.code.build);
}
static DEVICE_ATTR_RO(fw_version);

static ssize_t family_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct mefw_identity id;
	int ret;

	ret = mefw_dev_identity(to_mefw_dev(dev), &id, true);
	if (ret)
		return ret;

	return sysfs_emit(buf, "%s\n", mefw_family_name(id.family));
}
static DEVICE_ATTR_RO(family);

static ssize_t protocol_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct mefw_identity id;
	const char *name;
	int ret;

	ret = mefw_dev_identity(to_mefw_dev(dev), &id, true);
	if (ret)
		return ret;

	switch (id.protocol) {
	case MEFW_PROTO_LEGACY_FWU:
		name = "legacy-fwu";
		break;
	case MEFW_PROTO_UNSUPPORTED:
		name = "unsupported";
		break;
	default:
		name = "unknown";
		break;
	}

	return sysfs_emit(buf, "%s\n", name);
}
static DEVICE_ATTR_RO(protocol);

static ssize_t update_state_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct mefw_dev *mdev = to_mefw_dev(dev);
	u32 state = MEFW_STATE_IDLE;
	int ret = 0;

	down_read(&mdev->lock);
	if (READ_ONCE(mdev->dead) || !mdev->me)
		ret = -ENODEV;
	else
		state = mefw_me_update_state(mdev->me);
	up_read(&mdev->lock);
	if (ret)
		return ret;

	return sysfs_emit(buf, "%s\n", mefw_state_name(state));
}
static DEVICE_ATTR_RO(update_state);

static MEFW_ATTR_RO(hfsts1, mefw_hfsts_show, 0);
static MEFW_ATTR_RO(hfsts2, mefw_hfsts_show, 1);
static MEFW_ATTR_RO(hfsts3, mefw_hfsts_show, 2);
static MEFW_ATTR_RO(hfsts4, mefw_hfsts_show, 3);
static MEFW_ATTR_RO(hfsts5, mefw_hfsts_show, 4);
static MEFW_ATTR_RO(hfsts6, mefw_hfsts_show, 5);

static MEFW_ATTR_RO(current_state, mefw_field_show, MEFW_F_CURRENT_STATE);
static MEFW_ATTR_RO(manufacturing_mode, mefw_field_show,
		    MEFW_F_MANUFACTURING_MODE);
static MEFW_ATTR_RO(flash_partition, mefw_field_show, MEFW_F_FLASH_PARTITION);
static MEFW_ATTR_RO(operational_state, mefw_field_show,
		    MEFW_F_OPERATIONAL_STATE);
static MEFW_ATTR_RO(init_complete, mefw_field_show, MEFW_F_INIT_COMPLETE);
static MEFW_ATTR_RO(bup_load_state, mefw_field_show, MEFW_F_BUP_LOAD_STATE);
static MEFW_ATTR_RO(error_code, mefw_field_show, MEFW_F_ERROR_CODE);
static MEFW_ATTR_RO(mode_of_operation, mefw_field_show,
		    MEFW_F_MODE_OF_OPERATION);
static MEFW_ATTR_RO(phase, mefw_field_show, MEFW_F_PHASE);
static MEFW_ATTR_RO(icc, mefw_field_show, MEFW_F_ICC);
static MEFW_ATTR_RO(mfs_corrupted, mefw_field_show, MEFW_F_MFS_CORRUPTED);
static MEFW_ATTR_RO(update_in_progress, mefw_field_show,
		    MEFW_F_UPDATE_IN_PROGRESS);

static struct attribute *mefw_dev_attrs[] = {
	&mefw_attr_hfsts1.attr.attr,
	&mefw_attr_hfsts2.attr.attr,
	&mefw_attr_hfsts3.attr.attr,
	&mefw_attr_hfsts4.attr.attr,
	&mefw_attr_hfsts5.attr.attr,
	&mefw_attr_hfsts6.attr.attr,
	&dev_attr_fw_version.attr,
	&dev_attr_family.attr,
	&dev_attr_protocol.attr,
	&dev_attr_update_state.attr,
	&mefw_attr_current_state.attr.attr,
	&mefw_attr_manufacturing_mode.attr.attr,
	&mefw_attr_flash_partition.attr.attr,
	&mefw_attr_operational_state.attr.attr,
	&mefw_attr_init_complete.attr.attr,
	&mefw_attr_bup_load_state.attr.attr,
	&mefw_attr_error_code.attr.attr,
	&mefw_attr_mode_of_operation.attr.attr,
	&mefw_attr_phase.attr.attr,
	&mefw_attr_icc.attr.attr,
	&mefw_attr_mfs_corrupted.attr.attr,
	&mefw_attr_update_in_progress.attr.attr,
	NULL
};

static const struct attribute_group mefw_dev_group = {
	.attrs = mefw_dev_attrs,
};

const struct attribute_group *mefw_dev_groups[] = {
	&mefw_dev_group,
	NULL
};
