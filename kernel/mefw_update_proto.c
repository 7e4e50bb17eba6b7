// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - the messages of a firmware update (legacy FWUpdate, ME 6-10)
 *
 *   MKHI FWCAPS GET_RULE 7                local update enabled?
 *   FWU GET_VERSION (0 -> 1)              running version, protocol
 *   FWU GET_INFO (8 -> 9)                 informational
 *   FWU VERIFY_OEMID (16 -> 17)           OEM id (zero for none)
 *   FWU START (2 -> 3)                    {length, update type 0, OEM id}
 *   FWU DATA (4 -> 5) x n                 {length, reserved[4], data}
 *   FWU END (6 -> 7)                      {status, reset type}
 *   MKHI group 6 cmd 2                    progress while the ME writes
 *
 * Layouts: common/mefw_heci.h.  No Intel specification is public: the
 * ids and layouts are from FwuHeciMsgs.h (Apache-2.0, provenance
 * unverified) and a reverse-engineered ME 9 updater; the progress query
 * is reverse engineered only.  See Documentation/update.md.
 *
 * Every function here runs with the transaction's lock held, validates
 * the reply (id, length, status) and describes a failure in a struct
 * mefw_upd_err: FWUpdLcl code, firmware status, errno.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mei_cl_bus.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mefw_drv.h"
#include "mefw_errors.h"
#include "mefw_update.h"

/**
 * mefw_proto_xfer_err() - describe a failed conversation
 * @err: negative errno of mefw_heci_xfer() or of a reply check
 * @e: filled in
 *
 * -ETIMEDOUT: 8718; -ENODEV or -ENOLINK: the ME went away or reset,
 * 8193; a signal: cancelled (code 0, -EINTR); the abort flag: cancelled
 * (code 0, -ECANCELED); -ECONNRESET (the firmware closed the
 * connection): 8742; anything else (malformed reply, send failure):
 * 8742, -EPROTO.
 */
void mefw_proto_xfer_err(int err, struct mefw_upd_err *e)
{
	e->fw_status = 0;
	switch (err) {
	case -ETIMEDOUT:
		e->code = MEFW_ERR_UPDATE_TIMEOUT;
		e->err = -ETIMEDOUT;
		break;
	case -ENODEV:
	case -ENOLINK:		/* the link went down: the ME reset */
		e->code = MEFW_ERR_NO_DEVICE;
		e->err = -ENODEV;
		break;
	case -ERESTARTSYS:
	case -EINTR:
		e->code = 0;
		e->err = -EINTR;
		break;
	case -ECANCELED:
		e->code = 0;
		e->err = -ECANCELED;
		break;
	case -ECONNRESET:
		e->code = MEFW_ERR_HECI;
		e->err = -ECONNRESET;
		break;
	default:
		e->code = MEFW_ERR_HECI;
		e->err = -EPROTO;
		break;
	}
}

/* the firmware refused with @status */
static int mefw_proto_fw_err(u32 status, struct mefw_upd_err *e)
{
	e->code = mefw_err_from_fw_status(status);
	e->fw_status = status;
	e->err = -EREMOTEIO;
	return e->err;
}

static int mefw_proto_host_err(unsigned int code, int err,
			       struct mefw_upd_err *e)
{
	e->code = code;
	e->fw_status = 0;
	e->err = err;
	return err;
}

/*
 * One FWU request/reply on @fwu in its own conversation; the reply is
 * checked for id @req_id + 1 and @min_len.  Return: 0, -EREMOTEIO with
 * *@status set, -EOPNOTSUPP for {0xFF, 0x8D}, or another -errno.
 */
static int mefw_proto_fwu(struct mefw_update *upd, struct mefw_client *fwu,
			  const void *req, size_t req_len, void *rep,
			  size_t rep_size, u32 req_id, size_t min_len,
			  u32 *status)
{
	struct mefw_fwu_reply_hdr *hdr = rep;
	ssize_t len;
	int ret;

	ret = mefw_heci_begin_abortable(fwu, &upd->abort);
	if (ret)
		return ret;
	len = mefw_heci_xfer_killable(fwu, req, req_len, rep, rep_size,
				      &upd->abort);
	if (len >= 0)
		ret = mefw_fwu_check(fwu, hdr, len, req_id, min_len);
	else
		ret = len;
	mefw_heci_end(fwu);

	if (ret == -EREMOTEIO)
		*status = le32_to_cpu(hdr->status);
	return ret;
}

