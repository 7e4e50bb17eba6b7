// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: one-shot fault injection for the update path, armed through
 * debugfs "fault" with a line "KIND POINT [ARG]" (see
 * Documentation/simulator.md):
 *
 *   KIND   error [STATUS] | noreply | reset | truncate | oversize |
 *          wrongid | starve | disconnect | powercut | stall | delay MS |
 *          late
 *   POINT  start | data:N | end | stage:N | progress
 *
 * A fault fires once, at the first matching event, and is then cleared.
 * Reply faults (noreply, truncate, oversize, wrongid, starve, delay,
 * late) armed at
 * stage:N hit the first progress query after the engine reached stage N.
 */
#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "mefw_heci.h"
#include "sim.h"

#define SIM_FAULT_PAD		64
#define SIM_FAULT_WRONG_FWU_ID	0x7e
#define SIM_FAULT_WRONG_MKHI	0x40
#define SIM_FAULT_DELAY_MAX_MS	600000

static const char *const sim_fault_kinds[] = {
	[SIM_FAULT_NONE] = "none",
	[SIM_FAULT_ERROR] = "error",
	[SIM_FAULT_NOREPLY] = "noreply",
	[SIM_FAULT_RESET] = "reset",
	[SIM_FAULT_TRUNCATE] = "truncate",
	[SIM_FAULT_OVERSIZE] = "oversize",
	[SIM_FAULT_WRONGID] = "wrongid",
	[SIM_FAULT_STARVE] = "starve",
	[SIM_FAULT_DISCONNECT] = "disconnect",
	[SIM_FAULT_POWERCUT] = "powercut",
	[SIM_FAULT_STALL] = "stall",
	[SIM_FAULT_DELAY] = "delay",
	[SIM_FAULT_LATE] = "late",
};

static const char *const sim_fault_points[] = {
	[SIM_FP_START] = "start",
	[SIM_FP_DATA] = "data",
	[SIM_FP_END] = "end",
	[SIM_FP_STAGE] = "stage",
	[SIM_FP_PROGRESS] = "progress",
};

static bool sim_fault_is_reply(enum sim_fault_kind kind)
{
	return kind == SIM_FAULT_NOREPLY || kind == SIM_FAULT_TRUNCATE ||
	       kind == SIM_FAULT_OVERSIZE || kind == SIM_FAULT_WRONGID ||
	       kind == SIM_FAULT_STARVE || kind == SIM_FAULT_DELAY ||
	       kind == SIM_FAULT_LATE;
}

static bool sim_fault_numbered(enum sim_fault_point point)
{
	return point == SIM_FP_DATA || point == SIM_FP_STAGE;
}

/**
 * sim_fault_take() - consume the armed fault if it matches an event
 * @fw: firmware, lock held
 * @point: the event
 * @n: DATA message or stage number (ignored for the other points)
 * @arg: set to the fault's argument
 *
 * Return: the kind of the fault that fires now, or SIM_FAULT_NONE.
 */
enum sim_fault_kind sim_fault_take(struct sim_fw *fw,
				   enum sim_fault_point point,
				   unsigned int n, u32 *arg)
{
	struct sim_fault *f = &fw->fault;
	enum sim_fault_kind kind = f->kind;

	lockdep_assert_held(&fw->lock);
	if (kind == SIM_FAULT_NONE || f->point != point ||
	    (sim_fault_numbered(point) && f->n != n))
		return SIM_FAULT_NONE;
	if (point == SIM_FP_STAGE && sim_fault_is_reply(kind)) {
		/* deferred to the next progress query */
		f->point = SIM_FP_PROGRESS;
		return SIM_FAULT_NONE;
	}
	*arg = f->arg;
	f->kind = SIM_FAULT_NONE;
	f->fired++;
	dev_info(fw->sim->dev, "fault %s fired at %s %u\n",
		 sim_fault_kinds[kind], sim_fault_points[point], n);
	return kind;
}

/**
 * sim_fault_reply() - apply a fault to the reply just queued
 * @fw: firmware, lock held
 * @c: connection whose message was handled
 * @kind: fault returned by sim_fault_take() for that message
 * @arg: its argument
 *
 * The message itself was handled normally; only its reply (and for reset
 * and disconnect the link or connection) is affected.
 */
void sim_fault_reply(struct sim_fw *fw, struct sim_conn *c,
		     enum sim_fault_kind kind, u32 arg)
{
	size_t len;

	lockdep_assert_held(&fw->lock);
	switch (kind) {
	case SIM_FAULT_NOREPLY:
		c->reply_pending = false;
		break;
	case SIM_FAULT_TRUNCATE:
		if (c->reply_pending)
			c->reply_len /= 2;
		break;
	case SIM_FAULT_OVERSIZE:
		if (!c->reply_pending)
			break;
		len = min3(c->reply_len + SIM_FAULT_PAD, (size_t)c->mtu,
			   (size_t)SIM_REPLY_MAX);
		memset(c->reply + c->reply_len, 0xa5, len - c->reply_len);
		c->reply_len = len;
		break;
	case SIM_FAULT_WRONGID:
		if (!c->reply_pending || c->reply_len < 4)
			break;
		if (c->desc == &sim_client_fwu) {
			__le32 id = cpu_to_le32(SIM_FAULT_WRONG_FWU_ID);

			memcpy(c->reply, &id, sizeof(id));
		} else {
			c->reply[1] ^= SIM_FAULT_WRONG_MKHI;
		}
		break;
	case SIM_FAULT_STARVE:
		c->starved = true;
		break;
	case SIM_FAULT_RESET:
		c->reply_pending = false;
		sim_fw_me_reset(fw);
		break;
	case SIM_FAULT_DISCONNECT:
		c->reply_pending = false;
		sim_fw_disconnect_locked(fw, c);
		break;
	case SIM_FAULT_DELAY:
		if (!c->reply_pending)
			break;
		c->delayed = true;
		mod_delayed_work(fw->sim->fw_wq, &fw->fault_work,
				 msecs_to_jiffies(arg));
		break;
	case SIM_FAULT_LATE:
		if (!c->reply_pending)
			break;
		memcpy(c->late, c->reply, c->reply_len);
		c->late_len = c->reply_len;
		c->reply_pending = false;
		break;
	default:
		break;
	}
}

