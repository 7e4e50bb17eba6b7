// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: the simulated SPI flash, persisted in a backing file
 * (module parameter flash=/absolute/path), so that a module reload or a
 * VM reboot with the same file comes up running what was last written.
 *
 * File layout (simulator convention, little endian): a header at 0
 * (struct sim_flash_hdr, CRC-32 protected), the last image written at
 * SIM_FLASH_DATA.  The header names the version running from flash
 * ("active") and, while the engine writes, the one being written
 * ("pending") with state WRITING.  A load that finds WRITING (power cut
 * mid-write) boots the recovery copy: the active (old) version, with the
 * firmware in recovery state, as ME 6-10 fall back to their recovery
 * partition.
 *
 * Only the probe and the update engine touch the file, never at the same
 * time; the engine does its I/O without the firmware lock.
 */
#include <linux/crc32.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/string.h>

#include "mefw_heci.h"
#include "sim.h"

#define SIM_FLASH_MAGIC		0x4c464d53	/* "SMFL" */
#define SIM_FLASH_VERSION	1
#define SIM_FLASH_DATA		4096
#define SIM_FLASH_CLEAN		1
#define SIM_FLASH_WRITING	2
#define SIM_FLASH_PRESET_LEN	8

/* HFSTS1 CurrentState (bits 3:0): 2 = recovery */
#define SIM_HFSTS1_STATE_MASK	0xf
#define SIM_HFSTS1_STATE_REC	2

struct sim_flash_rec {
	__le16 ver[4];
	__le32 svn;
	__le32 vcn;
	__le32 sku;
} __packed;

struct sim_flash_hdr {
	__le32 magic;
	__le32 version;
	__le32 state;
	char preset[SIM_FLASH_PRESET_LEN];
	struct sim_flash_rec active;
	struct sim_flash_rec pending;
	__le32 image_len;
	__le32 last_status;
	__le32 last_reset_type;
	__le32 crc;	/* crc32_le(~0) of everything before it */
} __packed;

static void sim_flash_rec_from_id(struct sim_flash_rec *r,
				  const struct sim_identity *id)
{
	r->ver[0] = cpu_to_le16(id->code.major);
	r->ver[1] = cpu_to_le16(id->code.minor);
	r->ver[2] = cpu_to_le16(id->code.hotfix);
	r->ver[3] = cpu_to_le16(id->code.build);
	r->svn = cpu_to_le32(id->svn);
	r->vcn = cpu_to_le32(id->vcn);
	r->sku = cpu_to_le32(id->sku);
}

static void sim_flash_rec_from_img(struct sim_flash_rec *r,
				   const struct sim_img_info *img)
{
	r->ver[0] = cpu_to_le16(img->ver.major);
	r->ver[1] = cpu_to_le16(img->ver.minor);
	r->ver[2] = cpu_to_le16(img->ver.hotfix);
	r->ver[3] = cpu_to_le16(img->ver.build);
	r->svn = cpu_to_le32(img->svn);
	r->vcn = cpu_to_le32(img->vcn);
	r->sku = cpu_to_le32(img->sku);
}

static u32 sim_flash_crc(const struct sim_flash_hdr *h)
{
	return crc32_le(~0, (const u8 *)h, offsetof(struct sim_flash_hdr, crc));
}

static int sim_flash_put_hdr(struct sim_fw *fw, struct sim_flash_hdr *h)
{
	struct file *f = fw->flash.file;
	loff_t pos = 0;
	ssize_t n;
	int ret;

	h->magic = cpu_to_le32(SIM_FLASH_MAGIC);
	h->version = cpu_to_le32(SIM_FLASH_VERSION);
	strscpy(h->preset, fw->id.preset, sizeof(h->preset));
	h->crc = cpu_to_le32(sim_flash_crc(h));
	n = kernel_write(f, h, sizeof(*h), &pos);
	if (n != sizeof(*h)) {
		ret = n < 0 ? n : -EIO;
		goto err;
	}
	ret = vfs_fsync(f, 0);
	if (!ret)
		return 0;
err:
	dev_err(fw->sim->dev, "flash %s: header write failed: %d\n",
		fw->flash.path, ret);
	return ret;
}

