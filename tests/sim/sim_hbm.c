// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: the firmware's side of the host bus message (HBM) protocol,
 * version 2.0: start, enumeration, client properties, connect,
 * disconnect (both directions), flow control, notifications, stop.
 * Requests that are too short, out of state or unknown are host protocol
 * violations: counted, logged and not answered.
 */
#include <linux/device.h>
#include <linux/string.h>

#include "mei/mei_dev.h"
#include "mei/hw.h"
#include "sim.h"

#define SIM_HBM_MAJOR	2
#define SIM_HBM_MINOR	0

static bool sim_hbm_short(struct sim_fw *fw, size_t len, size_t need)
{
	if (len >= need)
		return false;
	sim_fw_proto_error(fw, "short HBM message", 0, 0);
	return true;
}

static void sim_hbm_start(struct sim_fw *fw, const u8 *msg, size_t len)
{
	const struct hbm_host_version_request *req = (const void *)msg;
	struct hbm_host_version_response res = {
		.hbm_cmd = HOST_START_RES_CMD,
		.me_max_version = {
			.major_version = SIM_HBM_MAJOR,
			.minor_version = SIM_HBM_MINOR,
		},
	};
	u8 major, minor;

	if (sim_hbm_short(fw, len, sizeof(*req)))
		return;
	major = req->host_version.major_version;
	minor = req->host_version.minor_version;
	/* 6.1 asks for 2.2: not supported, the host falls back to ours */
	res.host_version_supported = major < SIM_HBM_MAJOR ||
		(major == SIM_HBM_MAJOR && minor <= SIM_HBM_MINOR);
	fw->hbm = SIM_HBM_STARTED;
	sim_fw_hbm_send(fw, &res, sizeof(res));
}

static void sim_hbm_stop(struct sim_fw *fw, const u8 *msg, size_t len)
{
	struct hbm_host_stop_response res = { .hbm_cmd = HOST_STOP_RES_CMD };
	unsigned int i;

	if (sim_hbm_short(fw, len, sizeof(struct hbm_host_stop_request)))
		return;
	for (i = 0; i < SIM_NR_CLIENTS; i++)
		sim_conn_drop(fw, &fw->conn[i]);
	fw->hbm = SIM_HBM_STOPPED;
	sim_fw_hbm_send(fw, &res, sizeof(res));
}

static void sim_hbm_enum(struct sim_fw *fw, const u8 *msg, size_t len)
{
	struct hbm_host_enum_response res = { .hbm_cmd = HOST_ENUM_RES_CMD };
	unsigned int i;

	if (sim_hbm_short(fw, len, sizeof(struct hbm_host_enum_request)))
		return;
	for (i = 0; i < SIM_NR_CLIENTS; i++) {
		u8 addr = fw->conn[i].desc->addr;

		res.valid_addresses[addr / 8] |= BIT(addr % 8);
	}
	sim_fw_hbm_send(fw, &res, sizeof(res));
}

static void sim_hbm_props(struct sim_fw *fw, const u8 *msg, size_t len)
{
	const struct hbm_props_request *req = (const void *)msg;
	struct hbm_props_response res = {
		.hbm_cmd = HOST_CLIENT_PROPERTIES_RES_CMD,
	};
	struct mei_client_properties *p = &res.client_properties;
	const struct sim_conn *c;

	if (sim_hbm_short(fw, len, sizeof(*req)))
		return;
	res.me_addr = req->me_addr;
	c = sim_fw_conn_by_addr(fw, req->me_addr);
	if (!c) {
		res.status = MEI_HBMS_CLIENT_NOT_FOUND;
	} else {
		p->protocol_name = c->desc->uuid;
		p->protocol_version = c->desc->version;
		p->max_number_of_connections = 1;
		p->max_msg_length = c->mtu;
	}
	sim_fw_hbm_send(fw, &res, sizeof(res));
}

static void sim_hbm_connect(struct sim_fw *fw, const u8 *msg, size_t len)
{
	const struct hbm_client_connect_request *req = (const void *)msg;
	struct hbm_client_connect_response res = {
		.hbm_cmd = CLIENT_CONNECT_RES_CMD,
	};
	struct sim_conn *c;

	if (sim_hbm_short(fw, len, sizeof(*req)))
		return;
	res.me_addr = req->me_addr;
	res.host_addr = req->host_addr;
	c = sim_fw_conn_by_addr(fw, req->me_addr);
	if (!c || !req->me_addr)
		res.status = MEI_CL_CONN_NOT_FOUND;
	else if (c->state != SIM_CONN_IDLE)
		res.status = MEI_CL_CONN_ALREADY_STARTED;

	sim_fw_hbm_send(fw, &res, sizeof(res));
	if (res.status)
		return;
	sim_conn_drop(fw, c);
	c->state = SIM_CONN_CONNECTED;
	c->host_addr = req->host_addr;
	c->connects++;
	/* the host's first TX credit follows the response */
	sim_conn_grant(fw, c);
}

