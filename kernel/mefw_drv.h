/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefw - Intel ME firmware status and update driver, internal interfaces
 *
 * Objects and their lifetimes:
 *
 * struct mefw_client - one HECI client of the ME (FWUpdate or MKHI), bound
 *	to one mei bus device.  Refcounted; @cldev is cleared by remove() and
 *	never used afterwards.  One conversation at a time (@io_lock).
 *
 * struct mefw_me - one ME, i.e. one mei host device (the parent of the
 *	bus devices).  Pairs the FWUpdate client with the MKHI client of the
 *	same ME; either may probe or be removed first.  Refcounted: every
 *	bound client holds a reference, users hold one for the duration of a
 *	call.
 *
 * struct mefw_dev - the character device /dev/mefwN of one FWUpdate
 *	client.  Lives in its embedded struct device's refcount: open files
 *	hold a reference, and it is freed on the last put after remove().
 *
 * struct mefw_file - one open file of /dev/mefwN: its update transaction
 *	(struct mefw_update, mefw_update.h), which outlives the device.
 */
#ifndef _MEFW_DRV_H
#define _MEFW_DRV_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <linux/mefw.h>

struct mei_cl_device;
struct mefw_update;
struct poll_table_struct;

#define MEFW_MAX_DEVS		16
/* bytes of a reply that name its request: FWU message id, MKHI header */
#define MEFW_REPLY_KEY_LEN	4

/* driver_info of the id table */
enum mefw_client_kind {
	MEFW_CLIENT_FWU = 1,
	MEFW_CLIENT_MKHI = 2,
};

extern unsigned int mefw_reply_timeout_ms;
extern bool mefw_unloading;

/**
 * struct mefw_client - one connection to an ME firmware client
 * @kref: lifetime of this structure
 * @kind: MEFW_CLIENT_FWU or MEFW_CLIENT_MKHI
 * @persistent: stay connected between conversations (else connect for
 *	each conversation and disconnect at its end)
 * @mtu: maximum message length of the client, bytes (clamped)
 * @me: the ME this client belongs to (the binding's reference)
 * @mdev: the character device of a FWUpdate client, else NULL
 * @io_lock: serializes conversations and the use of @cldev
 * @cldev: the bus device; NULL after remove (under @io_lock)
 * @connected: @cldev is enabled and has the rx callback (under @io_lock)
 * @session: the firmware keeps an update's state on this connection: a
 *	wait that ends without its reply does not drop the connection
 * @lock: protects the fields below, taken by the rx callback
 * @wait: woken on a reply, a send failure and on kill
 * @dead: the bus device is gone: every wait ends with -ENODEV
 * @expecting: a conversation waits for a reply
 * @want: first bytes of the reply it waits for (the key of its request)
 * @want_len: bytes of @want to compare, 0 for any reply
 * @strays: replies dropped because no request waited for them
 * @rx_ready: a reply is in @reply
 * @reply_len: length of the reply in @reply
 * @tx_busy: @tx_work has been queued and has not finished
 * @tx_err: error of the last send, 0 if none
 * @reply: reply buffer, @mtu bytes
 * @rx_buf: receive buffer of the rx callback, @mtu bytes
 * @tx_buf: request being sent by @tx_work, @mtu bytes
 * @tx_len: length of the request in @tx_buf
 * @tx_work: sends @tx_buf (mei_cldev_send() may block without a timeout)
 */
struct mefw_client {
	struct kref kref;
	enum mefw_client_kind kind;
	bool persistent;
	size_t mtu;
	struct mefw_me *me;
	struct mefw_dev *mdev;

	struct mutex io_lock;		/* one conversation at a time */
	struct mei_cl_device *cldev;
	bool connected;
	bool session;

	spinlock_t lock;		/* state shared with the rx cb */
	wait_queue_head_t wait;
	bool dead;
	bool expecting;
	u8 want[MEFW_REPLY_KEY_LEN];
	size_t want_len;
	unsigned long strays;
	bool rx_ready;
	size_t reply_len;
	bool tx_busy;
	int tx_err;

	u8 *reply;
	u8 *rx_buf;
	u8 *tx_buf;
	size_t tx_len;
	struct work_struct tx_work;
};

