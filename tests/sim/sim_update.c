// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: the firmware update engine behind the legacy FWUpdate client
 * (START 2 / DATA 4 / END 6) and the MKHI progress query (group 6 cmd 2).
 *
 * START allocates a receive buffer, DATA fills it, END verifies the image
 * (sim_verify.c) before answering and then starts the engine: a delayed
 * work that "writes flash" in SIM_UPD_STAGES stages of stage_ms each,
 * visible through the progress query and HFSTS1 bit 11 / HFSTS2 phase 7 +
 * percent.  At the end the new image becomes active as reset_type says:
 * 0 at once, 2 after an ME-initiated reset (reset_ms later), 1 and 3 at
 * the next load.  Message layouts: FwuHeciMsgs.h; progress query and
 * stage count: reverse-engineered ME 9 updater; status codes and timing
 * choices beyond those are simulator conventions (Documentation/
 * simulator.md).  All of it runs under sim_fw.lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/limits.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "mefw_heci.h"
#include "sim.h"

#define SIM_HFSTS1_UPDATING	BIT(11)
#define SIM_HFSTS1_STATE_MASK	0xf
#define SIM_HFSTS1_ERR_MASK	0xf000
#define SIM_HFSTS1_STATE_REC	2
#define SIM_HFSTS1_ERR_IMAGE	(3 << 12)
#define SIM_HFSTS2_PHASE_MASK	0xf0000000
#define SIM_HFSTS2_PHASE_FWU	(7 << 28)
#define SIM_HFSTS2_PCT_MASK	0x00ff0000
#define SIM_HFSTS2_PCT_SHIFT	16

#define SIM_MS_MAX		60000
#define SIM_FLASH_SIZE_MIN	0x1000
#define SIM_FLASH_SIZE_MAX	0x4000000
/* stages 2 .. SIM_UPD_STAGES - 1 write the image, in this many chunks */
#define SIM_UPD_CHUNKS		(SIM_UPD_STAGES - 2)

static char *flash;
module_param(flash, charp, 0444);
MODULE_PARM_DESC(flash, "backing file of the simulated flash (absolute path; created if missing)");

static char *fused_key = "test";
module_param(fused_key, charp, 0444);
MODULE_PARM_DESC(fused_key, "trusted signing key: test (default), intel-me9, or the SHA-256 of the LE modulus (64 hex digits)");

static unsigned int reset_type = 2;
module_param(reset_type, uint, 0444);
MODULE_PARM_DESC(reset_type, "reset an update needs: 0 none, 1 host, 2 ME (default), 3 global");

static unsigned int stage_ms = 50;
module_param(stage_ms, uint, 0644);
MODULE_PARM_DESC(stage_ms, "duration of each of the 19 engine stages in ms (default 50, max 60000)");

static unsigned int reset_ms = 200;
module_param(reset_ms, uint, 0444);
MODULE_PARM_DESC(reset_ms, "delay between the end of an update and the ME reset in ms (default 200)");

static unsigned int flash_size = 0x180000;
module_param(flash_size, uint, 0444);
MODULE_PARM_DESC(flash_size, "largest image START accepts in bytes (default 0x180000 = 1.5 MiB)");

static int sim_bad_uint(const char *name, unsigned int val, unsigned int min,
			unsigned int max)
{
	pr_err("invalid parameter %s=%u: expected %u..%u\n", name, val, min,
	       max);
	return -EINVAL;
}

/**
 * sim_update_params_init() - validate the update module parameters
 *
 * Return: 0, or -EINVAL (logged, naming the parameter).
 */