static void sim_hbm_disconnect(struct sim_fw *fw, const u8 *msg, size_t len)
{
	const struct hbm_client_connect_request *req = (const void *)msg;
	struct hbm_client_connect_response res = {
		.hbm_cmd = CLIENT_DISCONNECT_RES_CMD,
		.status = MEI_CL_DISCONN_SUCCESS,
	};
	struct sim_conn *c;

	if (sim_hbm_short(fw, len, sizeof(*req)))
		return;
	res.me_addr = req->me_addr;
	res.host_addr = req->host_addr;
	c = sim_fw_conn_find(fw, req->me_addr, req->host_addr);
	if (c) {
		sim_conn_drop(fw, c);
	} else {
		sim_fw_proto_error(fw, "disconnect of an unknown connection",
				   req->me_addr, req->host_addr);
		res.status = MEI_HBMS_CLIENT_NOT_FOUND;
	}
	sim_fw_hbm_send(fw, &res, sizeof(res));
}

/* the host's answer to a FW-initiated disconnect */
static void sim_hbm_disconnect_res(struct sim_fw *fw, const u8 *msg,
				   size_t len)
{
	const struct hbm_client_connect_response *res = (const void *)msg;
	struct sim_conn *c;

	if (sim_hbm_short(fw, len, sizeof(*res)))
		return;
	c = sim_fw_conn_find(fw, res->me_addr, res->host_addr);
	if (!c || c->state != SIM_CONN_FW_DISCONNECTING) {
		sim_fw_proto_error(fw, "unsolicited disconnect response",
				   res->me_addr, res->host_addr);
		return;
	}
	sim_conn_drop(fw, c);
}

static void sim_hbm_flow_control(struct sim_fw *fw, const u8 *msg, size_t len)
{
	const struct hbm_flow_control *fc = (const void *)msg;
	struct sim_conn *c;

	if (sim_hbm_short(fw, len, sizeof(*fc)))
		return;
	c = sim_fw_conn_find(fw, fc->me_addr, fc->host_addr);
	if (!c || !fc->host_addr) {
		sim_fw_proto_error(fw, "flow control for an unknown connection",
				   fc->me_addr, fc->host_addr);
		return;
	}
	if (c->state != SIM_CONN_CONNECTED)
		return;
	c->host_credits++;
	sim_conn_flush(fw, c);
}

static void sim_hbm_notify(struct sim_fw *fw, const u8 *msg, size_t len)
{
	const struct hbm_notification_request *req = (const void *)msg;
	struct hbm_notification_response res = {
		.hbm_cmd = MEI_HBM_NOTIFY_RES_CMD,
	};
	struct sim_conn *c;

	if (sim_hbm_short(fw, len, sizeof(*req)))
		return;
	res.me_addr = req->me_addr;
	res.host_addr = req->host_addr;
	res.start = req->start;
	c = sim_fw_conn_find(fw, req->me_addr, req->host_addr);
	if (!c || c->state != SIM_CONN_CONNECTED) {
		res.status = MEI_HBMS_CLIENT_NOT_FOUND;
	} else if (req->start == MEI_HBM_NOTIFICATION_START) {
		if (c->notify)
			res.status = MEI_HBMS_ALREADY_STARTED;
		c->notify = true;
	} else if (req->start == MEI_HBM_NOTIFICATION_STOP) {
		if (!c->notify)
			res.status = MEI_HBMS_NOT_STARTED;
		c->notify = false;
	} else {
		res.status = MEI_HBMS_INVALID_PARAMETER;
	}
	sim_fw_hbm_send(fw, &res, sizeof(res));
}

/**
 * sim_hbm_dispatch() - handle one complete HBM message from the host
 * @fw: firmware, lock held
 * @msg: message
 * @len: message length
 */
void sim_hbm_dispatch(struct sim_fw *fw, const u8 *msg, size_t len)
{
	u8 cmd;

	lockdep_assert_held(&fw->lock);
	if (!len) {
		sim_fw_proto_error(fw, "empty HBM message", 0, 0);
		return;
	}
	cmd = msg[0];
	if (cmd == HOST_START_REQ_CMD) {
		if (fw->hbm != SIM_HBM_IDLE)
			sim_fw_proto_error(fw, "HOST_START twice", 0, 0);
		else
			sim_hbm_start(fw, msg, len);
		return;
	}
	if (fw->hbm != SIM_HBM_STARTED) {
		sim_fw_proto_error(fw, "HBM message out of state", 0, 0);
		return;
	}

	switch (cmd) {
	case HOST_STOP_REQ_CMD:
		sim_hbm_stop(fw, msg, len);
		break;
	case HOST_ENUM_REQ_CMD:
		sim_hbm_enum(fw, msg, len);
		break;
	case HOST_CLIENT_PROPERTIES_REQ_CMD:
		sim_hbm_props(fw, msg, len);
		break;
	case CLIENT_CONNECT_REQ_CMD:
		sim_hbm_connect(fw, msg, len);
		break;
	case CLIENT_DISCONNECT_REQ_CMD:
		sim_hbm_disconnect(fw, msg, len);
		break;
	case CLIENT_DISCONNECT_RES_CMD:
		sim_hbm_disconnect_res(fw, msg, len);
		break;
	case MEI_FLOW_CONTROL_CMD:
		sim_hbm_flow_control(fw, msg, len);
		break;
	case MEI_HBM_NOTIFY_REQ_CMD:
		sim_hbm_notify(fw, msg, len);
		break;
	default:
		/* PG, DMA, capabilities, vtag: not offered by HBM 2.0 here */
		sim_fw_proto_error(fw, "unsupported HBM command", cmd, 0);
		break;
	}
}