/**
 * struct mefw_me - one management engine
 * @kref: lifetime
 * @node: entry in the registry
 * @parent: the mei host device; a key, dereferenced only while a client
 *	of this ME is bound (a bound client pins it)
 * @lock: protects the fields below
 * @fwu: FWUpdate client, or NULL
 * @mkhi: MKHI client, or NULL
 * @mei_dev: referenced mei class device (status registers), or NULL
 * @fwu_gen: number of FWUpdate bindings so far (changes across a reset)
 * @upd: the update transaction in progress (a reference), or NULL
 * @upd_state: final state of the last transaction, MEFW_STATE_IDLE if none
 * @queries: status queries talking to the ME now (mefw_me_query_begin())
 * @query_wait: BEGIN waits here for @queries to reach 0
 *
 * An entry with a transaction outlives its clients: the transaction
 * holds a reference, so the ME coming back after a reset (same parent)
 * finds it again.
 */
struct mefw_me {
	struct kref kref;
	struct list_head node;
	struct device *parent;
	struct mutex lock;		/* the fields below */
	struct mefw_client *fwu;
	struct mefw_client *mkhi;
	struct device *mei_dev;
	unsigned int fwu_gen;
	struct mefw_update *upd;
	u32 upd_state;
	unsigned int queries;
	wait_queue_head_t query_wait;
};

/**
 * struct mefw_regs - the host firmware status registers
 * @count: number of valid entries in @hfsts
 * @hfsts: HFSTS1..HFSTS6
 */
struct mefw_regs {
	unsigned int count;
	u32 hfsts[MEFW_STATUS_REGS];
};

/**
 * struct mefw_dev - /dev/mefwN
 * @dev: the class device /sys/class/mefw/mefwN; its refcount is ours
 * @cdev: the character device
 * @minor: minor number (IDA), -1 once released by remove()
 * @dead: remove() has started: every operation fails with -ENODEV
 * @lock: read: an operation uses @me or @fwu; write: remove() drops them
 * @me: the ME, NULL after remove()
 * @fwu: the FWUpdate client, NULL after remove()
 * @id_lock: protects @id and @id_valid
 * @id: last identity read from the ME
 * @id_valid: @id holds an answer
 * @id_work: first identity fetch after probe
 */
struct mefw_dev {
	struct device dev;
	struct cdev cdev;
	int minor;
	bool dead;
	struct rw_semaphore lock;
	struct mefw_me *me;
	struct mefw_client *fwu;
	struct mutex id_lock;		/* the identity cache */
	struct mefw_identity id;
	bool id_valid;
	struct work_struct id_work;
};

/**
 * struct mefw_file - an open /dev/mefwN
 * @mdev: the device (a reference)
 * @lock: protects @upd
 * @upd: the file's update transaction (a reference), the last one once
 *	it is final, or NULL
 * @seen: @upd->seq at the last MEFW_IOC_UPDATE_PROGRESS (for poll())
 * @wait: poll() waiters, woken by the transaction
 */
struct mefw_file {
	struct mefw_dev *mdev;
	struct mutex lock;		/* @upd */
	struct mefw_update *upd;
	unsigned int seen;
	wait_queue_head_t wait;
};

/* mefw_heci.c */
struct mefw_client *mefw_client_create(struct mei_cl_device *cldev,
				       enum mefw_client_kind kind,
				       bool persistent);
int mefw_client_start(struct mefw_client *cl);
void mefw_client_kill(struct mefw_client *cl);
void mefw_client_wake(struct mefw_client *cl);
void mefw_client_shutdown(struct mefw_client *cl);
void mefw_client_get(struct mefw_client *cl);
void mefw_client_put(struct mefw_client *cl);
int mefw_heci_begin(struct mefw_client *cl);
int mefw_heci_begin_killable(struct mefw_client *cl);
int mefw_heci_begin_abortable(struct mefw_client *cl, const bool *abort);
void mefw_heci_end(struct mefw_client *cl);
ssize_t mefw_heci_xfer(struct mefw_client *cl, const void *req,
		       size_t req_len, void *rep, size_t rep_size,
		       const bool *abort);
ssize_t mefw_heci_xfer_killable(struct mefw_client *cl, const void *req,
				size_t req_len, void *rep, size_t rep_size,
				const bool *abort);
int mefw_heci_reconnect(struct mefw_client *cl);
int mefw_heci_init(void);
void mefw_heci_exit(void);

