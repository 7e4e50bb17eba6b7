// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - what the ME says about itself (MEFW_IOC_IDENTITY)
 *
 * FWUpdate client (legacy, ME 6-10): GET_VERSION (0 -> 1) and GET_INFO
 * (8 -> 9).  A reply must carry id = request + 1, status 0 and be at
 * least as long as its layout; the reply {0xFF, 0x8D} ("invalid command")
 * means the client does not speak the legacy protocol: CSME 12 and later
 * answer every id so.
 *
 * MKHI client: GEN_GET_FW_VERSION (code, recovery, FITC versions),
 * FWCAPS GET_RULE 7 (local firmware update) and HMRFPO GET_STATUS.  A
 * reply must echo the group, carry command = request | 0x80 and result 0.
 * MKHI is optional: when it is absent, refuses or does not answer, only
 * its fields stay invalid.
 *
 * No Intel specification of either protocol is public; the layouts are in
 * common/mefw_heci.h with their sources.
 */
#include <linux/kernel.h>
#include <linux/mei_cl_bus.h>
#include <linux/string.h>

#include "mefw_drv.h"
#include "mefw_heci.h"
#include "mefw_status.h"

static void mefw_ver_from_fwu(struct mefw_version *v,
			      const struct mefw_fwu_ver *w)
{
	v->major = le16_to_cpu(w->major);
	v->minor = le16_to_cpu(w->minor);
	v->hotfix = le16_to_cpu(w->hotfix);
	v->build = le16_to_cpu(w->build);
}

static void mefw_ver_from_mkhi(struct mefw_version *v,
			       const struct mefw_mkhi_fw_ver_block *b)
{
	v->major = b->major;
	v->minor = le16_to_cpu(b->minor);
	v->hotfix = le16_to_cpu(b->hotfix);
	v->build = le16_to_cpu(b->buildno);
}

/**
 * mefw_fwu_check() - validate a legacy FWUpdate reply
 * @cl: the client that received it (for messages)
 * @hdr: the reply
 * @len: its length
 * @req_id: id of the request
 * @min_len: length of the reply layout
 *
 * Return: 0, -EOPNOTSUPP for {0xFF, 0x8D}, -EREMOTEIO for a non-zero
 * status (then le32_to_cpu(@hdr->status) is it), -EPROTO for a wrong id
 * or a short reply.
 */
int mefw_fwu_check(struct mefw_client *cl,
		   const struct mefw_fwu_reply_hdr *hdr, size_t len,
		   u32 req_id, size_t min_len)
{
	u32 id, status;

	if (len < sizeof(*hdr)) {
		dev_dbg(&cl->cldev->dev, "FWU %u: short reply (%zu)\n",
			req_id, len);
		return -EPROTO;
	}

	id = le32_to_cpu(hdr->msg_id);
	status = le32_to_cpu(hdr->status);

	if (id == MEFW_FWU_INVALID_REPLY &&
	    status == MEFW_FWU_STATUS_INVALID_COMMAND)
		return -EOPNOTSUPP;
	if (id != req_id + 1) {
		dev_dbg(&cl->cldev->dev, "FWU %u: reply id %u\n", req_id, id);
		return -EPROTO;
	}
	if (status != MEFW_FWU_STATUS_SUCCESS) {
		dev_dbg(&cl->cldev->dev, "FWU %u: status 0x%x\n", req_id,
			status);
		return -EREMOTEIO;
	}
	if (len < min_len) {
		dev_dbg(&cl->cldev->dev, "FWU %u: reply %zu < %zu bytes\n",
			req_id, len, min_len);
		return -EPROTO;
	}

	return 0;
}

/*
 * One header-only FWU request @req_id on @cl; the reply (@rep_size bytes,
 * the full layout) is checked by mefw_fwu_check().  Return: 0, an error
 * of mefw_fwu_check(), or an error of mefw_heci_xfer().
 */
static int mefw_fwu_query(struct mefw_client *cl, u32 req_id,
			  struct mefw_fwu_reply_hdr *rep, size_t rep_size,
			  const bool *abort)
{
	struct mefw_fwu_req req = {
		.msg_id = cpu_to_le32(req_id),
	};
	ssize_t len;

	len = mefw_heci_xfer(cl, &req, sizeof(req), rep, rep_size, abort);
	if (len < 0)
		return len;
	return mefw_fwu_check(cl, rep, len, req_id, rep_size);
}

