// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - timed request/response conversations with one ME client
 *
 * The 6.1 mei bus client API has no timeouts: mei_cldev_send() waits for
 * the host buffer and a firmware flow-control credit, mei_cldev_recv()
 * for a message, both without limit.  A firmware that stops answering
 * would hang the caller forever.  So:
 *
 *  - replies arrive through the rx callback, which copies them into the
 *    client and wakes the waiter;
 *  - requests are sent from a work item, so the caller never sleeps in
 *    mei_cldev_send();
 *  - the caller sleeps in wait_event_interruptible_timeout() until the
 *    request has been sent and its reply has arrived, the send failed,
 *    the client was removed (-ENODEV), the caller's owner went away
 *    (-ECANCELED) or the reply timeout expired (-ETIMEDOUT);
 *  - a reply is matched to its request by its first bytes (FWU message
 *    id + 1, MKHI group and command | 0x80); anything else is dropped,
 *    counted and logged;
 *  - a request abandoned (timeout, signal, abort) drops the connection,
 *    so that its late reply cannot be taken by the next request (the
 *    next exchange connects again), except while the firmware holds an
 *    update's state on the connection (@session: the update resets it).
 *
 * A request whose send is still stuck in the mei core after a timeout
 * blocks the client (-EBUSY) until the firmware takes it or the client is
 * removed or the connection dropped: mei_cldev_disable() ends the send.
 */
#include <linux/jiffies.h>
#include <linux/mei_cl_bus.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <asm/unaligned.h>

#include "mefw_drv.h"
#include "mefw_heci.h"

#define MEFW_MTU_DEFAULT	512
#define MEFW_MTU_MIN		64
#define MEFW_MTU_MAX		SZ_16K

static struct workqueue_struct *mefw_tx_wq;

static void mefw_client_release(struct kref *kref)
{
	struct mefw_client *cl = container_of(kref, struct mefw_client, kref);

	kfree(cl->reply);
	kfree(cl->rx_buf);
	kfree(cl->tx_buf);
	kfree(cl);
}

/**
 * mefw_client_get() - take a reference on a client
 * @cl: the client
 */
void mefw_client_get(struct mefw_client *cl)
{
	kref_get(&cl->kref);
}

/**
 * mefw_client_put() - drop a reference on a client
 * @cl: the client, may be NULL
 *
 * The last put frees it; mefw_client_shutdown() must have run by then.
 */
void mefw_client_put(struct mefw_client *cl)
{
	if (cl)
		kref_put(&cl->kref, mefw_client_release);
}

/*
 * Is @msg the reply the waiting conversation wants?  cl->lock held.  A
 * reply too short to carry the key goes to the waiter, whose protocol
 * check refuses it; so does the FWU "invalid command" reply {0xFF, 0x8D},
 * which names no request.
 */
static bool mefw_reply_wanted(const struct mefw_client *cl, const u8 *msg,
			      size_t len)
{
	if (!cl->expecting || cl->rx_ready)
		return false;
	if (len < cl->want_len)
		return true;
	if (cl->kind == MEFW_CLIENT_FWU && len >= sizeof(__le32) &&
	    get_unaligned_le32(msg) == MEFW_FWU_INVALID_REPLY)
		return true;
	return !memcmp(msg, cl->want, cl->want_len);
}

/* rx callback: runs from the bus rx work, cancelled by mei_cldev_disable */
static void mefw_rx_cb(struct mei_cl_device *cldev)
{
	struct mefw_client *cl = mei_cldev_get_drvdata(cldev);
	unsigned long strays = 0;
	bool taken = false;
	ssize_t len;

	len = mei_cldev_recv_nonblock(cldev, cl->rx_buf, cl->mtu);
	if (len < 0) {
		if (len != -EAGAIN)
			dev_dbg(&cldev->dev, "receive failed: %zd\n", len);
		return;
	}

	spin_lock(&cl->lock);
	if (mefw_reply_wanted(cl, cl->rx_buf, len)) {
		memcpy(cl->reply, cl->rx_buf, len);
		cl->reply_len = len;
		cl->rx_ready = true;
		taken = true;
	} else {
		strays = ++cl->strays;
	}
	spin_unlock(&cl->lock);

	if (taken)
		wake_up_all(&cl->wait);
	else
		dev_warn_ratelimited(&cldev->dev,
				     "dropped a %zd-byte message no request waits for (%*ph), %lu so far\n",
				     len, (int)min_t(ssize_t, len, 8), cl->rx_buf,
				     strays);
}

