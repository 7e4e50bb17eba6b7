/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mei-sim: a simulated Intel ME behind the real mei.ko core.
 *
 * The module has two halves that talk only through the "registers"
 * (struct sim_regs): the host side (sim_main.c) implements struct
 * mei_hw_ops for the mei core, the firmware side (sim_fw.c, sim_hbm.c and
 * the client files) consumes what the host wrote into the host buffer and
 * queues replies into the ME circular buffer, then raises an "interrupt"
 * (the ordered irq workqueue).
 *
 * Locking, always taken in this order:
 *   mei_device.device_lock  (mei core; held around every hw_ops call and by
 *                            the irq work; never taken by the firmware side)
 *   sim_fw.lock             (mutex: the firmware model: HBM state,
 *                            connections, counters)
 *   sim_regs.lock           (spinlock: host buffer, ME circular buffer and
 *                            the ready bits)
 */
#ifndef _MEI_SIM_H
#define _MEI_SIM_H

#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct mei_device;
struct dentry;
struct file;
struct seq_file;

/* host buffer (H_CB) and ME circular buffer (ME_CB) depth, in slots */
#define SIM_HBUF_DEPTH		128
#define SIM_CB_DEPTH		128
/* backing store of the ME circular buffer: room for every reply in flight */
#define SIM_RDFIFO_SLOTS	1024
/* largest fragment payload the FW writes: the whole ME_CB minus a header */
#define SIM_FRAG_MAX		((SIM_CB_DEPTH - 1) * 4)

#define SIM_MTU_MIN		256
#define SIM_MTU_MAX		4096
#define SIM_REPLY_MAX		512
#define SIM_HFSTS_MAX		6
#define SIM_BIOS_VER_LEN	20

struct sim_ver {
	u16 major;
	u16 minor;
	u16 hotfix;
	u16 build;
};

/**
 * struct sim_identity - everything the simulated firmware reports
 * @preset: preset name (me9, me5, csme12)
 * @family: human family name, for debugfs
 * @platform: platform byte of the MKHI version blocks
 * @code: running (code) version
 * @recovery: recovery version (MKHI)
 * @fitc: FITC version (MKHI)
 * @amt: AMT version (FWU GET_VERSION)
 * @hfsts: HFSTS1..6 values
 * @hfsts_count: number of status registers the platform has
 * @sku: GET_VERSION Sku (simulator convention, see simulator.md)
 * @pch_ver: GET_VERSION PCHVer
 * @vendor: GET_VERSION Vendor
 * @hw_sku: GET_VERSION HwSku
 * @last_fw_update_status: GET_VERSION LastFwUpdateStatus
 * @last_update_reset_type: GET_VERSION LastUpdateResetType
 * @data_format_version: GET_VERSION DataFormatVersion
 * @update_interfaces: GET_VERSION EnabledUpdateInterfaces
 * @svn: GET_VERSION SvnInFlash
 * @local_update: MKHI FWCAPS rule 7 (0 disabled, 1 enabled, 2 password)
 * @hmrfpo: MKHI HMRFPO status (0 disabled, 1 locked, 2 enabled)
 * @legacy_fwu: false: the FWU client answers every id with {0xFF, 0x8D}
 * @fwu_mtu: max_msg_length of the FWU client
 * @mkhi_mtu: max_msg_length of the MKHI clients
 * @mebx: GET_INFO MEBx version
 * @flash_override_policy: GET_INFO FlashOverridePolicy
 * @manageability_mode: GET_INFO MangeabilityMode
 * @bios_boot_state: GET_INFO BiosBootState
 * @info_fields: GET_INFO flag bits
 * @bios_version: GET_INFO BiosVersion (not NUL terminated on the wire)
 * @oem_id: VERIFY_OEMID accepts all zeroes and this one
 * @ipu_name: GET_IPU_PT_ATTRB partition name id
 * @ipu_ver: GET_IPU_PT_ATTRB partition version
 * @vcn: version control number of the running image (update checks)
 *
 * Built once at module load from the preset and the overrides, then
 * copied into each bound device (only mute is read live from the
 * module parameter).
 */