/**
 * sim_fault_work() - a "delay" fault's time is up: send the reply
 * @work: sim_fw.fault_work
 *
 * The reply (and the host's next TX credit) went with the connection if
 * the host disconnected meanwhile, as a firmware forgets a conversation.
 */
void sim_fault_work(struct work_struct *work)
{
	struct sim_fw *fw = container_of(to_delayed_work(work), struct sim_fw,
					 fault_work);
	bool sent = false;
	unsigned int i;

	mutex_lock(&fw->lock);
	for (i = 0; i < SIM_NR_CLIENTS; i++) {
		struct sim_conn *c = &fw->conn[i];

		if (!c->delayed)
			continue;
		c->delayed = false;
		sim_conn_flush(fw, c);
		sent = true;
	}
	if (sent && !fw->stopped && !fw->upd.shutdown)
		sim_raise_irq(fw->sim);
	mutex_unlock(&fw->lock);
}

static int sim_fault_lookup(const char *const *names, size_t n,
			    const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

/**
 * sim_fault_parse() - arm (or clear) the fault from a debugfs line
 * @fw: firmware
 * @line: "KIND POINT [ARG]" or "none"; modified
 *
 * Return: 0 or -EINVAL.
 */
int sim_fault_parse(struct sim_fw *fw, char *line)
{
	struct sim_fault f = { .arg = SIM_FWU_ST_INTERNAL };
	char *kind_s, *point_s, *arg_s, *num;
	int k, p;

	line = strim(line);
	kind_s = strsep(&line, " \t");
	point_s = line ? strsep(&line, " \t") : NULL;
	arg_s = line ? strsep(&line, " \t") : NULL;
	if (line && *line)
		return -EINVAL;

	k = sim_fault_lookup(sim_fault_kinds, ARRAY_SIZE(sim_fault_kinds),
			     kind_s);
	if (k < 0)
		return -EINVAL;
	f.kind = k;
	if (f.kind == SIM_FAULT_NONE) {
		if (point_s)
			return -EINVAL;
		goto arm;
	}
	if (!point_s)
		return -EINVAL;
	num = strchr(point_s, ':');
	if (num)
		*num++ = '\0';
	p = sim_fault_lookup(sim_fault_points, ARRAY_SIZE(sim_fault_points),
			     point_s);
	if (p < 0)
		return -EINVAL;
	f.point = p;
	if (sim_fault_numbered(f.point) != !!num)
		return -EINVAL;
	if (num && (kstrtouint(num, 10, &f.n) || !f.n ||
		    (f.point == SIM_FP_STAGE && f.n > SIM_UPD_STAGES)))
		return -EINVAL;
	if ((f.kind == SIM_FAULT_POWERCUT || f.kind == SIM_FAULT_STALL) &&
	    f.point != SIM_FP_STAGE)
		return -EINVAL;
	if (f.kind == SIM_FAULT_DELAY &&
	    (!arg_s || kstrtou32(arg_s, 0, &f.arg) || !f.arg ||
	     f.arg > SIM_FAULT_DELAY_MAX_MS))
		return -EINVAL;
	if (arg_s && f.kind != SIM_FAULT_DELAY &&
	    (f.kind != SIM_FAULT_ERROR || kstrtou32(arg_s, 0, &f.arg)))
		return -EINVAL;
arm:
	mutex_lock(&fw->lock);
	f.fired = fw->fault.fired;
	fw->fault = f;
	mutex_unlock(&fw->lock);
	return 0;
}

/**
 * sim_fault_show() - debugfs "fault" contents
 * @m: seq file
 * @fw: firmware
 */
void sim_fault_show(struct seq_file *m, struct sim_fw *fw)
{
	struct sim_fault f;

	mutex_lock(&fw->lock);
	f = fw->fault;
	mutex_unlock(&fw->lock);
	if (f.kind == SIM_FAULT_NONE)
		seq_puts(m, "armed: none\n");
	else if (sim_fault_numbered(f.point))
		seq_printf(m, "armed: %s %s:%u", sim_fault_kinds[f.kind],
			   sim_fault_points[f.point], f.n);
	else
		seq_printf(m, "armed: %s %s", sim_fault_kinds[f.kind],
			   sim_fault_points[f.point]);
	if (f.kind == SIM_FAULT_ERROR)
		seq_printf(m, " 0x%x\n", f.arg);
	else if (f.kind == SIM_FAULT_DELAY)
		seq_printf(m, " %u\n", f.arg);
	else if (f.kind != SIM_FAULT_NONE)
		seq_putc(m, '\n');
	seq_printf(m, "fired: %lu\n", f.fired);
}