/*
 * Sends cl->tx_buf.  Queued only under io_lock with the client connected;
 * mefw_heci_disconnect() flushes it before @cldev may go away.
 */
static void mefw_tx_work(struct work_struct *work)
{
	struct mefw_client *cl = container_of(work, struct mefw_client,
					      tx_work);
	ssize_t ret;

	ret = mei_cldev_send(cl->cldev, cl->tx_buf, cl->tx_len);
	if (ret >= 0 && ret != cl->tx_len)
		ret = -EIO;

	spin_lock(&cl->lock);
	cl->tx_busy = false;
	cl->tx_err = ret < 0 ? ret : 0;
	spin_unlock(&cl->lock);
	wake_up_all(&cl->wait);
}

static size_t mefw_client_mtu(struct mei_cl_device *cldev)
{
	unsigned int mtu = MEFW_MTU_DEFAULT;
	char *page;
	ssize_t len;

	/*
	 * 6.1 has no mei_cldev_mtu(): read the bus device's own max_len
	 * attribute (see mefw_regs.c for why and what upstream would do).
	 */
	page = (char *)get_zeroed_page(GFP_KERNEL);
	if (!page)
		return mtu;
	len = mefw_dev_attr_show(&cldev->dev, cldev->dev.bus->dev_groups,
				 "max_len", page);
	if (len <= 0 || kstrtouint(strim(page), 0, &mtu))
		mtu = MEFW_MTU_DEFAULT;
	free_page((unsigned long)page);

	return clamp_t(unsigned int, mtu, MEFW_MTU_MIN, MEFW_MTU_MAX);
}

/**
 * mefw_client_create() - allocate the client of a bus device
 * @cldev: the mei bus device
 * @kind: which firmware client it is
 * @persistent: keep the connection open from mefw_client_start() to
 *	mefw_client_shutdown() instead of connecting per conversation
 *
 * Does not connect and does not set the drvdata of @cldev; the caller
 * sets it to the returned client before mefw_client_start().
 *
 * Return: the client with one reference, or an ERR_PTR().
 */
struct mefw_client *mefw_client_create(struct mei_cl_device *cldev,
				       enum mefw_client_kind kind,
				       bool persistent)
{
	struct mefw_client *cl;

	cl = kzalloc(sizeof(*cl), GFP_KERNEL);
	if (!cl)
		return ERR_PTR(-ENOMEM);

	kref_init(&cl->kref);
	cl->kind = kind;
	cl->persistent = persistent;
	cl->cldev = cldev;
	cl->mtu = mefw_client_mtu(cldev);
	mutex_init(&cl->io_lock);
	spin_lock_init(&cl->lock);
	init_waitqueue_head(&cl->wait);
	INIT_WORK(&cl->tx_work, mefw_tx_work);

	cl->reply = kzalloc(cl->mtu, GFP_KERNEL);
	cl->rx_buf = kzalloc(cl->mtu, GFP_KERNEL);
	cl->tx_buf = kzalloc(cl->mtu, GFP_KERNEL);
	if (!cl->reply || !cl->rx_buf || !cl->tx_buf) {
		mefw_client_put(cl);
		return ERR_PTR(-ENOMEM);
	}

	return cl;
}