struct sim_identity {
	const char *preset;
	const char *family;
	const char *platform;
	struct sim_ver code;
	struct sim_ver recovery;
	struct sim_ver fitc;
	struct sim_ver amt;
	u32 hfsts[SIM_HFSTS_MAX];
	unsigned int hfsts_count;
	u32 sku;
	u32 pch_ver;
	u32 vendor;
	u32 hw_sku;
	u32 last_fw_update_status;
	u32 last_update_reset_type;
	u32 data_format_version;
	u16 update_interfaces;
	u16 svn;
	u8 local_update;
	u8 hmrfpo;
	bool legacy_fwu;
	u32 fwu_mtu;
	u32 mkhi_mtu;
	struct sim_ver mebx;
	u32 flash_override_policy;
	u32 manageability_mode;
	u32 bios_boot_state;
	u32 info_fields;
	char bios_version[SIM_BIOS_VER_LEN];
	guid_t oem_id;
	u32 ipu_name;
	struct sim_ver ipu_ver;
	u16 vcn;
};

extern const struct sim_identity *sim_id;
bool sim_muted(void);
int sim_identity_init(void);

/* ---- firmware model ---- */

struct sim_fw;
struct sim_conn;

/**
 * struct sim_client_desc - a firmware client type
 * @name: short name (debugfs, log)
 * @uuid: protocol name announced in the client properties
 * @addr: ME address
 * @version: protocol version
 * @mtu: MTU (max_msg_length) from the identity
 * @handle: called once per complete host message with sim_fw.lock held;
 *          may queue one reply with sim_conn_reply()
 */
struct sim_client_desc {
	const char *name;
	uuid_le uuid;
	u8 addr;
	u8 version;
	u32 (*mtu)(const struct sim_identity *id);
	void (*handle)(struct sim_fw *fw, struct sim_conn *c,
		       const u8 *req, size_t len);
};

enum sim_conn_state {
	SIM_CONN_IDLE,
	SIM_CONN_CONNECTED,
	SIM_CONN_FW_DISCONNECTING,	/* FW sent DISCONNECT_REQ */
};

/**
 * struct sim_conn - a FW client and its (single) connection
 * @desc: client type
 * @mtu: max_msg_length of this client
 * @state: connection state
 * @host_addr: host client id of the connection
 * @tx_credit_granted: the host may send one message
 * @in_msg: reassembling a host message
 * @host_credits: host read credits: replies the FW may send
 * @notify: the host asked for notifications
 * @rx: reassembly buffer, @mtu bytes
 * @rx_len: bytes in @rx
 * @reply: the pending reply
 * @reply_len: bytes in @reply
 * @reply_pending: @reply waits for a host read credit
 * @connects: counter, for debugfs
 * @requests: counter, for debugfs
 * @replies: counter, for debugfs
 * @starved: fault injection: the FW grants no more TX credits until the
 *           connection is dropped
 * @delayed: fault "delay": the pending reply (and the next TX credit)
 *           waits for sim_fw.fault_work; lost if the connection drops
 * @late: fault "late": a withheld reply, sent just before the next reply
 *        of this client, on whatever connection it has by then (lost
 *        with an ME or link reset)
 * @late_len: bytes in @late, 0 for none
 *
 * Every client has max_number_of_connections = 1, so the connection state
 * lives in the client.  Flow control is strict: the FW grants the host
 * one TX credit at connect and re-grants it only after it processed the
 * previous message and handed over its reply, so at most one reply is
 * pending per connection; the FW sends one message per host read credit.
 */
struct sim_conn {
	const struct sim_client_desc *desc;
	u32 mtu;
	enum sim_conn_state state;
	u8 host_addr;
	bool tx_credit_granted;
	bool in_msg;
	unsigned int host_credits;
	bool notify;
	u8 *rx;
	size_t rx_len;
	u8 reply[SIM_REPLY_MAX];
	size_t reply_len;
	bool reply_pending;
	unsigned long connects;
	unsigned long requests;
	unsigned long replies;
	bool starved;
	bool delayed;
	u8 late[SIM_REPLY_MAX];
	size_t late_len;
};