int sim_update_params_init(void)
{
	if (reset_type > 3)
		return sim_bad_uint("reset_type", reset_type, 0, 3);
	if (stage_ms > SIM_MS_MAX)
		return sim_bad_uint("stage_ms", stage_ms, 0, SIM_MS_MAX);
	if (reset_ms > SIM_MS_MAX)
		return sim_bad_uint("reset_ms", reset_ms, 0, SIM_MS_MAX);
	if (flash_size < SIM_FLASH_SIZE_MIN || flash_size > SIM_FLASH_SIZE_MAX)
		return sim_bad_uint("flash_size", flash_size,
				    SIM_FLASH_SIZE_MIN, SIM_FLASH_SIZE_MAX);
	if (flash && (flash[0] != '/' || strnlen(flash, PATH_MAX) >= PATH_MAX)) {
		pr_err("invalid parameter flash=\"%s\": expected an absolute path\n",
		       flash);
		return -EINVAL;
	}
	return sim_verify_params_init(fused_key);
}

static const char *const sim_upd_names[] = {
	[SIM_UPD_IDLE] = "idle",
	[SIM_UPD_RECEIVING] = "receiving",
	[SIM_UPD_RUNNING] = "running",
	[SIM_UPD_STALLED] = "stalled",
	[SIM_UPD_RESETTING] = "resetting",
	[SIM_UPD_WAIT_RESET] = "wait-reset",
	[SIM_UPD_DEAD] = "dead",
};

/**
 * sim_update_state_name() - name of an update state, for debugfs
 * @state: state
 *
 * Return: a static string.
 */
const char *sim_update_state_name(enum sim_upd_state state)
{
	return state < ARRAY_SIZE(sim_upd_names) ? sim_upd_names[state] : "?";
}

static void sim_update_free(struct sim_update *u)
{
	vfree(u->buf);
	u->buf = NULL;
	u->len = 0;
	u->received = 0;
}

/* the receive session ends without a result (disconnect, reset, START) */
static void sim_update_abort_rx(struct sim_fw *fw, const char *why)
{
	struct sim_update *u = &fw->upd;

	if (u->state != SIM_UPD_RECEIVING)
		return;
	dev_info(fw->sim->dev, "update session dropped after %zu of %zu bytes: %s\n",
		 u->received, u->len, why);
	sim_update_free(u);
	u->state = SIM_UPD_IDLE;
}

static void sim_update_regs(struct sim_fw *fw, bool updating)
{
	struct sim_update *u = &fw->upd;

	if (!updating) {
		sim_fw_set_hfsts(fw, 0, u->hfsts1);
		sim_fw_set_hfsts(fw, 1, u->hfsts2);
		return;
	}
	sim_fw_set_hfsts(fw, 0, u->hfsts1 | SIM_HFSTS1_UPDATING);
	sim_fw_set_hfsts(fw, 1, (u->hfsts2 & ~(SIM_HFSTS2_PHASE_MASK |
					       SIM_HFSTS2_PCT_MASK)) |
			 SIM_HFSTS2_PHASE_FWU |
			 u->percent << SIM_HFSTS2_PCT_SHIFT);
}

/* a result for the progress query and GET_VERSION's LastFwUpdateStatus */
static void sim_update_result(struct sim_fw *fw, u32 status, u32 reset)
{
	struct sim_update *u = &fw->upd;

	u->have_result = true;
	u->status = status;
	u->reset_type = reset;
	fw->id.last_fw_update_status = status;
	if (!status)
		fw->id.last_update_reset_type = reset;
}

/* the engine stops with a failure status; the old image stays active */
static void sim_update_fail(struct sim_fw *fw, u32 status)
{
	struct sim_update *u = &fw->upd;

	dev_info(fw->sim->dev, "update failed at stage %u of %u: status 0x%x\n",
		 u->stage, SIM_UPD_STAGES, status);
	sim_update_regs(fw, false);
	sim_update_result(fw, status, 0);
	sim_update_free(u);
	u->state = SIM_UPD_IDLE;
	sim_flash_rollback(fw, status);
}

