// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: firmware model core.  Consumes the host buffer, reassembles
 * client messages, keeps the per-client connection state and the flow
 * control credits, and writes replies into the ME circular buffer.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mei/mei_dev.h"
#include "mei/hw.h"
#include "sim.h"

static const struct sim_client_desc *const sim_clients[SIM_NR_CLIENTS] = {
	&sim_client_mkhi_fix,
	&sim_client_mkhi,
	&sim_client_fwu,
};

void sim_fw_proto_error(struct sim_fw *fw, const char *what, u8 me, u8 host)
{
	fw->proto_errors++;
	dev_err_ratelimited(fw->sim->dev,
			    "host protocol violation: %s (me %u host %u)\n",
			    what, me, host);
}

struct sim_conn *sim_fw_conn_by_addr(struct sim_fw *fw, u8 me_addr)
{
	unsigned int i;

	for (i = 0; i < SIM_NR_CLIENTS; i++)
		if (fw->conn[i].desc->addr == me_addr)
			return &fw->conn[i];
	return NULL;
}

/* the connection (me_addr, host_addr), connected or being disconnected */
struct sim_conn *sim_fw_conn_find(struct sim_fw *fw, u8 me_addr, u8 host_addr)
{
	struct sim_conn *c = sim_fw_conn_by_addr(fw, me_addr);

	if (!c || c->state == SIM_CONN_IDLE || c->host_addr != host_addr)
		return NULL;
	return c;
}

static struct sim_conn *sim_fw_conn_by_name(struct sim_fw *fw,
					    const char *name)
{
	unsigned int i;

	for (i = 0; i < SIM_NR_CLIENTS; i++)
		if (sysfs_streq(name, fw->conn[i].desc->name))
			return &fw->conn[i];
	return NULL;
}

/**
 * sim_fw_push() - write one FW->host message into the ME circular buffer
 * @fw: firmware, lock held
 * @me_addr: ME client address (0 for HBM)
 * @host_addr: host client address (0 for HBM)
 * @data: payload
 * @len: payload length
 *
 * Fragments to at most SIM_FRAG_MAX bytes per fragment; the message is
 * queued whole or not at all.
 */
void sim_fw_push(struct sim_fw *fw, u8 me_addr, u8 host_addr,
		 const void *data, size_t len)
{
	struct sim_regs *r = &fw->sim->regs;
	size_t nfrag = max_t(size_t, 1, DIV_ROUND_UP(len, SIM_FRAG_MAX));
	size_t need = nfrag + DIV_ROUND_UP(len, MEI_SLOT_SIZE);
	const u8 *p = data;

	lockdep_assert_held(&fw->lock);

	spin_lock_irq(&r->lock);
	if (need > SIM_RDFIFO_SLOTS - (r->rd_tail - r->rd_head)) {
		spin_unlock_irq(&r->lock);
		fw->rx_overflows++;
		dev_err_ratelimited(fw->sim->dev,
				    "ME circular buffer full, message dropped\n");
		return;
	}
	do {
		size_t chunk = min_t(size_t, len, SIM_FRAG_MAX);
		struct mei_msg_hdr hdr = {
			.me_addr = me_addr,
			.host_addr = host_addr,
			.length = chunk,
			.msg_complete = chunk == len,
		};
		size_t i;
		u32 w;

		memcpy(&w, &hdr, sizeof(w));
		r->rdfifo[r->rd_tail++ % SIM_RDFIFO_SLOTS] = w;
		for (i = 0; i < chunk; i += MEI_SLOT_SIZE) {
			w = 0;
			memcpy(&w, p + i, min_t(size_t, MEI_SLOT_SIZE,
						chunk - i));
			r->rdfifo[r->rd_tail++ % SIM_RDFIFO_SLOTS] = w;
		}
		p += chunk;
		len -= chunk;
	} while (len);
	spin_unlock_irq(&r->lock);
}

/* send an HBM message (me_addr = host_addr = 0) */
void sim_fw_hbm_send(struct sim_fw *fw, const void *msg, size_t len)
{
	sim_fw_push(fw, 0, 0, msg, len);
	fw->hbm_tx++;
}

/*
 * give the host one TX credit: it may send one more message; never while
 * a message is still being reassembled (a read credit arriving between
 * its fragments must not hand out the next one early)
 */