enum sim_hbm_state {
	SIM_HBM_IDLE,		/* after link reset: only HOST_START */
	SIM_HBM_STARTED,
	SIM_HBM_STOPPED,
};

#define SIM_NR_CLIENTS	3

/* ---- update engine, image verification, flash, fault injection ---- */

#define SIM_UPD_STAGES		19

/* FWU_STATUS values (FwuHeciMsgs.h / FwUpdateLib.h) */
#define SIM_FWU_ST_SUCCESS	0
#define SIM_FWU_ST_NOT_READY	2
#define SIM_FWU_ST_BAD_LENGTH	3
#define SIM_FWU_ST_AUTH		4
#define SIM_FWU_ST_INTERNAL	5
#define SIM_FWU_ST_SKU		6
#define SIM_FWU_ST_VERSION	7
/* borrowed from the GSC status table (simulator convention) */
#define SIM_FWU_ST_LOWER_SVN	0x23B
#define SIM_FWU_ST_LOWER_VCN	0x23C

/**
 * struct sim_img_info - what the FW learned from a verified image
 * @ver: version of the FTPR manifest
 * @svn: TCB security version number (manifest +0x2C)
 * @vcn: version control number (manifest +0x34)
 * @sku: byte at $SKU + 0xC (SKU type and size)
 */
struct sim_img_info {
	struct sim_ver ver;
	u32 svn;
	u32 vcn;
	u32 sku;
};

enum sim_upd_state {
	SIM_UPD_IDLE,		/* no session; @last_* may hold a result */
	SIM_UPD_RECEIVING,	/* START accepted, DATA arriving */
	SIM_UPD_RUNNING,	/* END accepted, the engine writes flash */
	SIM_UPD_STALLED,	/* fault "stall": the engine stopped moving */
	SIM_UPD_RESETTING,	/* done, the ME resets itself in reset_ms */
	SIM_UPD_WAIT_RESET,	/* done, the host must reset (type 1/3) */
	SIM_UPD_DEAD,		/* power cut: silent until the next load */
};

/**
 * struct sim_update - the FW's update session and engine
 * @state: see enum sim_upd_state
 * @buf: received image (vmalloc, @len bytes), RECEIVING..RUNNING
 * @len: START length
 * @received: bytes received so far
 * @data_msgs: DATA messages of this session (fault points data:N)
 * @img: the verified image
 * @stage: engine stage, 0..SIM_UPD_STAGES
 * @percent: progress percent
 * @status: update status the progress query reports
 * @reset_type: reset type the progress query and END reply report
 * @have_result: the progress query has something to report
 * @from_recovery: the FW booted its recovery copy (power cut)
 * @work: the engine (a delayed work on the FW workqueue)
 * @hfsts1: HFSTS1 before the engine changed it
 * @hfsts2: HFSTS2 before the engine changed it
 * @shutdown: the device is going away: the engine stops
 */
struct sim_update {
	enum sim_upd_state state;
	u8 *buf;
	size_t len;
	size_t received;
	unsigned int data_msgs;
	struct sim_img_info img;
	unsigned int stage;
	unsigned int percent;
	u32 status;
	u32 reset_type;
	bool have_result;
	bool from_recovery;
	struct delayed_work work;
	u32 hfsts1;
	u32 hfsts2;
	bool shutdown;
};

enum sim_fault_kind {
	SIM_FAULT_NONE,
	SIM_FAULT_ERROR,
	SIM_FAULT_NOREPLY,
	SIM_FAULT_RESET,
	SIM_FAULT_TRUNCATE,
	SIM_FAULT_OVERSIZE,
	SIM_FAULT_WRONGID,
	SIM_FAULT_STARVE,
	SIM_FAULT_DISCONNECT,
	SIM_FAULT_POWERCUT,
	SIM_FAULT_STALL,
	SIM_FAULT_DELAY,
	SIM_FAULT_LATE,
};

enum sim_fault_point {
	SIM_FP_START,
	SIM_FP_DATA,
	SIM_FP_END,
	SIM_FP_STAGE,
	SIM_FP_PROGRESS,
};