/* the new image becomes the running one */
static void sim_update_activate(struct sim_fw *fw)
{
	struct sim_identity *id = &fw->id;
	struct sim_update *u = &fw->upd;

	id->code = u->img.ver;
	id->recovery = u->img.ver;
	id->amt = u->img.ver;
	id->ipu_ver = u->img.ver;
	id->svn = min_t(u32, u->img.svn, U16_MAX);
	id->vcn = min_t(u32, u->img.vcn, U16_MAX);
	if (u->from_recovery) {
		u->from_recovery = false;
		u->hfsts1 = (u->hfsts1 & ~(SIM_HFSTS1_STATE_MASK |
					   SIM_HFSTS1_ERR_MASK)) |
			    (sim_id->hfsts[0] & (SIM_HFSTS1_STATE_MASK |
						 SIM_HFSTS1_ERR_MASK));
		sim_fw_set_hfsts(fw, 0, u->hfsts1);
	}
	dev_info(fw->sim->dev, "running firmware %u.%u.%u.%u\n",
		 id->code.major, id->code.minor, id->code.hotfix,
		 id->code.build);
}

static void sim_update_queue(struct sim_fw *fw, unsigned int ms)
{
	queue_delayed_work(fw->sim->fw_wq, &fw->upd.work,
			   msecs_to_jiffies(min_t(unsigned int, ms,
						  SIM_MS_MAX)));
}

/* last stage written: report success, then reset as reset_type says */
static void sim_update_done(struct sim_fw *fw)
{
	struct sim_update *u = &fw->upd;
	u32 rt = u->reset_type;

	u->percent = 100;
	sim_update_regs(fw, false);
	sim_update_result(fw, SIM_FWU_ST_SUCCESS, rt);
	sim_update_free(u);
	dev_info(fw->sim->dev, "update to %u.%u.%u.%u written, reset type %u\n",
		 u->img.ver.major, u->img.ver.minor, u->img.ver.hotfix,
		 u->img.ver.build, rt);
	switch (rt) {
	case 0:
		sim_update_activate(fw);
		u->state = SIM_UPD_IDLE;
		break;
	case 2:
		u->state = SIM_UPD_RESETTING;
		sim_update_queue(fw, reset_ms);
		break;
	default:
		/* host or global reset: the new image runs after a reload */
		u->state = SIM_UPD_WAIT_RESET;
		break;
	}
}

/* image chunk a writing stage (2 .. SIM_UPD_STAGES - 1) covers */
static size_t sim_update_chunk(const struct sim_update *u, unsigned int stage,
			       size_t *off)
{
	size_t end = u->len * (stage - 1) / SIM_UPD_CHUNKS;

	*off = u->len * (stage - 2) / SIM_UPD_CHUNKS;
	return end - *off;
}

/* fault "powercut": flash left half written, the FW goes silent */
static void sim_update_powercut(struct sim_fw *fw, unsigned int stage)
{
	struct sim_update *u = &fw->upd;
	size_t off, n;

	if (stage == 1) {
		sim_flash_begin(fw, &u->img, u->len);
	} else if (stage < SIM_UPD_STAGES) {
		n = sim_update_chunk(u, stage, &off);
		sim_flash_write(fw, u->buf + off, off, n / 2);
	}
	dev_warn(fw->sim->dev, "power cut at stage %u of %u: the FW is silent until the next load\n",
		 stage, SIM_UPD_STAGES);
	u->stage = stage;
	sim_fw_set_hfsts(fw, 0, (u->hfsts1 & ~(SIM_HFSTS1_STATE_MASK |
					       SIM_HFSTS1_ERR_MASK |
					       SIM_HFSTS1_UPDATING)) |
			 SIM_HFSTS1_STATE_REC | SIM_HFSTS1_ERR_IMAGE);
	sim_fw_set_hfsts(fw, 1, u->hfsts2);
	sim_update_free(u);
	u->state = SIM_UPD_DEAD;
	fw->dead = true;
}