static void sim_flash_apply(struct sim_fw *fw, const struct sim_flash_rec *r)
{
	struct sim_identity *id = &fw->id;

	id->code.major = le16_to_cpu(r->ver[0]);
	id->code.minor = le16_to_cpu(r->ver[1]);
	id->code.hotfix = le16_to_cpu(r->ver[2]);
	id->code.build = le16_to_cpu(r->ver[3]);
	id->recovery = id->code;
	id->amt = id->code;
	id->ipu_ver = id->code;
	id->svn = min_t(u32, le32_to_cpu(r->svn), U16_MAX);
	id->vcn = min_t(u32, le32_to_cpu(r->vcn), U16_MAX);
}

/* an existing flash file: check it, then run what it holds */
static int sim_flash_load(struct sim_fw *fw)
{
	struct sim_flash_hdr h;
	struct sim_identity *id = &fw->id;
	const char *why = NULL;
	loff_t pos = 0;
	ssize_t n;

	n = kernel_read(fw->flash.file, &h, sizeof(h), &pos);
	if (n < 0)
		return n;
	if (n != sizeof(h))
		why = "too short";
	else if (le32_to_cpu(h.magic) != SIM_FLASH_MAGIC)
		why = "bad magic";
	else if (le32_to_cpu(h.version) != SIM_FLASH_VERSION)
		why = "unknown version";
	else if (le32_to_cpu(h.crc) != sim_flash_crc(&h))
		why = "bad header checksum";
	else if (strncmp(h.preset, id->preset, sizeof(h.preset)))
		why = "written by another identity preset";
	if (why) {
		dev_err(fw->sim->dev, "flash %s: not a usable mei-sim flash file (%s); use a new or empty file\n",
			fw->flash.path, why);
		return -EINVAL;
	}

	sim_flash_apply(fw, &h.active);
	id->last_fw_update_status = le32_to_cpu(h.last_status);
	id->last_update_reset_type = le32_to_cpu(h.last_reset_type);
	if (le32_to_cpu(h.state) == SIM_FLASH_WRITING) {
		/* power cut mid-write: boot the recovery copy */
		fw->upd.from_recovery = true;
		id->last_fw_update_status = SIM_FWU_ST_INTERNAL;
		id->hfsts[0] = (id->hfsts[0] & ~SIM_HFSTS1_STATE_MASK) |
			       SIM_HFSTS1_STATE_REC;
		dev_warn(fw->sim->dev, "flash %s: update to %u.%u.%u.%u was cut off: booting the recovery copy %u.%u.%u.%u\n",
			 fw->flash.path, le16_to_cpu(h.pending.ver[0]),
			 le16_to_cpu(h.pending.ver[1]),
			 le16_to_cpu(h.pending.ver[2]),
			 le16_to_cpu(h.pending.ver[3]), id->code.major,
			 id->code.minor, id->code.hotfix, id->code.build);
	}
	return 0;
}

/**
 * sim_flash_open() - open (or create) the backing file and boot from it
 * @fw: firmware, not yet running
 * @path: absolute path (module parameter flash=), NULL for none
 *
 * A new or empty file is initialised with the running identity; an
 * existing one overrides the identity's version, SVN and VCN.
 *
 * Return: 0 or a negative errno (logged).
 */
int sim_flash_open(struct sim_fw *fw, const char *path)
{
	struct sim_flash_hdr h = {};
	struct file *f;
	int ret;

	if (!path)
		return 0;
	f = filp_open(path, O_RDWR | O_CREAT | O_LARGEFILE, 0600);
	if (IS_ERR(f)) {
		dev_err(fw->sim->dev, "flash %s: cannot open: %pe\n", path, f);
		return PTR_ERR(f);
	}
	if (!S_ISREG(file_inode(f)->i_mode)) {
		dev_err(fw->sim->dev, "flash %s: not a regular file\n", path);
		filp_close(f, NULL);
		return -EINVAL;
	}
	fw->flash.file = f;
	fw->flash.path = path;

	if (i_size_read(file_inode(f)) == 0) {
		h.state = cpu_to_le32(SIM_FLASH_CLEAN);
		sim_flash_rec_from_id(&h.active, &fw->id);
		h.pending = h.active;
		ret = sim_flash_put_hdr(fw, &h);
	} else {
		ret = sim_flash_load(fw);
	}
	if (ret)
		sim_flash_close(fw);
	return ret;
}

