/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mefw - Intel Management Engine firmware status and update interface
 *
 * Userspace API of /dev/mefwN.  See Documentation/ioctl.md.
 *
 * Growth rules: every ioctl is matched on its type, number and
 * direction only.  The size encoded in the command (_IOC_SIZE) is the
 * size of the caller's structure: the kernel copies out at most that
 * many bytes, and fails with -EINVAL when it is smaller than the first
 * published version of the structure.  New fields are only ever
 * appended, so old binaries keep working on new kernels and new
 * binaries learn from the returned @size how much the kernel filled.
 */
#ifndef _UAPI_LINUX_MEFW_H
#define _UAPI_LINUX_MEFW_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define MEFW_ABI_VERSION	1

#define MEFW_IOC_MAGIC		0xB8

/**
 * struct mefw_version - a firmware version as the ME reports it
 * @major: major version (9 for ME 9.0.20.1447)
 * @minor: minor version
 * @hotfix: hotfix number
 * @build: build number
 */
struct mefw_version {
	__u16 major;
	__u16 minor;
	__u16 hotfix;
	__u16 build;
};

/* struct mefw_identity.protocol */
#define MEFW_PROTO_UNKNOWN	0	/* not asked yet, or no answer */
#define MEFW_PROTO_LEGACY_FWU	1	/* ME 6-10 FWUpdate client answers */
#define MEFW_PROTO_UNSUPPORTED	2	/* answers every id with {0xFF, 0x8D} */

/* struct mefw_identity.family: which status-register layout applies */
#define MEFW_FAMILY_UNKNOWN	0
#define MEFW_FAMILY_ME2_5	1	/* layout undocumented: raw only */
#define MEFW_FAMILY_ME6_10	2	/* intelmetool / Lynx Point layout */
#define MEFW_FAMILY_CSME11	3	/* CSME 11 and later (fwupd layout) */

/* struct mefw_identity.local_update (MKHI FWCAPS rule 7) */
#define MEFW_LOCAL_UPDATE_DISABLED	0
#define MEFW_LOCAL_UPDATE_ENABLED	1
#define MEFW_LOCAL_UPDATE_PASSWORD	2
#define MEFW_LOCAL_UPDATE_UNKNOWN	0xFFFFFFFF

/* struct mefw_identity.hmrfpo (MKHI HMRFPO group 5 cmd 3) */
#define MEFW_HMRFPO_DISABLED	0
#define MEFW_HMRFPO_LOCKED	1
#define MEFW_HMRFPO_ENABLED	2
#define MEFW_HMRFPO_UNKNOWN	0xFFFFFFFF

/* struct mefw_identity.valid: which groups of fields the ME answered */
#define MEFW_ID_VERSION		0x01		/* FWU GET_VERSION */
#define MEFW_ID_INFO		0x02		/* FWU GET_INFO */
#define MEFW_ID_MKHI_VERSION	0x04		/* MKHI GEN_GET_FW_VERSION */
#define MEFW_ID_LOCAL_UPDATE	0x08		/* MKHI FWCAPS rule 7 */
#define MEFW_ID_HMRFPO		0x10		/* MKHI HMRFPO status */

/**
 * struct mefw_identity - what the ME says about itself
 * @size: out: number of bytes the kernel filled in
 * @valid: out: MEFW_ID_* bits, which of the groups below are valid
 * @protocol: MEFW_PROTO_*
 * @family: MEFW_FAMILY_*, derived from @code.major
 * @mtu: maximum message length of the FWUpdate connection, bytes
 * @code: code (running) version, from FWU GET_VERSION
 * @amt: AMT version, from FWU GET_VERSION
 * @recovery: recovery version, from MKHI GEN_GET_FW_VERSION
 * @fitc: FITC version, from MKHI GEN_GET_FW_VERSION
 * @sku: FW SKU attributes (GET_VERSION "Sku")
 * @pch_version: platform/PCH version (GET_VERSION "PCHVer")
 * @vendor: vendor (GET_VERSION "Vendor"), 0x8086 for Intel
 * @last_update_status: status of the last update (GET_VERSION)
 * @hw_sku: hardware SKU (GET_VERSION "HwSku")
 * @update_interfaces: GET_VERSION "EnabledUpdateInterfaces" bit mask
 * @svn_in_flash: security version number of the image in flash
 * @data_format_version: GET_VERSION "DataFormatVersion"
 * @last_reset_type: reset type of the last update (GET_VERSION)
 * @local_update: MEFW_LOCAL_UPDATE_*
 * @hmrfpo: MEFW_HMRFPO_*
 * @mebx: MEBx version (GET_INFO)
 * @flash_override_policy: GET_INFO "FlashOverridePolicy"
 * @manageability_mode: GET_INFO "MangeabilityMode"
 * @bios_boot_state: GET_INFO "BiosBootState" (0 pre-boot, 2 post-boot)
 * @info_flags: GET_INFO bit field (crypto fuse, flash protection, ...)
 * @bios_version: GET_INFO "BiosVersion", not NUL terminated
 * @reserved: zero
 */