/**
 * mefw_proto_rule7() - is local firmware update enabled?
 * @upd: the transaction
 * @e: the failure
 *
 * MKHI FWCAPS GET_RULE 7: 0 disabled (8719), 2 password protected
 * (8768).  No MKHI client, a refusal or no answer: unknown, go on.
 *
 * Return: 0, or the negative errno of @e.
 */
int mefw_proto_rule7(struct mefw_update *upd, struct mefw_upd_err *e)
{
	struct mefw_identity *id;
	struct mefw_client *mkhi;
	int ret;

	mkhi = mefw_me_get_mkhi(upd->me);
	if (!mkhi)
		return 0;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id) {
		mefw_client_put(mkhi);
		return mefw_proto_host_err(MEFW_ERR_NO_MEMORY, -ENOMEM, e);
	}

	ret = mefw_heci_begin_abortable(mkhi, &upd->abort);
	if (!ret) {
		ret = mefw_mkhi_local_update(mkhi, id, &upd->abort);
		mefw_heci_end(mkhi);
	}
	mefw_client_put(mkhi);

	if (READ_ONCE(upd->abort) || ret == -EINTR || ret == -ERESTARTSYS) {
		kfree(id);
		mefw_proto_xfer_err(ret ? ret : -ECANCELED, e);
		return e->err;
	}

	if (ret || !(id->valid & MEFW_ID_LOCAL_UPDATE)) {
		ret = 0;	/* unknown: the FWU client will tell */
	} else if (id->local_update == MEFW_LOCAL_UPDATE_DISABLED) {
		ret = mefw_proto_host_err(MEFW_ERR_LOCAL_DIS, -EACCES, e);
	} else if (id->local_update == MEFW_LOCAL_UPDATE_PASSWORD) {
		ret = mefw_proto_host_err(MEFW_ERR_PASSWORD_NOT_PROVIDED,
					  -EACCES, e);
	}
	kfree(id);
	return ret;
}

/**
 * mefw_proto_version() - GET_VERSION, for the policy and the verdict
 * @upd: the transaction
 * @fwu: the FWUpdate client to ask
 * @id: the answer (protocol and version fields)
 * @e: the failure
 *
 * {0xFF, 0x8D}: the ME does not speak the legacy protocol (8722).
 *
 * Return: 0, or the negative errno of @e.
 */
int mefw_proto_version(struct mefw_update *upd, struct mefw_client *fwu,
		       struct mefw_identity *id, struct mefw_upd_err *e)
{
	int ret;

	memset(id, 0, sizeof(*id));
	ret = mefw_heci_begin_abortable(fwu, &upd->abort);
	if (ret) {
		mefw_proto_xfer_err(ret, e);
		return e->err;
	}
	ret = mefw_fwu_get_version(fwu, id, &upd->abort);
	mefw_heci_end(fwu);
	if (ret) {
		mefw_proto_xfer_err(ret, e);
		return e->err;
	}

	if (id->protocol == MEFW_PROTO_UNSUPPORTED)
		return mefw_proto_host_err(MEFW_ERR_UNSUPPORTED, -EOPNOTSUPP,
					   e);
	if (!(id->valid & MEFW_ID_VERSION))
		return mefw_proto_host_err(MEFW_ERR_GET_VER, -EREMOTEIO, e);
	return 0;
}

/**
 * mefw_proto_info() - GET_INFO (informational only)
 * @upd: the transaction
 * @e: the failure
 *
 * The reply is not used; a refusal is ignored.  FWUpdLcl asks it, and so
 * does the reverse-engineered ME 9 updater (as id 26).
 *
 * Return: 0, or the negative errno of @e when the ME did not answer.
 */
int mefw_proto_info(struct mefw_update *upd, struct mefw_upd_err *e)
{
	struct mefw_fwu_req req = {
		.msg_id = cpu_to_le32(MEFW_FWU_GET_INFO),
	};
	struct mefw_fwu_info_reply rep;
	u32 status;
	int ret;

	ret = mefw_proto_fwu(upd, upd->fwu, &req, sizeof(req), &rep,
			     sizeof(rep), MEFW_FWU_GET_INFO, sizeof(rep.hdr),
			     &status);
	if (ret == -EREMOTEIO || ret == -EOPNOTSUPP || ret == -EPROTO)
		return 0;
	if (ret)
		mefw_proto_xfer_err(ret, e);
	return ret ? e->err : 0;
}