void sim_conn_grant(struct sim_fw *fw, struct sim_conn *c)
{
	struct hbm_flow_control fc = {
		.hbm_cmd = MEI_FLOW_CONTROL_CMD,
		.me_addr = c->desc->addr,
		.host_addr = c->host_addr,
	};

	if (c->state != SIM_CONN_CONNECTED || c->tx_credit_granted ||
	    c->in_msg || c->starved)
		return;
	c->tx_credit_granted = true;
	sim_fw_hbm_send(fw, &fc, sizeof(fc));
}

/**
 * sim_conn_drop() - forget a connection (disconnect, link or FW reset)
 * @fw: firmware, lock held
 * @c: connection
 *
 * An update session that was receiving on the FWU connection ends with it.
 */
void sim_conn_drop(struct sim_fw *fw, struct sim_conn *c)
{
	if (c->state != SIM_CONN_IDLE)
		sim_update_conn_lost(fw, c);
	c->starved = false;
	c->delayed = false;
	c->state = SIM_CONN_IDLE;
	c->host_addr = 0;
	c->tx_credit_granted = false;
	c->in_msg = false;
	c->host_credits = 0;
	c->notify = false;
	c->rx_len = 0;
	c->reply_pending = false;
	c->reply_len = 0;
}

/**
 * sim_conn_reply() - queue the reply to the message being handled
 * @c: connection
 * @data: reply
 * @len: reply length, at most SIM_REPLY_MAX and the client's MTU
 *
 * Only one reply can be pending: the host cannot send another request
 * before the FW re-grants its TX credit, which happens after the reply
 * went out.
 */
void sim_conn_reply(struct sim_conn *c, const void *data, size_t len)
{
	if (WARN_ON_ONCE(c->reply_pending || len > SIM_REPLY_MAX ||
			 len > c->mtu))
		return;
	memcpy(c->reply, data, len);
	c->reply_len = len;
	c->reply_pending = true;
}

/*
 * send the pending reply if the host has a read credit, then re-grant;
 * a "late" reply of an earlier request goes first, a "delay"ed one waits
 */
void sim_conn_flush(struct sim_fw *fw, struct sim_conn *c)
{
	if (c->state != SIM_CONN_CONNECTED || c->delayed)
		return;
	if (c->reply_pending && c->late_len) {
		if (!c->host_credits)
			return;
		c->host_credits--;
		sim_fw_push(fw, c->desc->addr, c->host_addr, c->late,
			    c->late_len);
		c->late_len = 0;
	}
	if (c->reply_pending) {
		if (!c->host_credits)
			return;
		c->host_credits--;
		c->reply_pending = false;
		sim_fw_push(fw, c->desc->addr, c->host_addr, c->reply,
			    c->reply_len);
		c->replies++;
	}
	sim_conn_grant(fw, c);
}

static void sim_fw_client_data(struct sim_fw *fw, const struct mei_msg_hdr *hdr,
			       const u8 *data, size_t len)
{
	struct sim_conn *c = sim_fw_conn_find(fw, hdr->me_addr, hdr->host_addr);

	if (!c) {
		sim_fw_proto_error(fw, "data without a connection",
				   hdr->me_addr, hdr->host_addr);
		return;
	}
	/* in flight when the FW started a disconnect: discarded */
	if (c->state != SIM_CONN_CONNECTED)
		return;

	if (!c->in_msg) {
		if (!c->tx_credit_granted) {
			sim_fw_proto_error(fw, "message without a flow control credit",
					   hdr->me_addr, hdr->host_addr);
			return;
		}
		c->tx_credit_granted = false;
		c->in_msg = true;
		c->rx_len = 0;
	}
	if (c->rx_len <= c->mtu && len <= c->mtu - c->rx_len)
		memcpy(c->rx + c->rx_len, data, len);
	c->rx_len += len;
	if (!hdr->msg_complete)
		return;

	c->in_msg = false;
	if (c->rx_len > c->mtu) {
		sim_fw_proto_error(fw, "message longer than the MTU",
				   hdr->me_addr, hdr->host_addr);
	} else {
		c->requests++;
		if (fw->upd.state == SIM_UPD_RECEIVING &&
		    !sim_fwu_is_transfer(c, c->rx, c->rx_len))
			fw->interleaved++;
		if (!sim_muted() && !fw->dead)
			c->desc->handle(fw, c, c->rx, c->rx_len);
	}
	c->rx_len = 0;
	sim_conn_flush(fw, c);
}

