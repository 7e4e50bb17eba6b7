// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: /sys/kernel/debug/mei-sim/
 *   state          (r)  identity, HBM state, connection table, counters
 *   fw_reset       (w)  FW-initiated link reset (drops "ME ready")
 *   fw_disconnect  (w)  FW-initiated disconnect: write a client name
 *   fw_notify      (w)  HBM notification event: write a client name
 *   fault          (rw) one-shot update fault: "KIND POINT [ARG]", "none"
 *   wire           (r)  bytes on the link, per direction and per client
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "sim.h"

static const char *const sim_hbm_names[] = {
	[SIM_HBM_IDLE] = "idle",
	[SIM_HBM_STARTED] = "started",
	[SIM_HBM_STOPPED] = "stopped",
};

static const char *const sim_conn_names[] = {
	[SIM_CONN_IDLE] = "idle",
	[SIM_CONN_CONNECTED] = "connected",
	[SIM_CONN_FW_DISCONNECTING] = "fw-disconnecting",
};

static void sim_show_ver(struct seq_file *m, const char *what,
			 const struct sim_ver *v)
{
	seq_printf(m, "%-22s %u.%u.%u.%u\n", what, v->major, v->minor,
		   v->hotfix, v->build);
}

static void sim_show_identity(struct seq_file *m, const struct sim_identity *id)
{
	unsigned int i;

	seq_printf(m, "%-22s %s (%s, %s)\n", "identity", id->preset,
		   id->family, id->platform);
	sim_show_ver(m, "code", &id->code);
	sim_show_ver(m, "recovery", &id->recovery);
	sim_show_ver(m, "fitc", &id->fitc);
	sim_show_ver(m, "amt", &id->amt);
	seq_printf(m, "%-22s", "hfsts");
	for (i = 0; i < id->hfsts_count; i++)
		seq_printf(m, " %08X", id->hfsts[i]);
	seq_putc(m, '\n');
	seq_printf(m, "%-22s 0x%x\n", "sku", id->sku);
	seq_printf(m, "%-22s 0x%x\n", "pch_ver", id->pch_ver);
	seq_printf(m, "%-22s 0x%04x\n", "vendor", id->vendor);
	seq_printf(m, "%-22s 0x%x\n", "hw_sku", id->hw_sku);
	seq_printf(m, "%-22s %u\n", "update_interfaces", id->update_interfaces);
	seq_printf(m, "%-22s %u\n", "svn", id->svn);
	seq_printf(m, "%-22s %u\n", "local_update", id->local_update);
	seq_printf(m, "%-22s %u\n", "hmrfpo", id->hmrfpo);
	seq_printf(m, "%-22s %s\n", "legacy_fwu", id->legacy_fwu ? "Y" : "N");
	seq_printf(m, "%-22s %u\n", "fwu_mtu", id->fwu_mtu);
	seq_printf(m, "%-22s %u\n", "mkhi_mtu", id->mkhi_mtu);
	sim_show_ver(m, "mebx", &id->mebx);
	seq_printf(m, "%-22s %.*s\n", "bios_version",
		   (int)sizeof(id->bios_version), id->bios_version);
	seq_printf(m, "%-22s %pUl\n", "oem_id", &id->oem_id);
	seq_printf(m, "%-22s %s\n", "mute", sim_muted() ? "Y" : "N");
}