/**
 * mefw_proto_verify_oemid() - VERIFY_OEMID with the caller's OEM id
 * @upd: the transaction
 * @e: the failure
 *
 * Sent with the zero id when none was given, as the ME 9 updater does; a
 * firmware that does not know the message is then accepted.  A non-zero
 * status is 8745.
 *
 * Return: 0, or the negative errno of @e.
 */
int mefw_proto_verify_oemid(struct mefw_update *upd, struct mefw_upd_err *e)
{
	struct mefw_fwu_verify_oemid_req req = {
		.msg_id = cpu_to_le32(MEFW_FWU_VERIFY_OEMID),
	};
	struct mefw_fwu_reply_hdr rep;
	bool zero = !memchr_inv(upd->begin.oem_id, 0,
				sizeof(upd->begin.oem_id));
	u32 status = 0;
	int ret;

	memcpy(req.oem_id, upd->begin.oem_id, sizeof(req.oem_id));
	ret = mefw_proto_fwu(upd, upd->fwu, &req, sizeof(req), &rep,
			     sizeof(rep), MEFW_FWU_VERIFY_OEMID, sizeof(rep),
			     &status);
	if (!ret || (ret == -EOPNOTSUPP && zero))
		return 0;
	if (ret == -EREMOTEIO || ret == -EOPNOTSUPP) {
		e->code = MEFW_ERR_INVALID_OEM_ID;
		e->fw_status = status;
		e->err = -EREMOTEIO;
		return e->err;
	}
	mefw_proto_xfer_err(ret, e);
	return e->err;
}

/**
 * mefw_proto_start() - START {length, update type 0 (full), OEM id}
 * @upd: the transaction
 * @e: the failure
 *
 * Status 2 (not ready) at START is what an ME waiting for the reset of a
 * previous update answers: 8703, as FWUpdLcl.  Other statuses: the code
 * table.
 *
 * Return: 0, or the negative errno of @e.
 */
int mefw_proto_start(struct mefw_update *upd, struct mefw_upd_err *e)
{
	struct mefw_fwu_start_req req = {
		.msg_id = cpu_to_le32(MEFW_FWU_START),
		.length = cpu_to_le32((u32)upd->begin.length),
		.update_type = 0,
	};
	struct mefw_fwu_start_reply rep;
	u32 status = 0;
	int ret;

	memcpy(req.oem_id, upd->begin.oem_id, sizeof(req.oem_id));
	ret = mefw_proto_fwu(upd, upd->fwu, &req, sizeof(req), &rep,
			     sizeof(rep), MEFW_FWU_START, sizeof(rep), &status);
	if (!ret)
		return 0;
	if (ret == -EREMOTEIO) {
		mefw_proto_fw_err(status, e);
		if (status == MEFW_FW_STATUS_NOT_READY)
			e->code = MEFW_ERR_REBOOT_NEEDED;
		return e->err;
	}
	if (ret == -EOPNOTSUPP)
		return mefw_proto_host_err(MEFW_ERR_UNSUPPORTED, -EOPNOTSUPP,
					   e);
	mefw_proto_xfer_err(ret, e);
	return e->err;
}

/**
 * mefw_proto_data() - send the DATA message in @upd->msg
 * @upd: the transaction; @upd->fill payload bytes are in @upd->msg
 * @e: the failure
 *
 * Return: 0 when the ME acknowledged, or the negative errno of @e.
 */
int mefw_proto_data(struct mefw_update *upd, struct mefw_upd_err *e)
{
	struct mefw_fwu_reply_hdr rep;
	u32 status = 0;
	int ret;

	upd->msg->msg_id = cpu_to_le32(MEFW_FWU_DATA);
	upd->msg->length = cpu_to_le32((u32)upd->fill);
	memset(upd->msg->reserved, 0, sizeof(upd->msg->reserved));

	ret = mefw_proto_fwu(upd, upd->fwu, upd->msg,
			     sizeof(*upd->msg) + upd->fill, &rep, sizeof(rep),
			     MEFW_FWU_DATA, sizeof(rep), &status);
	if (!ret)
		return 0;
	if (ret == -EREMOTEIO)
		return mefw_proto_fw_err(status, e);
	mefw_proto_xfer_err(ret, e);
	return e->err;
}