/* the flash work of one stage: header, image chunks, commit */
static int sim_update_write_stage(struct sim_fw *fw, unsigned int stage)
{
	struct sim_update *u = &fw->upd;
	size_t off, n;

	if (stage == 1)
		return sim_flash_begin(fw, &u->img, u->len);
	if (stage == SIM_UPD_STAGES)
		return sim_flash_commit(fw, &u->img, u->reset_type);
	n = sim_update_chunk(u, stage, &off);
	return sim_flash_write(fw, u->buf + off, off, n);
}

static void sim_update_stage(struct sim_fw *fw)
{
	struct sim_update *u = &fw->upd;
	unsigned int stage = u->stage + 1;
	enum sim_fault_kind kind;
	unsigned int i;
	u32 arg = 0;
	int err;

	kind = sim_fault_take(fw, SIM_FP_STAGE, stage, &arg);
	switch (kind) {
	case SIM_FAULT_ERROR:
		u->stage = stage;
		sim_update_fail(fw, arg);
		return;
	case SIM_FAULT_RESET:
		/* the ME crashes: the update is lost, the ME comes back */
		u->stage = stage;
		sim_update_fail(fw, SIM_FWU_ST_INTERNAL);
		sim_fw_me_reset(fw);
		return;
	case SIM_FAULT_POWERCUT:
		sim_update_powercut(fw, stage);
		return;
	case SIM_FAULT_STALL:
		dev_info(fw->sim->dev, "engine stalled before stage %u\n",
			 stage);
		u->state = SIM_UPD_STALLED;
		return;
	case SIM_FAULT_DISCONNECT:
		for (i = 0; i < SIM_NR_CLIENTS; i++)
			if (fw->conn[i].desc != &sim_client_mkhi_fix)
				sim_fw_disconnect_locked(fw, &fw->conn[i]);
		break;
	default:
		break;
	}

	err = sim_update_write_stage(fw, stage);
	u->stage = stage;
	if (err) {
		sim_update_fail(fw, SIM_FWU_ST_INTERNAL);
		return;
	}
	u->percent = stage * 100 / SIM_UPD_STAGES;
	if (stage == SIM_UPD_STAGES) {
		sim_update_done(fw);
		return;
	}
	sim_update_regs(fw, true);
	sim_update_queue(fw, READ_ONCE(stage_ms));
}

static void sim_update_work(struct work_struct *work)
{
	struct sim_update *u = container_of(to_delayed_work(work),
					    struct sim_update, work);
	struct sim_fw *fw = container_of(u, struct sim_fw, upd);

	mutex_lock(&fw->lock);
	if (u->shutdown || fw->stopped)
		goto out;
	if (u->state == SIM_UPD_RUNNING) {
		sim_update_stage(fw);
	} else if (u->state == SIM_UPD_RESETTING) {
		sim_update_activate(fw);
		u->state = SIM_UPD_IDLE;
		sim_fw_me_reset(fw);
	}
out:
	mutex_unlock(&fw->lock);
}

/* ---- FWU messages ---- */

static void sim_fwu_status_reply(struct sim_conn *c, u32 id, u32 status)
{
	struct mefw_fwu_reply_hdr res = {
		.msg_id = cpu_to_le32(id),
		.status = cpu_to_le32(status),
	};

	sim_conn_reply(c, &res, sizeof(res));
}