static int sim_state_show(struct seq_file *m, void *unused)
{
	struct sim_dev *sim = m->private;
	struct sim_fw *fw = &sim->fw;
	unsigned int i;

	mutex_lock(&fw->lock);
	sim_show_identity(m, &fw->id);
	seq_printf(m, "%-22s %s\n", "hbm", sim_hbm_names[fw->hbm]);
	seq_printf(m, "%-22s %lu\n", "hbm_rx", fw->hbm_rx);
	seq_printf(m, "%-22s %lu\n", "hbm_tx", fw->hbm_tx);
	seq_printf(m, "%-22s %lu\n", "proto_errors", fw->proto_errors);
	seq_printf(m, "%-22s %lu\n", "link_resets", fw->link_resets);
	seq_printf(m, "%-22s %lu\n", "fw_resets", fw->fw_resets);
	seq_printf(m, "%-22s %lu\n", "rx_overflows", fw->rx_overflows);
	seq_printf(m, "%-22s %lu\n", "interleaved", fw->interleaved);
	sim_update_show(m, fw);
	seq_puts(m, "clients:\n");
	seq_puts(m, "name     addr uuid                                 mtu  state            host credit rdcred pend notify connects requests replies\n");
	for (i = 0; i < SIM_NR_CLIENTS; i++) {
		const struct sim_conn *c = &fw->conn[i];

		seq_printf(m, "%-8s %4u %pUl %4u %-16s %4u %6u %6u %4u %6u %8lu %8lu %7lu\n",
			   c->desc->name, c->desc->addr, &c->desc->uuid,
			   c->mtu, sim_conn_names[c->state], c->host_addr,
			   c->tx_credit_granted, c->host_credits,
			   c->reply_pending, c->notify, c->connects,
			   c->requests, c->replies);
	}
	mutex_unlock(&fw->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_state);

static void sim_wire_line(struct seq_file *m, const char *what,
			  const struct sim_wire *h2f,
			  const struct sim_wire *f2h)
{
	seq_printf(m, "%-10s h2f_frags %llu h2f_bytes %llu h2f_fc %llu f2h_frags %llu f2h_bytes %llu f2h_fc %llu\n",
		   what, h2f->frags, h2f->bytes, h2f->fc, f2h->frags,
		   f2h->bytes, f2h->fc);
}

/*
 * One line for the whole link, one for HBM (flow control excluded) and
 * one per client (its data and the flow control naming it); bytes are the
 * 32-bit slots moved, mei headers included.  Counted since load.
 */
static int sim_wire_show(struct seq_file *m, void *unused)
{
	struct sim_dev *sim = m->private;
	struct sim_wire_stats *w;
	unsigned int i, a;

	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	sim_wire_snapshot(sim, w);
	sim_wire_line(m, "link", &w->link_h2f, &w->link_f2h);
	sim_wire_line(m, "hbm", &w->h2f[0], &w->f2h[0]);
	for (i = 0; i < SIM_NR_CLIENTS; i++) {
		a = sim->fw.conn[i].desc->addr;
		if (a < SIM_WIRE_ADDRS)
			sim_wire_line(m, sim->fw.conn[i].desc->name,
				      &w->h2f[a], &w->f2h[a]);
	}
	kfree(w);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_wire);

static ssize_t sim_fw_reset_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct sim_dev *sim = file->private_data;
	struct sim_fw *fw = &sim->fw;

	mutex_lock(&fw->lock);
	sim_fw_me_reset(fw);
	mutex_unlock(&fw->lock);
	return count;
}

static const struct file_operations sim_fw_reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_fw_reset_write,
	.llseek = noop_llseek,
};

static ssize_t sim_client_cmd(struct file *file, const char __user *ubuf,
			      size_t count,
			      int (*cmd)(struct sim_fw *fw, const char *name))
{
	struct sim_dev *sim = file->private_data;
	char name[16];
	int ret;

	if (!count || count >= sizeof(name))
		return -EINVAL;
	if (copy_from_user(name, ubuf, count))
		return -EFAULT;
	name[count] = '\0';
	ret = cmd(&sim->fw, name);
	return ret ? ret : count;
}

static ssize_t sim_fw_disconnect_write(struct file *file,
				       const char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	return sim_client_cmd(file, ubuf, count, sim_fw_disconnect);
}

static const struct file_operations sim_fw_disconnect_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_fw_disconnect_write,
	.llseek = noop_llseek,
};

static ssize_t sim_fw_notify_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	return sim_client_cmd(file, ubuf, count, sim_fw_notify);
}

static const struct file_operations sim_fw_notify_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_fw_notify_write,
	.llseek = noop_llseek,
};

static int sim_fault_file_show(struct seq_file *m, void *unused)
{
	struct sim_dev *sim = m->private;

	sim_fault_show(m, &sim->fw);
	return 0;
}

static int sim_fault_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_fault_file_show, inode->i_private);
}

static ssize_t sim_fault_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	struct sim_dev *sim = m->private;
	char line[64];
	int ret;

	if (!count || count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = '\0';
	ret = sim_fault_parse(&sim->fw, line);
	return ret ? ret : count;
}

static const struct file_operations sim_fault_fops = {
	.owner = THIS_MODULE,
	.open = sim_fault_open,
	.read = seq_read,
	.write = sim_fault_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void sim_debugfs_init(struct sim_dev *sim)
{
	struct dentry *dir = debugfs_create_dir("mei-sim", NULL);

	sim->debugfs = dir;
	debugfs_create_file("state", 0444, dir, sim, &sim_state_fops);
	debugfs_create_file("fw_reset", 0200, dir, sim, &sim_fw_reset_fops);
	debugfs_create_file("fw_disconnect", 0200, dir, sim,
			    &sim_fw_disconnect_fops);
	debugfs_create_file("fw_notify", 0200, dir, sim, &sim_fw_notify_fops);
	debugfs_create_file("fault", 0600, dir, sim, &sim_fault_fops);
	debugfs_create_file("wire", 0444, dir, sim, &sim_wire_fops);
}

void sim_debugfs_fini(struct sim_dev *sim)
{
	debugfs_remove(sim->debugfs);
	sim->debugfs = NULL;
}