/* connect and register the rx callback; io_lock held */
static int mefw_heci_connect(struct mefw_client *cl)
{
	int ret;

	lockdep_assert_held(&cl->io_lock);

	if (cl->connected)
		return 0;

	ret = mei_cldev_enable(cl->cldev);
	if (ret < 0) {
		dev_dbg(&cl->cldev->dev, "cannot connect: %d\n", ret);
		return ret;
	}

	ret = mei_cldev_register_rx_cb(cl->cldev, mefw_rx_cb);
	if (ret) {
		dev_err(&cl->cldev->dev, "cannot register rx callback: %d\n",
			ret);
		mei_cldev_disable(cl->cldev);
		return ret;
	}

	cl->connected = true;
	return 0;
}

/*
 * Disconnect; io_lock held.  The rx callback does not take io_lock, so
 * mei_cldev_disable() (which cancels the rx work) cannot deadlock here.
 * Disabling also ends a send stuck in the mei core, then the tx work is
 * flushed: afterwards nothing of ours touches @cldev.
 */
static void mefw_heci_disconnect(struct mefw_client *cl)
{
	lockdep_assert_held(&cl->io_lock);

	if (!cl->connected)
		return;

	mei_cldev_disable(cl->cldev);
	flush_work(&cl->tx_work);
	cl->connected = false;
}

/* release io_lock and wake the callers waiting in mefw_io_lock() */
static void mefw_heci_unlock(struct mefw_client *cl)
{
	mutex_unlock(&cl->io_lock);
	wake_up_all(&cl->wait);
}

/* forget the state of the last exchange; io_lock held */
static void mefw_heci_reset_state(struct mefw_client *cl)
{
	spin_lock(&cl->lock);
	cl->tx_busy = false;
	cl->tx_err = 0;
	cl->rx_ready = false;
	cl->expecting = false;
	spin_unlock(&cl->lock);
}

/**
 * mefw_client_start() - connect a persistent client
 * @cl: the client
 *
 * Return: 0, or the error of mei_cldev_enable().  A non-persistent client
 * connects in mefw_heci_begin() and this does nothing.
 */
int mefw_client_start(struct mefw_client *cl)
{
	int ret = 0;

	if (!cl->persistent)
		return 0;

	mutex_lock(&cl->io_lock);
	ret = mefw_heci_connect(cl);
	mutex_unlock(&cl->io_lock);

	return ret;
}

/**
 * mefw_client_kill() - fail every present and future wait with -ENODEV
 * @cl: the client
 *
 * Does not sleep.  Called first by remove().
 */
void mefw_client_kill(struct mefw_client *cl)
{
	spin_lock(&cl->lock);
	cl->dead = true;
	spin_unlock(&cl->lock);
	wake_up_all(&cl->wait);
}

/**
 * mefw_client_wake() - make waiters re-check their abort flag
 * @cl: the client
 */
void mefw_client_wake(struct mefw_client *cl)
{
	wake_up_all(&cl->wait);
}

/**
 * mefw_client_shutdown() - detach a client from its bus device
 * @cl: the client
 *
 * Called from remove(): kills the client, waits for the conversation in
 * progress (which ends at once with -ENODEV), disconnects and forgets the
 * bus device.  Must not be called with a lock the rx callback takes.
 */
void mefw_client_shutdown(struct mefw_client *cl)
{
	mefw_client_kill(cl);

	mutex_lock(&cl->io_lock);
	mefw_heci_disconnect(cl);
	cl->cldev = NULL;
	mutex_unlock(&cl->io_lock);
}

/*
 * Take io_lock, or stop waiting for it when *@abort becomes true or the
 * client dies (mefw_heci_end() and mefw_client_wake() wake cl->wait).
 * Return: true when *@locked, or when the wait should end.
 */
static bool mefw_io_trylock(struct mefw_client *cl, const bool *abort,
			    bool *locked)
{
	*locked = mutex_trylock(&cl->io_lock);
	return *locked || READ_ONCE(*abort) || READ_ONCE(cl->dead);
}