static u32 sim_update_do_start(struct sim_fw *fw, const u8 *msg, size_t len)
{
	const struct mefw_fwu_start_req *req = (const void *)msg;
	struct sim_update *u = &fw->upd;
	size_t length;

	if (len < sizeof(*req))
		return SIM_FWU_ST_BAD_LENGTH;
	switch (u->state) {
	case SIM_UPD_RUNNING:
	case SIM_UPD_RESETTING:
	case SIM_UPD_WAIT_RESET:
	case SIM_UPD_DEAD:
		return SIM_FWU_ST_NOT_READY;
	case SIM_UPD_STALLED:
		/* the watchdog notices the hung writer when a session begins */
		sim_update_fail(fw, SIM_FWU_ST_INTERNAL);
		break;
	case SIM_UPD_RECEIVING:
		sim_update_abort_rx(fw, "new START");
		break;
	default:
		break;
	}
	length = le32_to_cpu(req->length);
	if (req->update_type != 0 || !length || length > flash_size)
		return SIM_FWU_ST_BAD_LENGTH;
	u->buf = vmalloc(length);
	if (!u->buf)
		return 1;	/* FWU_STATUS no memory */
	u->len = length;
	u->received = 0;
	u->data_msgs = 0;
	u->stage = 0;
	u->percent = 0;
	u->have_result = false;
	u->state = SIM_UPD_RECEIVING;
	return SIM_FWU_ST_SUCCESS;
}

/**
 * sim_update_start() - FWU START: open an update session
 * @fw: firmware, lock held
 * @c: the FWU connection
 * @msg: request
 * @len: request length
 */
void sim_update_start(struct sim_fw *fw, struct sim_conn *c,
		      const u8 *msg, size_t len)
{
	struct mefw_fwu_start_reply res = {
		.hdr.msg_id = cpu_to_le32(MEFW_FWU_START + 1),
	};
	enum sim_fault_kind kind;
	u32 arg = 0, st;

	kind = sim_fault_take(fw, SIM_FP_START, 0, &arg);
	if (kind == SIM_FAULT_ERROR) {
		sim_update_abort_rx(fw, "fault");
		st = arg;
	} else {
		st = sim_update_do_start(fw, msg, len);
	}
	res.hdr.status = cpu_to_le32(st);
	sim_conn_reply(c, &res, sizeof(res));
	sim_fault_reply(fw, c, kind, arg);
}

static u32 sim_update_do_data(struct sim_fw *fw, struct sim_conn *c,
			      const u8 *msg, size_t len)
{
	const struct mefw_fwu_data_req *req = (const void *)msg;
	struct sim_update *u = &fw->upd;
	size_t dlen;

	if (u->state != SIM_UPD_RECEIVING)
		return SIM_FWU_ST_NOT_READY;
	if (len <= sizeof(*req)) {
		sim_update_abort_rx(fw, "DATA without data");
		return SIM_FWU_ST_BAD_LENGTH;
	}
	dlen = le32_to_cpu(req->length);
	if (dlen != len - sizeof(*req) || dlen > c->mtu - sizeof(*req) ||
	    dlen > u->len - u->received) {
		sim_update_abort_rx(fw, "bad DATA length");
		return SIM_FWU_ST_BAD_LENGTH;
	}
	memcpy(u->buf + u->received, req->data, dlen);
	u->received += dlen;
	return SIM_FWU_ST_SUCCESS;
}

/**
 * sim_update_data() - FWU DATA: the next piece of the image
 * @fw: firmware, lock held
 * @c: the FWU connection
 * @msg: request
 * @len: request length
 */
void sim_update_data(struct sim_fw *fw, struct sim_conn *c,
		     const u8 *msg, size_t len)
{
	struct sim_update *u = &fw->upd;
	enum sim_fault_kind kind;
	u32 arg = 0, st;

	kind = sim_fault_take(fw, SIM_FP_DATA, ++u->data_msgs, &arg);
	if (kind == SIM_FAULT_ERROR) {
		sim_update_abort_rx(fw, "fault");
		st = arg;
	} else {
		st = sim_update_do_data(fw, c, msg, len);
	}
	sim_fwu_status_reply(c, MEFW_FWU_DATA + 1, st);
	sim_fault_reply(fw, c, kind, arg);
}

