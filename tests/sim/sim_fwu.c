// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: the legacy (ME 6-10) FWUpdate client 309DCDE8-....
 *
 * Request: u32 message id; reply: {u32 id + 1, u32 status, payload}.
 * Implemented: GET_VERSION (0), START (2), DATA (4), END (6) (update
 * engine: sim_update.c), GET_INFO (8), VERIFY_OEMID (16),
 * GET_IPU_PT_ATTRB (26).  Any other id, and every id when the identity
 * has legacy_fwu off (CSME 12+), gets FWU_INVALID_REPLY {0xFF, 0x8D}.
 * Layouts from FwuHeciMsgs.h / intel/lms (see Documentation/simulator.md):
 * unverified on hardware beyond GET_VERSION and GET_INFO.
 */
#include <linux/string.h>

#include "mefw_heci.h"
#include "sim.h"

#define SIM_ADDR_FWU	3

/* FWU_STATUS values (FwuHeciMsgs.h): 3 illegal length, 4 auth failed */
#define SIM_FWU_STATUS_ILLEGAL_LENGTH	3
#define SIM_FWU_STATUS_AUTH_FAILED	4

#define SIM_FWU_PT_ATTRB_SIZE		48

static void sim_fwu_ver(struct mefw_fwu_ver *d, const struct sim_ver *v)
{
	d->major = cpu_to_le16(v->major);
	d->minor = cpu_to_le16(v->minor);
	d->hotfix = cpu_to_le16(v->hotfix);
	d->build = cpu_to_le16(v->build);
}

static void sim_fwu_status(struct sim_conn *c, u32 reply_id, u32 status)
{
	struct mefw_fwu_reply_hdr res = {
		.msg_id = cpu_to_le32(reply_id),
		.status = cpu_to_le32(status),
	};

	sim_conn_reply(c, &res, sizeof(res));
}

static void sim_fwu_invalid(struct sim_conn *c)
{
	sim_fwu_status(c, MEFW_FWU_INVALID_REPLY,
		       MEFW_FWU_STATUS_INVALID_COMMAND);
}

static void sim_fwu_get_version(struct sim_fw *fw, struct sim_conn *c)
{
	const struct sim_identity *id = &fw->id;
	struct mefw_fwu_version_reply res = {
		.hdr.msg_id = cpu_to_le32(MEFW_FWU_GET_VERSION + 1),
		.sku = cpu_to_le32(id->sku),
		.pch_ver = cpu_to_le32(id->pch_ver),
		.vendor = cpu_to_le32(id->vendor),
		.last_fw_update_status = cpu_to_le32(id->last_fw_update_status),
		.hw_sku = cpu_to_le32(id->hw_sku),
		.enabled_update_interfaces = cpu_to_le16(id->update_interfaces),
		.svn_in_flash = cpu_to_le16(id->svn),
		.data_format_version = cpu_to_le32(id->data_format_version),
		.last_update_reset_type = cpu_to_le32(id->last_update_reset_type),
	};

	sim_fwu_ver(&res.code, &id->code);
	sim_fwu_ver(&res.amt, &id->amt);
	sim_conn_reply(c, &res, sizeof(res));
}

static void sim_fwu_get_info(struct sim_fw *fw, struct sim_conn *c)
{
	const struct sim_identity *id = &fw->id;
	struct mefw_fwu_info_reply res = {
		.hdr.msg_id = cpu_to_le32(MEFW_FWU_GET_INFO + 1),
		.flash_override_policy = cpu_to_le32(id->flash_override_policy),
		.manageability_mode = cpu_to_le32(id->manageability_mode),
		.bios_boot_state = cpu_to_le32(id->bios_boot_state),
		.fields = cpu_to_le32(id->info_fields),
	};

	sim_fwu_ver(&res.mebx, &id->mebx);
	memcpy(res.bios_version, id->bios_version, sizeof(res.bios_version));
	sim_conn_reply(c, &res, sizeof(res));
}