/**
 * struct sim_fault - the armed one-shot fault
 * @kind: what happens (SIM_FAULT_NONE: nothing armed)
 * @point: where
 * @n: DATA message or engine stage number (1-based)
 * @arg: status for SIM_FAULT_ERROR, milliseconds for SIM_FAULT_DELAY
 * @fired: how many faults fired since load
 */
struct sim_fault {
	enum sim_fault_kind kind;
	enum sim_fault_point point;
	unsigned int n;
	u32 arg;
	unsigned long fired;
};

/**
 * struct sim_flash - the backing file of the simulated SPI flash
 * @file: open file, or NULL without flash=
 * @path: its path (module parameter)
 */
struct sim_flash {
	struct file *file;
	const char *path;
};

/* wire counters per ME client address: 0 = HBM, 1..7 = clients */
#define SIM_WIRE_ADDRS	8

/**
 * struct sim_wire - traffic that crossed the simulated link in one
 * direction, counted as the 32-bit slots moved: the 4-byte mei header of
 * each fragment plus its payload rounded up to whole slots
 * @frags: fragments (one mei header each)
 * @bytes: bytes, headers included
 * @fc: of those, HBM flow-control messages (counted under the client
 *      address they name, not under HBM)
 */
struct sim_wire {
	u64 frags;
	u64 bytes;
	u64 fc;
};

/**
 * struct sim_wire_stats - the link's byte counters (debugfs "wire")
 * @h2f: host to firmware: [0] HBM, [addr] data of that client and the
 *       HBM flow control naming it
 * @f2h: firmware to host, the same split
 * @link_h2f: host to firmware, everything
 * @link_f2h: firmware to host, everything (as the host reads it)
 */
struct sim_wire_stats {
	struct sim_wire h2f[SIM_WIRE_ADDRS];
	struct sim_wire f2h[SIM_WIRE_ADDRS];
	struct sim_wire link_h2f;
	struct sim_wire link_f2h;
};

struct sim_regs {
	spinlock_t lock;	/* see the top of this file */
	bool host_ready;
	bool fw_ready;
	u32 hbuf[SIM_HBUF_DEPTH];
	unsigned int hbuf_used;
	u32 rdfifo[SIM_RDFIFO_SLOTS];
	unsigned int rd_head, rd_tail;	/* free running */
	/* FW->host message being read: its ME address, or HBM to classify */
	unsigned int rd_addr;
	bool rd_hbm;
	struct sim_wire_stats wire;
};

struct sim_fw {
	struct mutex lock;	/* see the top of this file */
	struct sim_dev *sim;
	struct sim_identity id;
	enum sim_hbm_state hbm;
	bool stopped;		/* device going away: no more interrupts */
	struct sim_conn conn[SIM_NR_CLIENTS];
	u32 inbuf[SIM_HBUF_DEPTH];
	struct work_struct work;
	bool dead;		/* power cut: no client answers until reload */
	bool reset_in_parse;	/* the FW reset itself while parsing */
	struct sim_update upd;
	struct sim_fault fault;
	struct delayed_work fault_work;	/* sends a "delay" fault's reply */
	struct sim_flash flash;
	/* counters */
	unsigned long hbm_rx;
	unsigned long hbm_tx;
	unsigned long proto_errors;
	unsigned long link_resets;
	unsigned long fw_resets;
	unsigned long rx_overflows;
	/*
	 * requests other than the session's DATA and END (any client) that
	 * arrived while an update session was between START and END
	 */
	unsigned long interleaved;
};

struct sim_dev {
	struct mei_device *mdev;
	struct device *dev;
	struct sim_regs regs;
	struct workqueue_struct *irq_wq;
	struct work_struct irq_work;
	struct workqueue_struct *fw_wq;
	struct sim_fw fw;
	struct dentry *debugfs;
};

/* sim_main.c */
void sim_raise_irq(struct sim_dev *sim);
void sim_wire_snapshot(struct sim_dev *sim, struct sim_wire_stats *out);

/* sim_fw.c */
int sim_fw_init(struct sim_fw *fw, struct sim_dev *sim);
void sim_fw_fini(struct sim_fw *fw);
void sim_fw_link_reset(struct sim_fw *fw);
void sim_fw_kick(struct sim_fw *fw);
void sim_fw_push(struct sim_fw *fw, u8 me_addr, u8 host_addr,
		 const void *data, size_t len);