static int mefw_io_lock(struct mefw_client *cl, bool killable,
			const bool *abort)
{
	bool locked = false;

	if (!abort)
		return (killable ? mutex_lock_killable(&cl->io_lock) :
			mutex_lock_interruptible(&cl->io_lock)) ? -EINTR : 0;

	/*
	 * The holder's waits are bounded by the reply timeout; the abort
	 * flag ends this one at once (a cancel must not queue behind other
	 * callers' conversations).
	 */
	if (wait_event_killable(cl->wait, mefw_io_trylock(cl, abort, &locked)))
		return -EINTR;
	if (locked)
		return 0;
	return READ_ONCE(*abort) ? -ECANCELED : -ENODEV;
}

static int __mefw_heci_begin(struct mefw_client *cl, bool killable,
			     const bool *abort)
{
	int ret;

	ret = mefw_io_lock(cl, killable, abort);
	if (ret)
		return ret;

	if (!cl->cldev || READ_ONCE(cl->dead)) {
		ret = -ENODEV;
		goto err;
	}

	/* the firmware dropped the connection: clean up, connect again */
	if (cl->connected && !mei_cldev_enabled(cl->cldev)) {
		dev_dbg(&cl->cldev->dev, "connection lost: reconnecting\n");
		mefw_heci_disconnect(cl);
	}

	ret = mefw_heci_connect(cl);
	if (ret)
		goto err;

	return 0;

err:
	mefw_heci_unlock(cl);
	return ret;
}

/**
 * mefw_heci_begin() - start a conversation
 * @cl: the client
 *
 * Takes the client's conversation lock (interruptible) and connects a
 * non-persistent client, or reconnects one whose connection the firmware
 * closed.  On success the caller may use mefw_heci_xfer() and must call
 * mefw_heci_end().
 *
 * Return: 0, -EINTR, -ENODEV when the client has been removed, or the
 * error of mei_cldev_enable().
 */
int mefw_heci_begin(struct mefw_client *cl)
{
	return __mefw_heci_begin(cl, false, NULL);
}

/**
 * mefw_heci_begin_killable() - mefw_heci_begin(), only fatal signals
 * @cl: the client
 *
 * Return: as mefw_heci_begin().
 */
int mefw_heci_begin_killable(struct mefw_client *cl)
{
	return __mefw_heci_begin(cl, true, NULL);
}

/**
 * mefw_heci_begin_abortable() - mefw_heci_begin_killable() that also
 * stops waiting for the conversation lock when *@abort becomes true
 * @cl: the client
 * @abort: the caller's abort flag; setting it must be followed by
 *	mefw_client_wake()
 *
 * Return: as mefw_heci_begin(), or -ECANCELED when *@abort was set.
 */
int mefw_heci_begin_abortable(struct mefw_client *cl, const bool *abort)
{
	return __mefw_heci_begin(cl, true, abort);
}

/**
 * mefw_heci_end() - end a conversation
 * @cl: the client
 *
 * Disconnects a non-persistent client and releases the conversation lock.
 */
void mefw_heci_end(struct mefw_client *cl)
{
	if (!cl->persistent)
		mefw_heci_disconnect(cl);
	mefw_heci_unlock(cl);
}

static bool mefw_xfer_done(struct mefw_client *cl, const bool *abort)
{
	bool done;

	if (abort && READ_ONCE(*abort))
		return true;

	spin_lock(&cl->lock);
	done = cl->dead || cl->tx_err || (cl->rx_ready && !cl->tx_busy);
	spin_unlock(&cl->lock);

	return done;
}

/* the first bytes of the reply to @req (see mefw_reply_wanted()) */
static void mefw_reply_key(struct mefw_client *cl, const u8 *req,
			   size_t req_len)
{
	cl->want_len = 0;
	if (cl->kind == MEFW_CLIENT_FWU && req_len >= sizeof(__le32)) {
		/* legacy FWU: reply id = request id + 1 */
		put_unaligned_le32(get_unaligned_le32(req) + 1, cl->want);
		cl->want_len = sizeof(__le32);
	} else if (cl->kind == MEFW_CLIENT_MKHI && req_len >= 2) {
		/* MKHI: the group, the command with the response bit */
		cl->want[0] = req[0];
		cl->want[1] = req[1] | MEFW_MKHI_RESPONSE;
		cl->want_len = 2;
	}
}