/**
 * mefw_fwu_get_version() - FWUpdate GET_VERSION
 * @cl: the FWUpdate client, inside mefw_heci_begin()/mefw_heci_end()
 * @id: @protocol and, when the ME answered, the MEFW_ID_VERSION fields
 *	are filled in
 * @abort: the caller's abort flag, may be NULL
 *
 * Return: 0 (also when the ME refused or does not speak the legacy
 * protocol: see @id->protocol and @id->valid), -EPROTO for a malformed
 * reply, or an error of mefw_heci_xfer().
 */
int mefw_fwu_get_version(struct mefw_client *cl, struct mefw_identity *id,
			 const bool *abort)
{
	struct mefw_fwu_version_reply rep;
	int ret;

	ret = mefw_fwu_query(cl, MEFW_FWU_GET_VERSION, &rep.hdr, sizeof(rep),
			     abort);
	if (ret == -EOPNOTSUPP) {
		id->protocol = MEFW_PROTO_UNSUPPORTED;
		return 0;
	}
	if (ret && ret != -EREMOTEIO)
		return ret;

	id->protocol = MEFW_PROTO_LEGACY_FWU;
	if (ret)
		return 0;	/* answered, but refused: no version */

	id->valid |= MEFW_ID_VERSION;
	id->sku = le32_to_cpu(rep.sku);
	id->pch_version = le32_to_cpu(rep.pch_ver);
	id->vendor = le32_to_cpu(rep.vendor);
	id->last_update_status = le32_to_cpu(rep.last_fw_update_status);
	id->hw_sku = le32_to_cpu(rep.hw_sku);
	mefw_ver_from_fwu(&id->code, &rep.code);
	mefw_ver_from_fwu(&id->amt, &rep.amt);
	id->update_interfaces = le16_to_cpu(rep.enabled_update_interfaces);
	id->svn_in_flash = le16_to_cpu(rep.svn_in_flash);
	id->data_format_version = le32_to_cpu(rep.data_format_version);
	id->last_reset_type = le32_to_cpu(rep.last_update_reset_type);

	return 0;
}

static int mefw_fwu_get_info(struct mefw_client *cl,
			     struct mefw_identity *id, const bool *abort)
{
	struct mefw_fwu_info_reply rep;
	int ret;

	ret = mefw_fwu_query(cl, MEFW_FWU_GET_INFO, &rep.hdr, sizeof(rep),
			     abort);
	if (ret == -EOPNOTSUPP || ret == -EREMOTEIO)
		return 0;	/* not implemented or refused: no info */
	if (ret)
		return ret;

	id->valid |= MEFW_ID_INFO;
	mefw_ver_from_fwu(&id->mebx, &rep.mebx);
	id->flash_override_policy = le32_to_cpu(rep.flash_override_policy);
	id->manageability_mode = le32_to_cpu(rep.manageability_mode);
	id->bios_boot_state = le32_to_cpu(rep.bios_boot_state);
	id->info_flags = le32_to_cpu(rep.fields);
	memcpy(id->bios_version, rep.bios_version, sizeof(id->bios_version));

	return 0;
}

/**
 * mefw_mkhi_xfer() - one validated MKHI request and reply
 * @cl: the MKHI client, inside mefw_heci_begin()/mefw_heci_end()
 * @req: the request, starting with its header
 * @req_len: length of the request
 * @rep: buffer for the reply, starting with its header
 * @rep_size: size of @rep
 * @min_len: shortest acceptable successful reply
 * @abort: the caller's abort flag, may be NULL
 *
 * The reply must echo the group of @req and carry its command | 0x80.
 *
 * Return: the reply length, -EREMOTEIO when the result is not 0 (then
 * @rep->result is it), -EPROTO for a malformed reply, or an error of
 * mefw_heci_xfer().
 */