/* mefw_me.c */
struct mefw_me *mefw_me_get(struct device *parent);
void mefw_me_put(struct mefw_me *me);
void mefw_me_attach(struct mefw_me *me, struct mefw_client *cl);
void mefw_me_detach(struct mefw_me *me, struct mefw_client *cl);
struct mefw_client *mefw_me_get_mkhi(struct mefw_me *me);
void mefw_me_wake(struct mefw_me *me);
struct device *mefw_me_get_mei_dev(struct mefw_me *me);
void mefw_me_ref(struct mefw_me *me);
struct mefw_client *mefw_me_get_fwu_gen(struct mefw_me *me, unsigned int *gen);
int mefw_me_regs_read(struct mefw_me *me, struct mefw_regs *regs);
int mefw_me_claim_update(struct mefw_me *me, struct mefw_update *upd);
int mefw_me_wait_queries(struct mefw_me *me, struct mefw_update *upd);
void mefw_me_release_update(struct mefw_me *me, struct mefw_update *upd,
			    u32 state);
struct mefw_update *mefw_me_get_update(struct mefw_me *me);
u32 mefw_me_update_state(struct mefw_me *me);
int mefw_me_query_begin(struct mefw_me *me);
void mefw_me_query_end(struct mefw_me *me);
void mefw_me_kill_updates(void);

/* mefw_regs.c */
ssize_t mefw_dev_attr_show(struct device *dev,
			   const struct attribute_group **groups,
			   const char *name, char *page);
int mefw_regs_read(struct mefw_me *me, struct mefw_regs *regs);
int mefw_regs_read_dev(struct device *mei_dev, struct mefw_regs *regs);

/* mefw_query.c */
int mefw_query_identity(struct mefw_me *me, struct mefw_client *fwu,
			struct mefw_identity *id, const bool *abort);
struct mefw_fwu_reply_hdr;
struct mefw_mkhi_hdr;
int mefw_fwu_check(struct mefw_client *cl,
		   const struct mefw_fwu_reply_hdr *hdr, size_t len,
		   u32 req_id, size_t min_len);
int mefw_fwu_get_version(struct mefw_client *cl, struct mefw_identity *id,
			 const bool *abort);
ssize_t mefw_mkhi_xfer(struct mefw_client *cl, const struct mefw_mkhi_hdr *req,
		       size_t req_len, struct mefw_mkhi_hdr *rep,
		       size_t rep_size, size_t min_len, const bool *abort);
int mefw_mkhi_local_update(struct mefw_client *cl, struct mefw_identity *id,
			   const bool *abort);

/* mefw_update*.c */
long mefw_update_ioctl_begin(struct mefw_file *f, void __user *uarg,
			     size_t usize);
long mefw_update_ioctl_end(struct mefw_file *f);
long mefw_update_ioctl_cancel(struct mefw_file *f);
long mefw_update_ioctl_progress(struct mefw_file *f, void __user *uarg,
				size_t usize);
ssize_t mefw_update_write(struct mefw_file *f, const char __user *buf,
			  size_t count);
__poll_t mefw_update_poll(struct mefw_file *f, struct file *filp,
			  struct poll_table_struct *wait);
void mefw_update_file_release(struct mefw_file *f);
void mefw_update_get(struct mefw_update *upd);
void mefw_update_put(struct mefw_update *upd);
u32 mefw_update_get_state(struct mefw_update *upd);
void mefw_update_work(struct work_struct *work);
void mefw_update_client_added(struct mefw_me *me);
void mefw_update_client_removed(struct mefw_me *me, struct mefw_client *cl,
				bool unloading);
void mefw_update_kill(struct mefw_update *upd);
int mefw_update_init(void);
void mefw_update_exit(void);

/* mefw_cdev.c */
int mefw_cdev_init(void);
void mefw_cdev_exit(void);
struct mefw_dev *mefw_dev_create(struct mefw_me *me, struct mefw_client *fwu,
				 struct device *parent);
void mefw_dev_remove(struct mefw_dev *mdev);
int mefw_dev_identity(struct mefw_dev *mdev, struct mefw_identity *id,
		      bool cached);
int mefw_dev_regs(struct mefw_dev *mdev, struct mefw_regs *regs);

/* mefw_ioctl.c */
long mefw_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);

/* mefw_sysfs.c */
extern const struct attribute_group *mefw_dev_groups[];

#endif /* _MEFW_DRV_H */