/*
 * A wait ended without its reply (timeout, signal, abort): the reply may
 * still come, and one with the same key would be taken by the next
 * request.  Drop the connection (the next exchange connects again),
 * unless the firmware keeps an update's state on it: then the update
 * resets the connection itself when it ends, and a late reply of another
 * request is dropped by its key.
 */
static void mefw_heci_abandon(struct mefw_client *cl)
{
	if (cl->session || READ_ONCE(cl->dead))
		return;
	dev_dbg(&cl->cldev->dev, "request abandoned: reconnecting\n");
	mefw_heci_disconnect(cl);
	mefw_heci_reset_state(cl);
}

static ssize_t __mefw_heci_xfer(struct mefw_client *cl, const void *req,
				size_t req_len, void *rep, size_t rep_size,
				const bool *abort, bool killable)
{
	unsigned long timeout;
	ssize_t ret = 0;
	long left;

	lockdep_assert_held(&cl->io_lock);

	if (req_len > cl->mtu)
		return -EMSGSIZE;

	spin_lock(&cl->lock);
	if (cl->dead)
		ret = -ENODEV;
	else if (cl->tx_busy)
		ret = -EBUSY;
	spin_unlock(&cl->lock);
	if (ret)
		return ret;

	/* dropped by an abandoned request of this conversation */
	ret = mefw_heci_connect(cl);
	if (ret)
		return ret;

	/* tx_work is idle: it only runs while tx_busy */
	memcpy(cl->tx_buf, req, req_len);
	cl->tx_len = req_len;

	spin_lock(&cl->lock);
	mefw_reply_key(cl, req, req_len);
	cl->expecting = true;
	cl->rx_ready = false;
	cl->tx_err = 0;
	cl->tx_busy = true;
	spin_unlock(&cl->lock);

	queue_work(mefw_tx_wq, &cl->tx_work);

	timeout = msecs_to_jiffies(READ_ONCE(mefw_reply_timeout_ms));
	if (killable)
		left = wait_event_killable_timeout(cl->wait,
						   mefw_xfer_done(cl, abort),
						   timeout);
	else
		left = wait_event_interruptible_timeout(cl->wait,
							mefw_xfer_done(cl, abort),
							timeout);

	spin_lock(&cl->lock);
	cl->expecting = false;
	if (cl->dead) {
		ret = -ENODEV;
	} else if (abort && READ_ONCE(*abort)) {
		ret = -ECANCELED;
	} else if (cl->rx_ready && !cl->tx_busy) {
		ret = min(cl->reply_len, rep_size);
		memcpy(rep, cl->reply, ret);
	} else if (cl->tx_err) {
		/* -EFAULT from the mei core means the link went down */
		ret = cl->tx_err == -EFAULT ? -ENOLINK : cl->tx_err;
	} else if (left < 0) {
		ret = left;
	} else {
		ret = -ETIMEDOUT;
	}
	cl->rx_ready = false;
	spin_unlock(&cl->lock);

	/* not removed, but the firmware closed the connection */
	if ((ret == -ENODEV || ret == -ETIMEDOUT) && !READ_ONCE(cl->dead) &&
	    !mei_cldev_enabled(cl->cldev))
		ret = -ECONNRESET;

	if (ret == -ETIMEDOUT)
		dev_warn_ratelimited(&cl->cldev->dev,
				     "no reply within %u ms\n",
				     READ_ONCE(mefw_reply_timeout_ms));
	if (ret == -ETIMEDOUT || ret == -ECANCELED || ret == -ERESTARTSYS ||
	    ret == -EINTR)
		mefw_heci_abandon(cl);

	return ret;
}