/**
 * sim_flash_close() - close the backing file
 * @fw: firmware, engine stopped
 */
void sim_flash_close(struct sim_fw *fw)
{
	if (fw->flash.file)
		filp_close(fw->flash.file, NULL);
	fw->flash.file = NULL;
}

/**
 * sim_flash_begin() - mark the flash "being written" (first engine stage)
 * @fw: firmware (engine context)
 * @img: the image being written
 * @len: its length
 *
 * Return: 0 (also without a backing file) or a negative errno.
 */
int sim_flash_begin(struct sim_fw *fw, const struct sim_img_info *img,
		    size_t len)
{
	struct sim_flash_hdr h = {};

	if (!fw->flash.file)
		return 0;
	h.state = cpu_to_le32(SIM_FLASH_WRITING);
	sim_flash_rec_from_id(&h.active, &fw->id);
	sim_flash_rec_from_img(&h.pending, img);
	h.image_len = cpu_to_le32(len);
	h.last_status = cpu_to_le32(MEFW_FWU_UPDATE_STATUS_IN_PROGRESS);
	h.last_reset_type = cpu_to_le32(fw->id.last_update_reset_type);
	return sim_flash_put_hdr(fw, &h);
}

/**
 * sim_flash_write() - write part of the image
 * @fw: firmware (engine context)
 * @data: bytes
 * @off: offset in the image
 * @len: number of bytes
 *
 * Return: 0 or a negative errno.
 */
int sim_flash_write(struct sim_fw *fw, const u8 *data, size_t off,
		    size_t len)
{
	loff_t pos = SIM_FLASH_DATA + off;
	ssize_t n;

	if (!fw->flash.file || !len)
		return 0;
	n = kernel_write(fw->flash.file, data, len, &pos);
	if (n == len)
		return 0;
	dev_err(fw->sim->dev, "flash %s: data write failed: %zd\n",
		fw->flash.path, n);
	return n < 0 ? n : -EIO;
}

/**
 * sim_flash_commit() - the image is written: it becomes the active one
 * @fw: firmware (engine context)
 * @img: the image written
 * @reset_type: reset type recorded as LastUpdateResetType
 *
 * Return: 0 or a negative errno.
 */
int sim_flash_commit(struct sim_fw *fw, const struct sim_img_info *img,
		     u32 reset_type)
{
	struct sim_flash_hdr h = {};
	int ret;

	if (!fw->flash.file)
		return 0;
	ret = vfs_fsync(fw->flash.file, 0);
	if (ret)
		return ret;
	h.state = cpu_to_le32(SIM_FLASH_CLEAN);
	sim_flash_rec_from_img(&h.active, img);
	h.pending = h.active;
	h.image_len = cpu_to_le32(fw->upd.len);
	h.last_status = cpu_to_le32(SIM_FWU_ST_SUCCESS);
	h.last_reset_type = cpu_to_le32(reset_type);
	return sim_flash_put_hdr(fw, &h);
}

/**
 * sim_flash_rollback() - an update failed: the old image stays active
 * @fw: firmware (engine context)
 * @status: the failure, recorded as LastFwUpdateStatus
 *
 * Return: 0 or a negative errno.
 */
int sim_flash_rollback(struct sim_fw *fw, u32 status)
{
	struct sim_flash_hdr h = {};

	if (!fw->flash.file)
		return 0;
	h.state = cpu_to_le32(fw->upd.from_recovery ? SIM_FLASH_WRITING :
						       SIM_FLASH_CLEAN);
	sim_flash_rec_from_id(&h.active, &fw->id);
	h.pending = h.active;
	h.last_status = cpu_to_le32(status);
	h.last_reset_type = cpu_to_le32(fw->id.last_update_reset_type);
	return sim_flash_put_hdr(fw, &h);
}
