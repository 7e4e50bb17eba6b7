// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: the MKHI clients.
 *
 * - MKHI fixup client 55213584-... : what the kernel's bus-fixup talks to
 *   (GEN_GET_FW_VERSION fills /sys/class/mei/meiN/fw_ver; SET_OS_VER is
 *   swallowed without a reply, as the kernel expects).
 * - MKHI client 8e6a6715-... : GEN_GET_FW_VERSION, FWCAPS GET_RULE (rule 7
 *   = local FW update state), HMRFPO GET_STATUS, FWUPDATE QUERY (group 6
 *   cmd 2, update progress: sim_update.c).
 * Any other group/command gets a bare MKHI header with result 0x8D
 * (invalid command); a request too short for its layout gets 0x85
 * (invalid parameters, the fwupd name of the code).
 */
#include <linux/string.h>

#include "mefw_heci.h"
#include "sim.h"

#define SIM_MKHI_RESULT_INVALID_PARAMS	0x85
#define SIM_MKHI_RESULT_NOT_SUPPORTED	0x89

#define SIM_ADDR_MKHI_FIX	1
#define SIM_ADDR_MKHI		2

static void sim_mkhi_result(struct sim_conn *c, const struct mefw_mkhi_hdr *req,
			    u8 result)
{
	struct mefw_mkhi_hdr res = {
		.group_id = req->group_id,
		.command = req->command | MEFW_MKHI_RESPONSE,
		.result = result,
	};

	sim_conn_reply(c, &res, sizeof(res));
}

static void sim_mkhi_ver_block(struct mefw_mkhi_fw_ver_block *b,
			       const struct sim_ver *v)
{
	/* FW layout {u16 minor, major, build, hotfix}; the kernel reads the
	 * high byte of major as "platform"
	 */
	b->minor = cpu_to_le16(v->minor);
	b->major = v->major & 0xff;
	b->platform = v->major >> 8;
	b->buildno = cpu_to_le16(v->build);
	b->hotfix = cpu_to_le16(v->hotfix);
}

static void sim_mkhi_fw_version(struct sim_fw *fw, struct sim_conn *c,
				const struct mefw_mkhi_hdr *req)
{
	struct mefw_mkhi_fw_ver_reply res = {
		.hdr = {
			.group_id = MEFW_MKHI_GROUP_GEN,
			.command = MEFW_MKHI_GEN_GET_FW_VERSION |
				   MEFW_MKHI_RESPONSE,
		},
	};

	sim_mkhi_ver_block(&res.code, &fw->id.code);
	sim_mkhi_ver_block(&res.recovery, &fw->id.recovery);
	sim_mkhi_ver_block(&res.fitc, &fw->id.fitc);
	sim_conn_reply(c, &res, sizeof(res));
}

static void sim_mkhi_get_rule(struct sim_fw *fw, struct sim_conn *c,
			      const u8 *msg, size_t len)
{
	const struct mefw_mkhi_rule_req *req = (const void *)msg;
	struct mefw_mkhi_rule_reply res = {
		.hdr = {
			.group_id = MEFW_MKHI_GROUP_FWCAPS,
			.command = MEFW_MKHI_FWCAPS_GET_RULE |
				   MEFW_MKHI_RESPONSE,
		},
	};

	if (len < sizeof(*req)) {
		sim_mkhi_result(c, &req->hdr, SIM_MKHI_RESULT_INVALID_PARAMS);
		return;
	}
	if (le32_to_cpu(req->rule_id) != MEFW_MKHI_RULE_FW_UPDATE) {
		sim_mkhi_result(c, &req->hdr, SIM_MKHI_RESULT_NOT_SUPPORTED);
		return;
	}
	res.rule_id = req->rule_id;
	res.rule_data_len = sizeof(res.rule_data);
	res.rule_data = cpu_to_le32(fw->id.local_update);
	sim_conn_reply(c, &res, sizeof(res));
}