static u32 sim_update_do_end(struct sim_fw *fw)
{
	struct sim_update *u = &fw->upd;
	u32 st;

	if (u->state != SIM_UPD_RECEIVING)
		return SIM_FWU_ST_NOT_READY;
	if (u->received != u->len) {
		dev_info(fw->sim->dev, "update refused: %zu of %zu bytes received\n",
			 u->received, u->len);
		st = SIM_FWU_ST_BAD_LENGTH;
	} else {
		st = sim_verify_image(fw, u->buf, u->len, &u->img);
	}
	if (st) {
		sim_update_free(u);
		u->state = SIM_UPD_IDLE;
		sim_update_result(fw, st, 0);
		return st;
	}
	dev_info(fw->sim->dev, "image %u.%u.%u.%u (SVN %u, VCN %u) verified: writing flash\n",
		 u->img.ver.major, u->img.ver.minor, u->img.ver.hotfix,
		 u->img.ver.build, u->img.svn, u->img.vcn);
	u->state = SIM_UPD_RUNNING;
	u->stage = 0;
	u->percent = 0;
	u->have_result = true;
	u->status = MEFW_FWU_UPDATE_STATUS_IN_PROGRESS;
	u->reset_type = reset_type;
	u->hfsts1 = fw->id.hfsts[0];
	u->hfsts2 = fw->id.hfsts[1];
	sim_update_regs(fw, true);
	sim_update_queue(fw, READ_ONCE(stage_ms));
	return SIM_FWU_ST_SUCCESS;
}

/**
 * sim_update_end() - FWU END: verify the image and start the engine
 * @fw: firmware, lock held
 * @c: the FWU connection
 * @msg: request
 * @len: request length
 */
void sim_update_end(struct sim_fw *fw, struct sim_conn *c,
		    const u8 *msg, size_t len)
{
	struct mefw_fwu_end_reply res = {
		.hdr.msg_id = cpu_to_le32(MEFW_FWU_END + 1),
	};
	enum sim_fault_kind kind;
	u32 arg = 0, st;

	kind = sim_fault_take(fw, SIM_FP_END, 0, &arg);
	if (kind == SIM_FAULT_ERROR) {
		if (fw->upd.state == SIM_UPD_RECEIVING) {
			sim_update_abort_rx(fw, "fault");
			sim_update_result(fw, arg, 0);
		}
		st = arg;
	} else {
		st = sim_update_do_end(fw);
	}
	res.hdr.status = cpu_to_le32(st);
	if (!st)
		res.reset_type = cpu_to_le32(reset_type);
	sim_conn_reply(c, &res, sizeof(res));
	sim_fault_reply(fw, c, kind, arg);
}

/**
 * sim_update_progress() - MKHI FWUPDATE (6) QUERY (2): update progress
 * @fw: firmware, lock held
 * @c: the MKHI connection
 * @msg: request (at least an MKHI header)
 * @len: request length
 *
 * Result 2 (not available) until an update got past END; then percent,
 * stage, total stages, update status (0x213 while running) and reset type.
 */
void sim_update_progress(struct sim_fw *fw, struct sim_conn *c,
			 const u8 *msg, size_t len)
{
	struct sim_update *u = &fw->upd;
	struct mefw_mkhi_fwu_progress_reply res = {
		.hdr = {
			.group_id = MEFW_MKHI_GROUP_FWUPDATE,
			.command = MEFW_MKHI_FWUPDATE_QUERY |
				   MEFW_MKHI_RESPONSE,
		},
	};
	enum sim_fault_kind kind;
	u32 arg = 0;

	kind = sim_fault_take(fw, SIM_FP_PROGRESS, 0, &arg);
	if (kind == SIM_FAULT_ERROR) {
		if (u->state == SIM_UPD_RUNNING || u->state == SIM_UPD_STALLED)
			sim_update_fail(fw, arg);
		else
			sim_update_result(fw, arg, 0);
	}
	if (!u->have_result) {
		res.hdr.result = MEFW_MKHI_RESULT_NOT_AVAILABLE;
		sim_conn_reply(c, &res.hdr, sizeof(res.hdr));
	} else {
		res.percent = cpu_to_le32(u->percent);
		res.stage = cpu_to_le32(u->stage);
		res.total_stages = cpu_to_le32(SIM_UPD_STAGES);
		res.update_status = cpu_to_le32(u->status);
		res.reset_type = cpu_to_le32(u->reset_type);
		sim_conn_reply(c, &res, sizeof(res));
	}
	sim_fault_reply(fw, c, kind, arg);
}