ssize_t mefw_mkhi_xfer(struct mefw_client *cl, const struct mefw_mkhi_hdr *req,
		       size_t req_len, struct mefw_mkhi_hdr *rep,
		       size_t rep_size, size_t min_len, const bool *abort)
{
	ssize_t len;

	len = mefw_heci_xfer(cl, req, req_len, rep, rep_size, abort);
	if (len < 0)
		return len;

	if (len < sizeof(*rep) || rep->group_id != req->group_id ||
	    rep->command != (req->command | MEFW_MKHI_RESPONSE)) {
		dev_dbg(&cl->cldev->dev, "MKHI %02x/%02x: bad reply\n",
			req->group_id, req->command);
		return -EPROTO;
	}
	if (rep->result != MEFW_MKHI_RESULT_SUCCESS) {
		dev_dbg(&cl->cldev->dev, "MKHI %02x/%02x: result 0x%02x\n",
			req->group_id, req->command, rep->result);
		return -EREMOTEIO;
	}
	if (len < min_len) {
		dev_dbg(&cl->cldev->dev, "MKHI %02x/%02x: reply %zd bytes\n",
			req->group_id, req->command, len);
		return -EPROTO;
	}

	return len;
}

static int mefw_mkhi_fw_version(struct mefw_client *cl,
				struct mefw_identity *id, const bool *abort)
{
	struct mefw_mkhi_hdr req = {
		.group_id = MEFW_MKHI_GROUP_GEN,
		.command = MEFW_MKHI_GEN_GET_FW_VERSION,
	};
	struct mefw_mkhi_fw_ver_reply rep;
	ssize_t len;

	len = mefw_mkhi_xfer(cl, &req, sizeof(req), &rep.hdr, sizeof(rep),
			     offsetofend(struct mefw_mkhi_fw_ver_reply, code),
			     abort);
	if (len < 0)
		return len;

	id->valid |= MEFW_ID_MKHI_VERSION;
	if (!(id->valid & MEFW_ID_VERSION))
		mefw_ver_from_mkhi(&id->code, &rep.code);
	if (len >= offsetofend(struct mefw_mkhi_fw_ver_reply, recovery))
		mefw_ver_from_mkhi(&id->recovery, &rep.recovery);
	if (len >= offsetofend(struct mefw_mkhi_fw_ver_reply, fitc))
		mefw_ver_from_mkhi(&id->fitc, &rep.fitc);

	return 0;
}

/**
 * mefw_mkhi_local_update() - MKHI FWCAPS GET_RULE 7 (local update)
 * @cl: the MKHI client, inside mefw_heci_begin()/mefw_heci_end()
 * @id: @local_update and MEFW_ID_LOCAL_UPDATE are set on success
 * @abort: the caller's abort flag, may be NULL
 *
 * Return: 0, or an error of mefw_mkhi_xfer().
 */
int mefw_mkhi_local_update(struct mefw_client *cl, struct mefw_identity *id,
			   const bool *abort)
{
	struct mefw_mkhi_rule_req req = {
		.hdr.group_id = MEFW_MKHI_GROUP_FWCAPS,
		.hdr.command = MEFW_MKHI_FWCAPS_GET_RULE,
		.rule_id = cpu_to_le32(MEFW_MKHI_RULE_FW_UPDATE),
	};
	struct mefw_mkhi_rule_reply rep;
	size_t n, data_off = offsetof(struct mefw_mkhi_rule_reply, rule_data);
	u8 data[4] = { };
	ssize_t len;

	len = mefw_mkhi_xfer(cl, &req.hdr, sizeof(req), &rep.hdr, sizeof(rep),
			     data_off, abort);
	if (len < 0)
		return len;

	n = min_t(size_t, rep.rule_data_len, sizeof(data));
	if (le32_to_cpu(rep.rule_id) != MEFW_MKHI_RULE_FW_UPDATE || !n ||
	    len < data_off + n) {
		dev_dbg(&cl->cldev->dev, "FWCAPS rule 7: bad reply\n");
		return -EPROTO;
	}

	memcpy(data, &rep.rule_data, n);
	id->local_update = data[0] | data[1] << 8 | data[2] << 16 |
			   (u32)data[3] << 24;
	id->valid |= MEFW_ID_LOCAL_UPDATE;

	return 0;
}

static int mefw_mkhi_hmrfpo(struct mefw_client *cl, struct mefw_identity *id,
			    const bool *abort)
{
	struct mefw_mkhi_hdr req = {
		.group_id = MEFW_MKHI_GROUP_HMRFPO,
		.command = MEFW_MKHI_HMRFPO_GET_STATUS,
	};
	struct mefw_mkhi_hmrfpo_status_reply rep;
	ssize_t len;

	len = mefw_mkhi_xfer(cl, &req, sizeof(req), &rep.hdr, sizeof(rep),
			     offsetofend(struct mefw_mkhi_hmrfpo_status_reply,
					 status),
			     abort);
	if (len < 0)
		return len;

	id->hmrfpo = rep.status;
	id->valid |= MEFW_ID_HMRFPO;

	return 0;
}