struct mefw_identity {
	__u32 size;
	__u32 valid;
	__u32 protocol;
	__u32 family;
	__u32 mtu;
	struct mefw_version code;
	struct mefw_version amt;
	struct mefw_version recovery;
	struct mefw_version fitc;
	__u32 sku;
	__u32 pch_version;
	__u32 vendor;
	__u32 last_update_status;
	__u32 hw_sku;
	__u16 update_interfaces;
	__u16 svn_in_flash;
	__u32 data_format_version;
	__u32 last_reset_type;
	__u32 local_update;
	__u32 hmrfpo;
	struct mefw_version mebx;
	__u32 flash_override_policy;
	__u32 manageability_mode;
	__u32 bios_boot_state;
	__u32 info_flags;
	__u8 bios_version[20];
	__u32 reserved;
};

#define MEFW_STATUS_REGS	6

/**
 * struct mefw_status_regs - the host firmware status registers
 * @size: out: number of bytes the kernel filled in
 * @count: out: how many of @hfsts the platform provides (0..6)
 * @hfsts: HFSTS1..HFSTS6 (PCI config 0x40, 0x48, 0x60, 0x64, 0x68, 0x6C)
 */
struct mefw_status_regs {
	__u32 size;
	__u32 count;
	__u32 hfsts[MEFW_STATUS_REGS];
};

/* _IOR: returns MEFW_ABI_VERSION */
#define MEFW_IOC_ABI_VERSION	_IOR(MEFW_IOC_MAGIC, 0x00, __u32)
/*
 * _IOR: asks the ME again.  A CSME 12+ ME succeeds with protocol
 * MEFW_PROTO_UNSUPPORTED; -ETIMEDOUT when the ME does not answer at all.
 */
#define MEFW_IOC_IDENTITY	_IOR(MEFW_IOC_MAGIC, 0x01, struct mefw_identity)
/* _IOR: never talks to the firmware */
#define MEFW_IOC_STATUS_REGS	_IOR(MEFW_IOC_MAGIC, 0x02, struct mefw_status_regs)

/* ---- firmware update transaction (one per device) ---- */

/* struct mefw_update_begin.flags */
#define MEFW_UPDATE_ALLOW_SAME_VERSION	0x01	/* FWUpdLcl -allowsv */
#define MEFW_UPDATE_FLAGS_ALL		0x01

/**
 * struct mefw_update_begin - start an update transaction
 * @flags: MEFW_UPDATE_* bits; unknown bits give -EINVAL
 * @reserved0: zero, else -EINVAL
 * @length: image length in bytes, 1..MEFW_UPDATE_MAX_LENGTH
 * @image_version: the image's version as userspace parsed it, all zero
 *	when unknown; used for the same-version policy only (the ME
 *	verifies the image itself)
 * @oem_id: OEM id for VERIFY_OEMID, all zero for none
 * @reserved: zero, else -EINVAL
 *
 * After MEFW_IOC_UPDATE_BEGIN, write() the image (any chunking; the
 * driver sends DATA messages of MTU - 12 bytes), then
 * MEFW_IOC_UPDATE_END.  Closing the file before the transaction ended
 * cancels it.  Needs CAP_SYS_ADMIN.
 */
struct mefw_update_begin {
	__u32 flags;
	__u32 reserved0;
	__u64 length;
	struct mefw_version image_version;
	__u8 oem_id[16];
	__u32 reserved[4];
};

#define MEFW_UPDATE_MAX_LENGTH	(16U << 20)	/* larger than any ME region */