static void sim_fwu_verify_oemid(struct sim_fw *fw, struct sim_conn *c,
				 const u8 *msg, size_t len)
{
	const struct mefw_fwu_verify_oemid_req *req = (const void *)msg;
	u32 status = MEFW_FWU_STATUS_SUCCESS;
	guid_t oem;

	if (len < sizeof(*req)) {
		sim_fwu_status(c, MEFW_FWU_VERIFY_OEMID + 1,
			       SIM_FWU_STATUS_ILLEGAL_LENGTH);
		return;
	}
	memcpy(&oem, req->oem_id, sizeof(oem));
	if (!guid_is_null(&oem) && !guid_equal(&oem, &fw->id.oem_id))
		status = SIM_FWU_STATUS_AUTH_FAILED;
	sim_fwu_status(c, MEFW_FWU_VERIFY_OEMID + 1, status);
}

static void sim_fwu_get_ipu_pt_attrb(struct sim_fw *fw, struct sim_conn *c)
{
	const struct sim_identity *id = &fw->id;
	struct mefw_fwu_ipu_pt_attrb_reply res = {
		.hdr.msg_id = cpu_to_le32(MEFW_FWU_GET_IPU_PT_ATTRB + 1),
		.size_of_pt_attrib = cpu_to_le32(SIM_FWU_PT_ATTRB_SIZE),
		.num_of_partition = cpu_to_le32(1),
	};
	struct mefw_fwu_pt_attrb *pt = &res.pt[0];

	BUILD_BUG_ON(sizeof(*pt) != SIM_FWU_PT_ATTRB_SIZE);
	sim_fwu_ver(&res.ftp_fw_ver, &id->code);
	pt->pt_name_id = cpu_to_le32(id->ipu_name);
	sim_fwu_ver(&pt->fw_ver, &id->ipu_ver);
	pt->cur_inst_id = cpu_to_le32(1);
	pt->exp_inst_id = cpu_to_le32(1);
	pt->cur_upv_ver = cpu_to_le32(1);
	pt->exp_upv_ver = cpu_to_le32(1);
	sim_conn_reply(c, &res, sizeof(res));
}

static void sim_fwu_handle(struct sim_fw *fw, struct sim_conn *c,
			   const u8 *msg, size_t len)
{
	__le32 raw;
	u32 id;

	if (!fw->id.legacy_fwu || len < sizeof(raw)) {
		sim_fwu_invalid(c);
		return;
	}
	memcpy(&raw, msg, sizeof(raw));
	id = le32_to_cpu(raw);

	switch (id) {
	case MEFW_FWU_GET_VERSION:
		sim_fwu_get_version(fw, c);
		break;
	case MEFW_FWU_START:
		sim_update_start(fw, c, msg, len);
		break;
	case MEFW_FWU_DATA:
		sim_update_data(fw, c, msg, len);
		break;
	case MEFW_FWU_END:
		sim_update_end(fw, c, msg, len);
		break;
	case MEFW_FWU_GET_INFO:
		sim_fwu_get_info(fw, c);
		break;
	case MEFW_FWU_VERIFY_OEMID:
		sim_fwu_verify_oemid(fw, c, msg, len);
		break;
	case MEFW_FWU_GET_IPU_PT_ATTRB:
		sim_fwu_get_ipu_pt_attrb(fw, c);
		break;
	default:
		sim_fwu_invalid(c);
		break;
	}
}

/**
 * sim_fwu_is_transfer() - is this a DATA or END message on the FWU client?
 * @c: the connection the message came on
 * @msg: the message
 * @len: its length
 *
 * Return: true for what an update session expects between START and END.
 */
bool sim_fwu_is_transfer(const struct sim_conn *c, const u8 *msg, size_t len)
{
	__le32 raw;
	u32 id;

	if (c->desc != &sim_client_fwu || len < sizeof(raw))
		return false;
	memcpy(&raw, msg, sizeof(raw));
	id = le32_to_cpu(raw);
	return id == MEFW_FWU_DATA || id == MEFW_FWU_END;
}

static u32 sim_fwu_mtu(const struct sim_identity *id)
{
	return id->fwu_mtu;
}

const struct sim_client_desc sim_client_fwu = {
	.name = "fwu",
	.uuid = MEFW_UUID_FWU,
	.addr = SIM_ADDR_FWU,
	.version = 1,
	.mtu = sim_fwu_mtu,
	.handle = sim_fwu_handle,
};