static void sim_mkhi_hmrfpo_status(struct sim_fw *fw, struct sim_conn *c)
{
	struct mefw_mkhi_hmrfpo_status_reply res = {
		.hdr = {
			.group_id = MEFW_MKHI_GROUP_HMRFPO,
			.command = MEFW_MKHI_HMRFPO_GET_STATUS |
				   MEFW_MKHI_RESPONSE,
		},
		.status = fw->id.hmrfpo,
	};

	sim_conn_reply(c, &res, sizeof(res));
}

/* copy the header of a possibly short request, zero padded */
static bool sim_mkhi_hdr(struct sim_conn *c, const u8 *msg, size_t len,
			 struct mefw_mkhi_hdr *hdr)
{
	memset(hdr, 0, sizeof(*hdr));
	memcpy(hdr, msg, min(len, sizeof(*hdr)));
	if (len >= sizeof(*hdr))
		return true;
	sim_mkhi_result(c, hdr, SIM_MKHI_RESULT_INVALID_PARAMS);
	return false;
}

static bool sim_mkhi_is(const struct mefw_mkhi_hdr *hdr, u8 group, u8 cmd)
{
	return hdr->group_id == group && hdr->command == cmd;
}

static void sim_mkhi_handle(struct sim_fw *fw, struct sim_conn *c,
			    const u8 *msg, size_t len)
{
	struct mefw_mkhi_hdr hdr;

	if (!sim_mkhi_hdr(c, msg, len, &hdr))
		return;
	if (sim_mkhi_is(&hdr, MEFW_MKHI_GROUP_GEN, MEFW_MKHI_GEN_GET_FW_VERSION))
		sim_mkhi_fw_version(fw, c, &hdr);
	else if (sim_mkhi_is(&hdr, MEFW_MKHI_GROUP_FWCAPS,
			     MEFW_MKHI_FWCAPS_GET_RULE))
		sim_mkhi_get_rule(fw, c, msg, len);
	else if (sim_mkhi_is(&hdr, MEFW_MKHI_GROUP_HMRFPO,
			     MEFW_MKHI_HMRFPO_GET_STATUS))
		sim_mkhi_hmrfpo_status(fw, c);
	else if (sim_mkhi_is(&hdr, MEFW_MKHI_GROUP_FWUPDATE,
			     MEFW_MKHI_FWUPDATE_QUERY))
		sim_update_progress(fw, c, msg, len);
	else
		sim_mkhi_result(c, &hdr, MEFW_MKHI_RESULT_INVALID_CMD);
}

static void sim_mkhi_fix_handle(struct sim_fw *fw, struct sim_conn *c,
				const u8 *msg, size_t len)
{
	struct mefw_mkhi_hdr hdr;

	if (!sim_mkhi_hdr(c, msg, len, &hdr))
		return;
	if (sim_mkhi_is(&hdr, MEFW_MKHI_GROUP_GEN, MEFW_MKHI_GEN_GET_FW_VERSION))
		sim_mkhi_fw_version(fw, c, &hdr);
	else if (!sim_mkhi_is(&hdr, MEFW_MKHI_GROUP_FWCAPS,
			      MEFW_MKHI_FWCAPS_SET_OS_VER))
		sim_mkhi_result(c, &hdr, MEFW_MKHI_RESULT_INVALID_CMD);
}

static u32 sim_mkhi_mtu(const struct sim_identity *id)
{
	return id->mkhi_mtu;
}

const struct sim_client_desc sim_client_mkhi_fix = {
	.name = "mkhi_fix",
	.uuid = MEFW_UUID_MKHI_FIX,
	.addr = SIM_ADDR_MKHI_FIX,
	.version = 1,
	.mtu = sim_mkhi_mtu,
	.handle = sim_mkhi_fix_handle,
};

const struct sim_client_desc sim_client_mkhi = {
	.name = "mkhi",
	.uuid = MEFW_UUID_MKHI,
	.addr = SIM_ADDR_MKHI,
	.version = 1,
	.mtu = sim_mkhi_mtu,
	.handle = sim_mkhi_handle,
};