/**
 * sim_update_conn_lost() - a connection is being dropped
 * @fw: firmware, lock held
 * @c: the connection
 *
 * A session still receiving on the FWU connection ends with it (the host
 * went away mid-transfer); a running engine is not affected.
 */
void sim_update_conn_lost(struct sim_fw *fw, struct sim_conn *c)
{
	if (c->desc == &sim_client_fwu)
		sim_update_abort_rx(fw, "FWU connection closed");
}

/**
 * sim_update_me_reset() - the FW reset itself (fault, debugfs, engine)
 * @fw: firmware, lock held
 *
 * A receive session is lost; a stalled engine is aborted (status 5); a
 * running engine keeps writing (the reset is the HECI side's).
 */
void sim_update_me_reset(struct sim_fw *fw)
{
	sim_update_abort_rx(fw, "ME reset");
	if (fw->upd.state == SIM_UPD_STALLED)
		sim_update_fail(fw, SIM_FWU_ST_INTERNAL);
}

/**
 * sim_update_show() - debugfs state lines of the update engine
 * @m: seq file
 * @fw: firmware, lock held
 */
void sim_update_show(struct seq_file *m, struct sim_fw *fw)
{
	const struct sim_update *u = &fw->upd;

	seq_printf(m, "%-22s %s\n", "update", sim_update_state_name(u->state));
	seq_printf(m, "%-22s %zu/%zu\n", "update_received", u->received,
		   u->len);
	seq_printf(m, "%-22s %u/%u %u%%\n", "update_stage", u->stage,
		   SIM_UPD_STAGES, u->percent);
	seq_printf(m, "%-22s 0x%x%s\n", "update_status", u->status,
		   u->have_result ? "" : " (none)");
	seq_printf(m, "%-22s %u\n", "update_reset_type", u->reset_type);
	seq_printf(m, "%-22s %s\n", "recovery_boot",
		   u->from_recovery ? "Y" : "N");
	seq_printf(m, "%-22s %s\n", "power_cut", fw->dead ? "Y" : "N");
	seq_printf(m, "%-22s %u\n", "vcn", fw->id.vcn);
	seq_printf(m, "%-22s %*phN\n", "fused_key", 32, sim_fused_key);
	seq_printf(m, "%-22s %s\n", "flash", fw->flash.file ?
		   fw->flash.path : "(none)");
	seq_printf(m, "%-22s 0x%x\n", "flash_size", flash_size);
}

/**
 * sim_update_init() - set up the engine and boot from the flash file
 * @fw: firmware, not yet running
 *
 * Return: 0 or a negative errno (logged).
 */
int sim_update_init(struct sim_fw *fw)
{
	INIT_DELAYED_WORK(&fw->upd.work, sim_update_work);
	INIT_DELAYED_WORK(&fw->fault_work, sim_fault_work);
	fw->upd.state = SIM_UPD_IDLE;
	return sim_flash_open(fw, flash);
}

/**
 * sim_update_stop() - stop the engine for good (device going away)
 * @fw: firmware
 */
void sim_update_stop(struct sim_fw *fw)
{
	mutex_lock(&fw->lock);
	fw->upd.shutdown = true;
	mutex_unlock(&fw->lock);
	cancel_delayed_work_sync(&fw->upd.work);
	cancel_delayed_work_sync(&fw->fault_work);
}

/**
 * sim_update_fini() - free what the update engine holds
 * @fw: firmware, engine stopped
 */
void sim_update_fini(struct sim_fw *fw)
{
	sim_update_free(&fw->upd);
	sim_flash_close(fw);
}
