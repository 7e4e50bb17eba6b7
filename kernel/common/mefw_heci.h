/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HECI message layouts spoken by the ME firmware's FWUpdate (legacy,
 * ME 6-10) and MKHI clients.  Written once, compiled by both mefw.ko
 * (the host side) and mei-sim.ko (the simulated firmware side).
 *
 * No Intel specification is public.  Sources: intel/lms (client GUID,
 * GET_INFO, FWCAPS rule 7), the Apache-2.0 header FwuHeciMsgs.h (message
 * ids and reply layouts, repository unidentified), reverse-engineered ME 9
 * updaters (MTU 512, MKHI group 6 progress) - see
 * Documentation/protocol.md.  Everything beyond GET_VERSION/GET_INFO is
 * unverified on hardware.  All fields are little endian.
 */
#ifndef _MEFW_HECI_H
#define _MEFW_HECI_H

#include <linux/types.h>
#include <linux/uuid.h>

/* 309DCDE8-CCB1-4062-8F78-600115A34327 */
#define MEFW_UUID_FWU UUID_LE(0x309dcde8, 0xccb1, 0x4062, \
			      0x8f, 0x78, 0x60, 0x01, 0x15, 0xa3, 0x43, 0x27)
/* 8E6A6715-9ABC-4043-88EF-9E39C6F63E0F */
#define MEFW_UUID_MKHI UUID_LE(0x8e6a6715, 0x9abc, 0x4043, \
			       0x88, 0xef, 0x9e, 0x39, 0xc6, 0xf6, 0x3e, 0x0f)
/* 55213584-9A29-4916-BADF-0FB7ED682AEB: the kernel's bus-fixup client */
#define MEFW_UUID_MKHI_FIX UUID_LE(0x55213584, 0x9a29, 0x4916, \
				   0xba, 0xdf, 0x0f, 0xb7, 0xed, 0x68, 0x2a, 0xeb)

/* ---- legacy FWUpdate client: request id N, reply id N + 1 ---- */
enum mefw_fwu_msg {
	MEFW_FWU_GET_VERSION		= 0,
	MEFW_FWU_START			= 2,
	MEFW_FWU_DATA			= 4,
	MEFW_FWU_END			= 6,
	MEFW_FWU_GET_INFO		= 8,
	MEFW_FWU_VERIFY_OEMID		= 16,
	MEFW_FWU_GET_IPU_PT_ATTRB	= 26,
	MEFW_FWU_INVALID_REPLY		= 0xFF,
};

/* status of FWU_INVALID_REPLY: the id is not implemented (CSME 12+) */
#define MEFW_FWU_STATUS_INVALID_COMMAND	0x8D
#define MEFW_FWU_STATUS_SUCCESS		0

struct mefw_fwu_ver {
	__le16 major;
	__le16 minor;
	__le16 hotfix;
	__le16 build;
} __packed;

struct mefw_fwu_req {
	__le32 msg_id;
} __packed;

/* every reply starts like this; INVALID_REPLY is only this */
struct mefw_fwu_reply_hdr {
	__le32 msg_id;
	__le32 status;
} __packed;

struct mefw_fwu_version_reply {
	struct mefw_fwu_reply_hdr hdr;
	__le32 sku;
	__le32 pch_ver;
	__le32 vendor;
	__le32 last_fw_update_status;
	__le32 hw_sku;
	struct mefw_fwu_ver code;
	struct mefw_fwu_ver amt;
	__le16 enabled_update_interfaces;
	__le16 svn_in_flash;
	__le32 data_format_version;
	__le32 last_update_reset_type;
} __packed;

struct mefw_fwu_info_reply {
	struct mefw_fwu_reply_hdr hdr;
	struct mefw_fwu_ver mebx;
	__le32 flash_override_policy;
	__le32 manageability_mode;
	__le32 bios_boot_state;
	__le32 fields;	/* crypto fuse:1 flash prot:1 ovr qual:2 rst:2 ovr cnt:8 */
	u8 bios_version[20];
} __packed;

struct mefw_fwu_verify_oemid_req {
	__le32 msg_id;
	u8 oem_id[16];
} __packed;

struct mefw_fwu_pt_attrb {
	__le32 pt_name_id;
	__le32 load_address;
	struct mefw_fwu_ver fw_ver;
	__le32 cur_inst_id;
	__le32 exp_inst_id;
	__le32 cur_upv_ver;
	__le32 exp_upv_ver;
	__le32 reserved[4];
} __packed;