/* errors after which asking the same client again is pointless */
static bool mefw_fatal(int err)
{
	return err == -ENODEV || err == -ECANCELED || err == -ETIMEDOUT ||
	       err == -EBUSY ||
	       err == -EINTR || err == -ERESTARTSYS || err == -EIO ||
	       err == -ECONNRESET;
}

/*
 * Ask MKHI.  Return: -ENODEV when the caller's owner went away or a
 * signal interrupted us (-EINTR, -ERESTARTSYS), else 0: MKHI failures
 * only leave fields invalid.
 */
static int mefw_query_mkhi(struct mefw_client *mkhi, struct mefw_identity *id,
			   const bool *abort)
{
	static int (*const steps[])(struct mefw_client *cl,
				    struct mefw_identity *id,
				    const bool *abort) = {
		mefw_mkhi_fw_version,
		mefw_mkhi_local_update,
		mefw_mkhi_hmrfpo,
	};
	unsigned int i;
	int ret;

	ret = mefw_heci_begin(mkhi);
	if (ret)
		goto out;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		ret = steps[i](mkhi, id, abort);
		if (mefw_fatal(ret))
			break;
	}

	mefw_heci_end(mkhi);
out:
	if (abort && READ_ONCE(*abort))
		return -ENODEV;
	if (ret == -EINTR || ret == -ERESTARTSYS)
		return ret;
	return 0;
}

/* mefw_query_identity() once it may talk to the ME */
static int mefw_query_identity_now(struct mefw_me *me, struct mefw_client *fwu,
				   struct mefw_identity *id, const bool *abort)
{
	struct mefw_client *mkhi;
	int ret;

	memset(id, 0, sizeof(*id));
	id->protocol = MEFW_PROTO_UNKNOWN;
	id->local_update = MEFW_LOCAL_UPDATE_UNKNOWN;
	id->hmrfpo = MEFW_HMRFPO_UNKNOWN;
	id->mtu = fwu->mtu;

	ret = mefw_heci_begin(fwu);
	if (ret)
		return ret;
	ret = mefw_fwu_get_version(fwu, id, abort);
	if (!ret && id->protocol == MEFW_PROTO_LEGACY_FWU)
		ret = mefw_fwu_get_info(fwu, id, abort);
	mefw_heci_end(fwu);
	if (ret == -ECANCELED)		/* @abort: the device went away */
		return -ENODEV;
	if (ret)
		return ret;

	mkhi = mefw_me_get_mkhi(me);
	if (mkhi) {
		ret = mefw_query_mkhi(mkhi, id, abort);
		mefw_client_put(mkhi);
		if (ret)
			return ret;
	}

	id->family = mefw_family_from_major(id->code.major);
	return 0;
}

/**
 * mefw_query_identity() - ask the ME who it is
 * @me: the ME
 * @fwu: its FWUpdate client
 * @id: filled in (@id->size is left 0 for the caller)
 * @abort: the caller's "device removed" flag
 *
 * Talks to the FWUpdate client, then (without holding it) to the MKHI
 * client if one is bound.  The code version comes from FWU GET_VERSION,
 * or from MKHI when the FWUpdate client does not answer it (CSME 12+).
 * Nothing is sent while an update transaction owns the ME
 * (mefw_me_query_begin()).
 *
 * Return: 0; -EBUSY while an update transaction owns the ME (or when an
 * earlier request is still stuck); -ETIMEDOUT when the FWUpdate client
 * does not answer; -ENODEV when the device was removed; -EPROTO for a
 * malformed FWUpdate reply; -EINTR/-ERESTARTSYS on a signal; or the
 * error of connecting.
 */
int mefw_query_identity(struct mefw_me *me, struct mefw_client *fwu,
			struct mefw_identity *id, const bool *abort)
{
	int ret;

	ret = mefw_me_query_begin(me);
	if (ret)
		return ret;
	ret = mefw_query_identity_now(me, fwu, id, abort);
	mefw_me_query_end(me);
	return ret;
}