/**
 * mefw_proto_end() - END: the ME verifies the image and starts writing
 * @upd: the transaction
 * @reset_type: the reset type of the reply
 * @e: the failure
 *
 * A non-zero status is the ME's verdict on the image (signature, SKU,
 * version, SVN/VCN, length).  The ME may also reset instead of
 * answering: no reply (-ETIMEDOUT), the client or the link going away
 * (-ENODEV, -ENOLINK), the connection closed (-ECONNRESET) or a malformed
 * reply (-EPROTO) are returned as such, without @e, and the caller goes
 * on polling: the progress query tells what the ME did.
 *
 * Return: 0, one of the errnos above, or the negative errno of @e.
 */
int mefw_proto_end(struct mefw_update *upd, u32 *reset_type,
		   struct mefw_upd_err *e)
{
	struct mefw_fwu_req req = {
		.msg_id = cpu_to_le32(MEFW_FWU_END),
	};
	struct mefw_fwu_end_reply rep;
	u32 status = 0;
	int ret;

	ret = mefw_proto_fwu(upd, upd->fwu, &req, sizeof(req), &rep,
			     sizeof(rep), MEFW_FWU_END,
			     offsetofend(struct mefw_fwu_end_reply, reset_type),
			     &status);
	if (!ret) {
		*reset_type = le32_to_cpu(rep.reset_type);
		return 0;
	}
	if (ret == -EREMOTEIO)
		return mefw_proto_fw_err(status, e);
	if ((ret == -ETIMEDOUT || ret == -ENODEV || ret == -ENOLINK ||
	     ret == -ECONNRESET || ret == -EPROTO) && !READ_ONCE(upd->abort))
		return ret;
	mefw_proto_xfer_err(ret, e);
	return e->err;
}

/**
 * mefw_proto_progress() - MKHI group 6 cmd 2: where the ME is
 * @upd: the transaction
 * @rep: the reply
 *
 * Reverse engineered (ME 9 updater): {percent, stage, total stages,
 * update status (0x213 in progress, 0 done, else the failure), reset
 * type}; result 2 (not available) before the ME started.
 *
 * Return: 0, -ENODATA for "not available yet", -ENODEV when there is no
 * MKHI client, or another negative errno (no or a malformed answer).
 */
int mefw_proto_progress(struct mefw_update *upd,
			struct mefw_mkhi_fwu_progress_reply *rep)
{
	struct mefw_mkhi_hdr req = {
		.group_id = MEFW_MKHI_GROUP_FWUPDATE,
		.command = MEFW_MKHI_FWUPDATE_QUERY,
	};
	struct mefw_client *mkhi;
	ssize_t len;
	int ret;

	mkhi = mefw_me_get_mkhi(upd->me);
	if (!mkhi)
		return -ENODEV;

	memset(rep, 0, sizeof(*rep));
	ret = mefw_heci_begin(mkhi);
	if (!ret) {
		len = mefw_mkhi_xfer(mkhi, &req, sizeof(req), &rep->hdr,
				     sizeof(*rep),
				     offsetofend(struct mefw_mkhi_fwu_progress_reply,
						 reset_type),
				     &upd->abort);
		mefw_heci_end(mkhi);
		if (len == -EREMOTEIO &&
		    rep->hdr.result == MEFW_MKHI_RESULT_NOT_AVAILABLE)
			ret = -ENODATA;
		else
			ret = len < 0 ? len : 0;
	}
	mefw_client_put(mkhi);
	return ret;
}

/**
 * mefw_proto_abort_fw() - make the ME forget an unfinished transfer
 * @upd: the transaction
 *
 * There is no abort message: the connection is dropped and made again,
 * as closing the handle of a Windows updater does (our convention; the
 * simulator implements it so, real firmware is unverified).  A reply
 * still in flight (a delayed START reply) is lost with the connection.
 * Does not look at @upd->abort: it runs because of it.
 */
void mefw_proto_abort_fw(struct mefw_update *upd)
{
	struct mefw_client *fwu = upd->fwu;
	int ret;

	if (!fwu || mefw_heci_begin_killable(fwu))
		return;
	ret = mefw_heci_reconnect(fwu);
	mefw_heci_end(fwu);
	dev_info(upd->mei_dev,
		 "mefw: update session of the ME reset (reconnect: %d)\n",
		 ret);
}