void sim_fw_hbm_send(struct sim_fw *fw, const void *msg, size_t len);
void sim_fw_proto_error(struct sim_fw *fw, const char *what, u8 me, u8 host);
struct sim_conn *sim_fw_conn_by_addr(struct sim_fw *fw, u8 me_addr);
struct sim_conn *sim_fw_conn_find(struct sim_fw *fw, u8 me_addr, u8 host_addr);
void sim_conn_grant(struct sim_fw *fw, struct sim_conn *c);
void sim_conn_drop(struct sim_fw *fw, struct sim_conn *c);
void sim_conn_reply(struct sim_conn *c, const void *data, size_t len);
void sim_conn_flush(struct sim_fw *fw, struct sim_conn *c);
int sim_fw_disconnect(struct sim_fw *fw, const char *name);
void sim_fw_disconnect_locked(struct sim_fw *fw, struct sim_conn *c);
void sim_fw_me_reset(struct sim_fw *fw);
void sim_fw_set_hfsts(struct sim_fw *fw, unsigned int i, u32 val);
int sim_fw_notify(struct sim_fw *fw, const char *name);

/* sim_hbm.c */
void sim_hbm_dispatch(struct sim_fw *fw, const u8 *msg, size_t len);

/* sim_mkhi.c, sim_fwu.c */
extern const struct sim_client_desc sim_client_mkhi_fix;
extern const struct sim_client_desc sim_client_mkhi;
extern const struct sim_client_desc sim_client_fwu;
bool sim_fwu_is_transfer(const struct sim_conn *c, const u8 *msg, size_t len);

/* sim_update.c */
int sim_update_params_init(void);
int sim_update_init(struct sim_fw *fw);
void sim_update_stop(struct sim_fw *fw);
void sim_update_fini(struct sim_fw *fw);
void sim_update_start(struct sim_fw *fw, struct sim_conn *c,
		      const u8 *msg, size_t len);
void sim_update_data(struct sim_fw *fw, struct sim_conn *c,
		     const u8 *msg, size_t len);
void sim_update_end(struct sim_fw *fw, struct sim_conn *c,
		    const u8 *msg, size_t len);
void sim_update_progress(struct sim_fw *fw, struct sim_conn *c,
			 const u8 *msg, size_t len);
void sim_update_conn_lost(struct sim_fw *fw, struct sim_conn *c);
void sim_update_me_reset(struct sim_fw *fw);
const char *sim_update_state_name(enum sim_upd_state state);
void sim_update_show(struct seq_file *m, struct sim_fw *fw);

/* sim_verify.c */
u32 sim_verify_image(struct sim_fw *fw, const u8 *img, size_t len,
		     struct sim_img_info *info);
int sim_verify_params_init(const char *fused_key);
extern u8 sim_fused_key[32];

/* sim_flash.c */
int sim_flash_open(struct sim_fw *fw, const char *path);
void sim_flash_close(struct sim_fw *fw);
int sim_flash_begin(struct sim_fw *fw, const struct sim_img_info *img,
		    size_t len);
int sim_flash_write(struct sim_fw *fw, const u8 *data, size_t off,
		    size_t len);
int sim_flash_commit(struct sim_fw *fw, const struct sim_img_info *img,
		     u32 reset_type);
int sim_flash_rollback(struct sim_fw *fw, u32 status);

/* sim_fault.c */
enum sim_fault_kind sim_fault_take(struct sim_fw *fw,
				   enum sim_fault_point point,
				   unsigned int n, u32 *arg);
void sim_fault_reply(struct sim_fw *fw, struct sim_conn *c,
		     enum sim_fault_kind kind, u32 arg);
void sim_fault_work(struct work_struct *work);
int sim_fault_parse(struct sim_fw *fw, char *line);
void sim_fault_show(struct seq_file *m, struct sim_fw *fw);

/* sim_debugfs.c */
void sim_debugfs_init(struct sim_dev *sim);
void sim_debugfs_fini(struct sim_dev *sim);

#endif /* _MEI_SIM_H */