static void sim_fw_parse(struct sim_fw *fw, unsigned int nslots)
{
	unsigned int i = 0;

	while (i < nslots) {
		struct mei_msg_hdr hdr;
		unsigned int slots;
		const u8 *payload;

		memcpy(&hdr, &fw->inbuf[i++], sizeof(hdr));
		slots = DIV_ROUND_UP(hdr.length, MEI_SLOT_SIZE);
		if (!fw->inbuf[i - 1] || hdr.reserved || hdr.extended ||
		    hdr.dma_ring || slots > nslots - i) {
			sim_fw_proto_error(fw, "malformed message header",
					   hdr.me_addr, hdr.host_addr);
			return;
		}
		payload = (const u8 *)&fw->inbuf[i];
		i += slots;

		if (hdr.me_addr || hdr.host_addr) {
			sim_fw_client_data(fw, &hdr, payload, hdr.length);
			/* a FW reset discards the rest of the host buffer */
			if (fw->reset_in_parse)
				return;
		} else if (!hdr.msg_complete) {
			sim_fw_proto_error(fw, "fragmented HBM message", 0, 0);
		} else {
			fw->hbm_rx++;
			sim_hbm_dispatch(fw, payload, hdr.length);
		}
	}
}

/* the FW "CPU": drain the host buffer, handle it, raise an interrupt */
static void sim_fw_work(struct work_struct *work)
{
	struct sim_fw *fw = container_of(work, struct sim_fw, work);
	struct sim_regs *r = &fw->sim->regs;
	unsigned int n;
	bool ready;

	mutex_lock(&fw->lock);
	fw->reset_in_parse = false;
	spin_lock_irq(&r->lock);
	n = r->hbuf_used;
	memcpy(fw->inbuf, r->hbuf, n * MEI_SLOT_SIZE);
	r->hbuf_used = 0;
	ready = r->fw_ready;
	spin_unlock_irq(&r->lock);

	/* a FW in reset discards what the host wrote */
	if (!ready)
		n = 0;

	if (n) {
		sim_fw_parse(fw, n);
		if (!fw->stopped)
			sim_raise_irq(fw->sim);
	}
	mutex_unlock(&fw->lock);
}

void sim_fw_kick(struct sim_fw *fw)
{
	queue_work(fw->sim->fw_wq, &fw->work);
}

/* host reset (hw_reset): buffers emptied, every connection dropped */
void sim_fw_link_reset(struct sim_fw *fw)
{
	struct sim_regs *r = &fw->sim->regs;
	unsigned int i;

	mutex_lock(&fw->lock);
	spin_lock_irq(&r->lock);
	r->hbuf_used = 0;
	r->rd_head = 0;
	r->rd_tail = 0;
	r->host_ready = false;
	r->fw_ready = true;
	spin_unlock_irq(&r->lock);

	fw->hbm = SIM_HBM_IDLE;
	for (i = 0; i < SIM_NR_CLIENTS; i++) {
		sim_conn_drop(fw, &fw->conn[i]);
		fw->conn[i].late_len = 0;
	}
	fw->link_resets++;
	mutex_unlock(&fw->lock);
}

/**
 * sim_fw_me_reset() - FW-initiated reset: the ME drops "ready" and every
 * connection, then interrupts the host, which resets the link
 * @fw: firmware, lock held
 */
void sim_fw_me_reset(struct sim_fw *fw)
{
	struct sim_regs *r = &fw->sim->regs;
	unsigned int i;

	lockdep_assert_held(&fw->lock);
	if (fw->stopped)
		return;
	spin_lock_irq(&r->lock);
	r->fw_ready = false;
	spin_unlock_irq(&r->lock);
	fw->hbm = SIM_HBM_IDLE;
	for (i = 0; i < SIM_NR_CLIENTS; i++) {
		sim_conn_drop(fw, &fw->conn[i]);
		fw->conn[i].late_len = 0;
	}
	fw->fw_resets++;
	fw->reset_in_parse = true;
	sim_update_me_reset(fw);
	sim_raise_irq(fw->sim);
}

/**
 * sim_fw_set_hfsts() - change a status register the host reads
 * @fw: firmware, lock held
 * @i: register index (0 = HFSTS1)
 * @val: new value
 *
 * The host side reads the registers without the FW lock (fw_status).
 */