/**
 * mefw_heci_xfer() - send one request and wait for one reply
 * @cl: the client, inside mefw_heci_begin()/mefw_heci_end()
 * @req: the request
 * @req_len: its length, at most the client's MTU
 * @rep: buffer for the reply
 * @rep_size: size of @rep; a longer reply is truncated
 * @abort: optional flag of the caller's owner; when it becomes true (and
 *	the client is woken) the wait ends with -ECANCELED
 *
 * Waits interruptibly, at most reply_timeout_ms, for the reply to @req:
 * one whose first bytes name the request (FWU: id + 1; MKHI: the group
 * and the command | 0x80).  Any other message is dropped, counted and
 * logged.  After a wait that ended without its reply the connection is
 * dropped (see mefw_heci_abandon()) so that a late reply cannot reach
 * the next request.  The reply is not otherwise validated: that is the
 * protocol layer's job.
 *
 * Return: the number of bytes copied to @rep (the reply length, or
 * @rep_size if the reply was longer), or -ENODEV (client gone),
 * -ECANCELED (*@abort set),
 * -ETIMEDOUT, -ERESTARTSYS, -EBUSY (an earlier request is still stuck in
 * the mei core), -EMSGSIZE (request longer than the MTU), -EIO (send
 * failed), -ECONNRESET (the firmware closed the connection; the next
 * mefw_heci_begin() connects again).
 */
ssize_t mefw_heci_xfer(struct mefw_client *cl, const void *req,
		       size_t req_len, void *rep, size_t rep_size,
		       const bool *abort)
{
	ssize_t ret;

	ret = __mefw_heci_xfer(cl, req, req_len, rep, rep_size, abort, false);
	return ret == -ENOLINK ? -EIO : ret;
}

/**
 * mefw_heci_xfer_killable() - mefw_heci_xfer(), only fatal signals end it
 * @cl: the client, inside mefw_heci_begin()/mefw_heci_end()
 * @req: the request
 * @req_len: its length, at most the client's MTU
 * @rep: buffer for the reply
 * @rep_size: size of @rep; a longer reply is truncated
 * @abort: optional abort flag, as for mefw_heci_xfer()
 *
 * For the update conversation, where a request abandoned in the middle
 * leaves the firmware in an unknown state: a harmless signal must not
 * do that.
 *
 * Return: as mefw_heci_xfer(), except that a send failing because the
 * link went down (the ME reset) is -ENOLINK instead of -EIO.
 */
ssize_t mefw_heci_xfer_killable(struct mefw_client *cl, const void *req,
				size_t req_len, void *rep, size_t rep_size,
				const bool *abort)
{
	return __mefw_heci_xfer(cl, req, req_len, rep, rep_size, abort, true);
}

/**
 * mefw_heci_reconnect() - drop the connection and connect again
 * @cl: the client, inside mefw_heci_begin()/mefw_heci_end()
 *
 * The firmware forgets the state of the conversation (an unfinished
 * update) when the host disconnects.  A reply in flight is lost.
 *
 * Return: 0, or the error of connecting (the next mefw_heci_begin()
 * tries again).
 */
int mefw_heci_reconnect(struct mefw_client *cl)
{
	lockdep_assert_held(&cl->io_lock);

	mefw_heci_disconnect(cl);
	mefw_heci_reset_state(cl);
	return mefw_heci_connect(cl);
}

/**
 * mefw_heci_init() - module init of the conversation layer
 *
 * Return: 0 or -ENOMEM.
 */
int mefw_heci_init(void)
{
	mefw_tx_wq = alloc_workqueue("mefw_tx", 0, 0);
	return mefw_tx_wq ? 0 : -ENOMEM;
}

/**
 * mefw_heci_exit() - module exit of the conversation layer
 */
void mefw_heci_exit(void)
{
	destroy_workqueue(mefw_tx_wq);
}