struct mefw_fwu_ipu_pt_attrb_reply {
	struct mefw_fwu_reply_hdr hdr;
	struct mefw_fwu_ver ftp_fw_ver;
	__le32 size_of_pt_attrib;
	__le32 num_of_partition;
	struct mefw_fwu_pt_attrb pt[4];
	__le32 reserved[4];
} __packed;

struct mefw_fwu_start_req {
	__le32 msg_id;
	__le32 length;
	u8 update_type;		/* 0 full, 1 IPU */
	u8 password_length;
	u8 password[32];
	__le32 ipu_id;
	__le32 update_environment;
	__le32 update_flags;
	u8 oem_id[16];
	__le32 reserved[4];
} __packed;

struct mefw_fwu_start_reply {
	struct mefw_fwu_reply_hdr hdr;
	__le32 reserved[4];
} __packed;

/* DATA carries at most MTU - sizeof(struct mefw_fwu_data_req) bytes */
struct mefw_fwu_data_req {
	__le32 msg_id;
	__le32 length;
	u8 reserved[4];
	u8 data[];
} __packed;

struct mefw_fwu_end_reply {
	struct mefw_fwu_reply_hdr hdr;
	__le32 reset_type;
	__le32 reserved[4];
} __packed;

/* ---- MKHI: 4-byte header, reply command = request | 0x80 ---- */
#define MEFW_MKHI_GROUP_FWCAPS		0x03
#define MEFW_MKHI_GROUP_HMRFPO		0x05
#define MEFW_MKHI_GROUP_FWUPDATE	0x06
#define MEFW_MKHI_GROUP_GEN		0xFF

#define MEFW_MKHI_FWCAPS_GET_RULE	0x02
#define MEFW_MKHI_FWCAPS_SET_OS_VER	0x06	/* sent by bus-fixup, no reply */
#define MEFW_MKHI_HMRFPO_GET_STATUS	0x03
#define MEFW_MKHI_FWUPDATE_QUERY	0x02	/* reverse engineered */
#define MEFW_MKHI_GEN_GET_FW_VERSION	0x02

#define MEFW_MKHI_RESPONSE		0x80
#define MEFW_MKHI_RULE_FW_UPDATE	7

#define MEFW_MKHI_RESULT_SUCCESS	0x00
#define MEFW_MKHI_RESULT_NOT_AVAILABLE	0x02
#define MEFW_MKHI_RESULT_INVALID_CMD	0x8D

struct mefw_mkhi_hdr {
	u8 group_id;
	u8 command;
	u8 reserved;
	u8 result;
} __packed;

/* GEN_GET_FW_VERSION reply: as the kernel's bus-fixup reads it */
struct mefw_mkhi_fw_ver_block {
	__le16 minor;
	u8 major;
	u8 platform;
	__le16 buildno;
	__le16 hotfix;
} __packed;

struct mefw_mkhi_fw_ver_reply {
	struct mefw_mkhi_hdr hdr;
	struct mefw_mkhi_fw_ver_block code;
	struct mefw_mkhi_fw_ver_block recovery;
	struct mefw_mkhi_fw_ver_block fitc;
} __packed;

/* FWCAPS GET_RULE: request carries the rule id, reply the rule data */
struct mefw_mkhi_rule_req {
	struct mefw_mkhi_hdr hdr;
	__le32 rule_id;
} __packed;

struct mefw_mkhi_rule_reply {
	struct mefw_mkhi_hdr hdr;
	__le32 rule_id;
	u8 rule_data_len;
	__le32 rule_data;
} __packed;

struct mefw_mkhi_hmrfpo_status_reply {
	struct mefw_mkhi_hdr hdr;
	u8 status;	/* 0 disabled, 1 locked, 2 enabled */
	u8 reserved[3];
} __packed;

/* FWUPDATE group query: update progress (reverse engineered, ME 9) */
struct mefw_mkhi_fwu_progress_reply {
	struct mefw_mkhi_hdr hdr;
	__le32 percent;
	__le32 stage;
	__le32 total_stages;
	__le32 update_status;	/* 0 success, 0x213 in progress */
	__le32 reset_type;	/* 0 none, 1 host, 2 ME, 3 global */
	__le32 reserved;
} __packed;

#define MEFW_FWU_UPDATE_STATUS_IN_PROGRESS	0x213

#endif /* _MEFW_HECI_H */