void sim_fw_set_hfsts(struct sim_fw *fw, unsigned int i, u32 val)
{
	lockdep_assert_held(&fw->lock);
	if (i < fw->id.hfsts_count)
		WRITE_ONCE(fw->id.hfsts[i], val);
}

/**
 * sim_fw_disconnect_locked() - FW-initiated disconnect of a connection
 * @fw: firmware, lock held
 * @c: a connected client
 */
void sim_fw_disconnect_locked(struct sim_fw *fw, struct sim_conn *c)
{
	struct hbm_client_connect_request req = {
		.hbm_cmd = CLIENT_DISCONNECT_REQ_CMD,
	};

	lockdep_assert_held(&fw->lock);
	if (fw->stopped || fw->hbm != SIM_HBM_STARTED ||
	    c->state != SIM_CONN_CONNECTED)
		return;
	c->state = SIM_CONN_FW_DISCONNECTING;
	c->reply_pending = false;
	c->in_msg = false;
	c->host_credits = 0;
	req.me_addr = c->desc->addr;
	req.host_addr = c->host_addr;
	sim_fw_hbm_send(fw, &req, sizeof(req));
	sim_raise_irq(fw->sim);
}

/**
 * sim_fw_disconnect() - FW-initiated disconnect of a client's connection
 * @fw: firmware
 * @name: client name
 *
 * Return: 0, -ENOENT for an unknown client, -ENOTCONN if not connected.
 */
int sim_fw_disconnect(struct sim_fw *fw, const char *name)
{
	struct sim_conn *c;
	int ret = 0;

	mutex_lock(&fw->lock);
	c = sim_fw_conn_by_name(fw, name);
	if (!c)
		ret = -ENOENT;
	else if (fw->stopped || fw->hbm != SIM_HBM_STARTED ||
		 c->state != SIM_CONN_CONNECTED)
		ret = -ENOTCONN;
	else
		sim_fw_disconnect_locked(fw, c);
	mutex_unlock(&fw->lock);
	return ret;
}

/**
 * sim_fw_notify() - send an HBM notification event to a client
 * @fw: firmware
 * @name: client name
 *
 * Return: 0, -ENOENT for an unknown client, -ENOTCONN if not connected,
 * -EAGAIN if the host did not enable notifications.
 */
int sim_fw_notify(struct sim_fw *fw, const char *name)
{
	struct hbm_notification ev = { .hbm_cmd = MEI_HBM_NOTIFICATION_CMD };
	struct sim_conn *c;
	int ret = 0;

	mutex_lock(&fw->lock);
	c = sim_fw_conn_by_name(fw, name);
	if (!c) {
		ret = -ENOENT;
	} else if (fw->stopped || fw->hbm != SIM_HBM_STARTED ||
		   c->state != SIM_CONN_CONNECTED) {
		ret = -ENOTCONN;
	} else if (!c->notify) {
		ret = -EAGAIN;
	} else {
		ev.me_addr = c->desc->addr;
		ev.host_addr = c->host_addr;
		sim_fw_hbm_send(fw, &ev, sizeof(ev));
		sim_raise_irq(fw->sim);
	}
	mutex_unlock(&fw->lock);
	return ret;
}

int sim_fw_init(struct sim_fw *fw, struct sim_dev *sim)
{
	unsigned int i;

	mutex_init(&fw->lock);
	fw->sim = sim;
	fw->id = *sim_id;
	fw->hbm = SIM_HBM_IDLE;
	INIT_WORK(&fw->work, sim_fw_work);
	for (i = 0; i < SIM_NR_CLIENTS; i++) {
		struct sim_conn *c = &fw->conn[i];

		c->desc = sim_clients[i];
		c->mtu = c->desc->mtu(&fw->id);
		c->rx = kzalloc(c->mtu, GFP_KERNEL);
		if (!c->rx) {
			sim_fw_fini(fw);
			return -ENOMEM;
		}
		sim_conn_drop(fw, c);
	}
	return 0;
}

void sim_fw_fini(struct sim_fw *fw)
{
	unsigned int i;

	for (i = 0; i < SIM_NR_CLIENTS; i++) {
		kfree(fw->conn[i].rx);
		fw->conn[i].rx = NULL;
	}
	mutex_destroy(&fw->lock);
}