/* struct mefw_update_progress.state */
#define MEFW_STATE_IDLE		0	/* no transaction on this file */
#define MEFW_STATE_PREPARING	1	/* rule 7, GET_VERSION, VERIFY_OEMID, START */
#define MEFW_STATE_TRANSFERRING	2	/* DATA */
#define MEFW_STATE_FINALIZING	3	/* END sent, the ME writes flash */
#define MEFW_STATE_SUCCEEDED	4	/* new firmware running */
#define MEFW_STATE_NEEDS_REBOOT	5	/* written; active after reset_type */
#define MEFW_STATE_FAILED	6	/* see error, fw_status, hfsts */
#define MEFW_STATE_CANCELLED	7

/* struct mefw_update_progress.reset_type (as the ME reports it) */
#define MEFW_RESET_NONE		0
#define MEFW_RESET_HOST		1
#define MEFW_RESET_ME		2
#define MEFW_RESET_GLOBAL	3

/**
 * struct mefw_update_progress - where the transaction is
 * @size: out: number of bytes the kernel filled in
 * @state: MEFW_STATE_*
 * @bytes_sent: image bytes the ME acknowledged
 * @length: image length from MEFW_IOC_UPDATE_BEGIN
 * @percent: 0..100, from the ME while finalizing
 * @stage: current stage, 1-based, 0 when unknown
 * @total_stages: number of stages, 0 when unknown
 * @fw_update_status: the ME's own update status word
 * @reset_type: MEFW_RESET_* the new firmware needs
 * @error: FWUpdLcl-compatible code (8707, 8718, ...), 0 when none; when
 *	@fw_status is set FWUpdLcl prints 8741 ("FW Update Failed.") first
 * @fw_status: the ME's failure status (FWU status or update status), 0
 *	when the host side failed
 * @errno_val: negative errno of the failure, 0 when none
 * @hfsts_count: registers captured in @hfsts
 * @hfsts: status registers captured when the transaction failed
 * @new_version: version reported after the update, zero when unknown
 * @reserved: zero; five words so that the structure has no tail padding
 *	(112 bytes on every ABI, i386 included)
 */
struct mefw_update_progress {
	__u32 size;
	__u32 state;
	__u64 bytes_sent;
	__u64 length;
	__u32 percent;
	__u32 stage;
	__u32 total_stages;
	__u32 fw_update_status;
	__u32 reset_type;
	__u32 error;
	__u32 fw_status;
	__s32 errno_val;
	__u32 hfsts_count;
	__u32 hfsts[MEFW_STATUS_REGS];
	struct mefw_version new_version;
	__u32 reserved[5];
};

/*
 * _IOW: talks to the ME (rule 7, GET_VERSION, GET_INFO, VERIFY_OEMID,
 * START) and returns in TRANSFERRING.  -EPERM without CAP_SYS_ADMIN,
 * -EINVAL for unknown flags, non-zero reserved fields or a bad length,
 * -EBUSY when this file or another one has a transaction on the ME;
 * when a step fails, its errno (the transaction is then FAILED or
 * CANCELLED: see MEFW_IOC_UPDATE_PROGRESS for the code).
 * Then write() the image: -EPROTO without a transaction in TRANSFERRING,
 * -EINVAL for bytes past @length (nothing is taken).
 */
#define MEFW_IOC_UPDATE_BEGIN	_IOW(MEFW_IOC_MAGIC, 0x10, struct mefw_update_begin)
/*
 * _IO: all data written; sends END and returns in FINALIZING (or FAILED
 * when the ME refuses the image).  -EPROTO before all bytes were written
 * or without a transaction in TRANSFERRING.
 */
#define MEFW_IOC_UPDATE_END	_IO(MEFW_IOC_MAGIC, 0x11)
/*
 * _IO: cancel before END.  While finalizing the ME cannot be stopped:
 * -EBUSY; nothing to cancel: -EPROTO.
 */
#define MEFW_IOC_UPDATE_CANCEL	_IO(MEFW_IOC_MAGIC, 0x12)
/*
 * _IOR: progress of this file's transaction (the last one, once final;
 * MEFW_STATE_IDLE when none).  Works after the device was removed: the
 * transaction follows the ME across the reset that ends an update.
 * poll() on the file: EPOLLIN | EPOLLPRI when the progress changed since
 * the last MEFW_IOC_UPDATE_PROGRESS or the transaction is final.
 */
#define MEFW_IOC_UPDATE_PROGRESS _IOR(MEFW_IOC_MAGIC, 0x13, struct mefw_update_progress)

#endif /* _UAPI_LINUX_MEFW_H */
