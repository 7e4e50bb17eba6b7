// SPDX-License-Identifier: GPL-2.0
/*
 * mefw - registry of management engines
 *
 * The FWUpdate and MKHI clients of one ME are two mei bus devices with the
 * same parent (the mei host device).  They probe and are removed
 * independently, in any order; struct mefw_me pairs them so the FWUpdate
 * side can ask MKHI.  An entry lives as long as a client of its ME is
 * bound (each binding holds a reference).
 */
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mefw_drv.h"
#include "mefw_update.h"

static LIST_HEAD(mefw_mes);
static DEFINE_MUTEX(mefw_mes_lock);	/* protects mefw_mes */

/**
 * mefw_me_get() - find or create the ME of a mei host device
 * @parent: the mei host device (cldev->dev.parent)
 *
 * Return: the ME with a new reference, or NULL when out of memory.
 */
struct mefw_me *mefw_me_get(struct device *parent)
{
	struct mefw_me *me;

	mutex_lock(&mefw_mes_lock);
	list_for_each_entry(me, &mefw_mes, node) {
		if (me->parent == parent) {
			kref_get(&me->kref);
			goto out;
		}
	}

	me = kzalloc(sizeof(*me), GFP_KERNEL);
	if (!me)
		goto out;
	kref_init(&me->kref);
	me->parent = parent;
	mutex_init(&me->lock);
	init_waitqueue_head(&me->query_wait);
	list_add(&me->node, &mefw_mes);
out:
	mutex_unlock(&mefw_mes_lock);
	return me;
}

/* called with mefw_mes_lock held; drops it */
static void mefw_me_release(struct kref *kref)
{
	struct mefw_me *me = container_of(kref, struct mefw_me, kref);

	list_del(&me->node);
	mutex_unlock(&mefw_mes_lock);

	WARN_ON(me->fwu || me->mkhi || me->upd);
	put_device(me->mei_dev);
	kfree(me);
}

/**
 * mefw_me_put() - drop a reference on an ME
 * @me: the ME, may be NULL
 */
void mefw_me_put(struct mefw_me *me)
{
	if (me)
		kref_put_mutex(&me->kref, mefw_me_release, &mefw_mes_lock);
}

/**
 * mefw_me_attach() - make a client known to its ME
 * @me: the ME
 * @cl: its FWUpdate or MKHI client
 */
void mefw_me_attach(struct mefw_me *me, struct mefw_client *cl)
{
	mutex_lock(&me->lock);
	if (cl->kind == MEFW_CLIENT_FWU) {
		WARN_ON(me->fwu);
		me->fwu = cl;
		me->fwu_gen++;
	} else {
		WARN_ON(me->mkhi);
		me->mkhi = cl;
	}
	mutex_unlock(&me->lock);
}

/**
 * mefw_me_detach() - forget a client that is being removed
 * @me: the ME
 * @cl: the client
 */
void mefw_me_detach(struct mefw_me *me, struct mefw_client *cl)
{
	mutex_lock(&me->lock);
	if (me->fwu == cl)
		me->fwu = NULL;
	if (me->mkhi == cl)
		me->mkhi = NULL;
	mutex_unlock(&me->lock);
}

/**
 * mefw_me_get_mkhi() - the MKHI client of an ME
 * @me: the ME
 *
 * Return: the client with a new reference (mefw_client_put() it), or
 * NULL when the ME has no bound MKHI client.
 */
struct mefw_client *mefw_me_get_mkhi(struct mefw_me *me)
{
	struct mefw_client *cl;

	mutex_lock(&me->lock);
	cl = me->mkhi;
	if (cl)
		mefw_client_get(cl);
	mutex_unlock(&me->lock);

	return cl;
}

/**
 * mefw_me_wake() - wake the waiters of the ME's MKHI client
 * @me: the ME
 *
 * Used when the FWUpdate side goes away while it waits for MKHI: its
 * abort flag is set, this makes the wait notice.
 */
void mefw_me_wake(struct mefw_me *me)
{
	mutex_lock(&me->lock);
	if (me->mkhi)
		mefw_client_wake(me->mkhi);
	mutex_unlock(&me->lock);
	wake_up_all(&me->query_wait);
}

static int mefw_match_mei_class(struct device *dev, void *data)
{
	return dev->class && !strcmp(dev->class->name, "mei");
}

/*
 * @me->lock held.  The cached class device is dropped once it is no
 * longer registered: the host was unbound and may have come back with a
 * new one (same parent).
 */
static struct device *mefw_me_mei_dev_locked(struct mefw_me *me)
{
	lockdep_assert_held(&me->lock);

	if (me->mei_dev && !device_is_registered(me->mei_dev)) {
		put_device(me->mei_dev);
		me->mei_dev = NULL;
	}
	if (!me->mei_dev)
		me->mei_dev = device_find_child(me->parent, NULL,
						mefw_match_mei_class);
	return me->mei_dev;
}

/**
 * mefw_me_get_mei_dev() - the mei class device of an ME
 * @me: the ME; a client of it must be bound (it pins @me->parent)
 *
 * The mei core registers its class device (/sys/class/mei/meiN) as a child
 * of the host device, possibly after the bus devices probed; look it up
 * lazily and keep a reference until the ME goes away.
 *
 * Return: the device with a new reference (put_device() it), or NULL
 * when it does not exist (yet).
 */
struct device *mefw_me_get_mei_dev(struct mefw_me *me)
{
	struct device *dev;

	mutex_lock(&me->lock);
	dev = mefw_me_mei_dev_locked(me);
	get_device(dev);
	mutex_unlock(&me->lock);

	return dev;
}

/**
 * mefw_me_ref() - take another reference on an ME
 * @me: the ME
 */
void mefw_me_ref(struct mefw_me *me)
{
	kref_get(&me->kref);
}

/**
 * mefw_me_get_fwu_gen() - the FWUpdate client of an ME and its generation
 * @me: the ME
 * @gen: set to the number of FWUpdate bindings so far; it changes when
 *	the ME comes back after a reset
 *
 * Return: the client with a new reference, or NULL when none is bound.
 */
struct mefw_client *mefw_me_get_fwu_gen(struct mefw_me *me, unsigned int *gen)
{
	struct mefw_client *cl;

	mutex_lock(&me->lock);
	cl = me->fwu;
	if (cl)
		mefw_client_get(cl);
	*gen = me->fwu_gen;
	mutex_unlock(&me->lock);

	return cl;
}

/**
 * mefw_me_regs_read() - read the status registers, if that is safe now
 * @me: the ME
 * @regs: filled in
 *
 * The mei device may only be used while a client of the ME is bound:
 * holding @me->lock keeps the client bound (remove() detaches under it).
 *
 * Return: 0, -ENODEV when no client is bound (the ME is resetting or
 * gone), or an error of mefw_regs_read_dev().
 */
int mefw_me_regs_read(struct mefw_me *me, struct mefw_regs *regs)
{
	struct device *dev;
	int ret = -ENODEV;

	mutex_lock(&me->lock);
	if (me->fwu || me->mkhi) {
		dev = mefw_me_mei_dev_locked(me);
		ret = dev ? mefw_regs_read_dev(dev, regs) : -EAGAIN;
	}
	mutex_unlock(&me->lock);

	return ret;
}

/**
 * mefw_me_claim_update() - make a transaction the one of its ME
 * @me: the ME
 * @upd: the transaction; the registry takes a reference
 *
 * Once claimed, no new status query talks to the ME (see
 * mefw_me_query_begin()); the transaction's first message waits for the
 * queries in progress (mefw_me_wait_queries()).
 *
 * Return: 0, or -EBUSY when the ME has a transaction already.
 */
int mefw_me_claim_update(struct mefw_me *me, struct mefw_update *upd)
{
	int ret = 0;

	mutex_lock(&me->lock);
	if (me->upd) {
		ret = -EBUSY;
	} else {
		mefw_update_get(upd);
		me->upd = upd;
	}
	mutex_unlock(&me->lock);
	return ret;
}

/*
 * A wait_event() condition: it runs with the task already not running, so
 * it may not sleep (no @me->lock).  @me->queries only changes under
 * @me->lock and, once a transaction owns @me, only goes down.
 */
static bool mefw_me_queries_done(struct mefw_me *me)
{
	return !READ_ONCE(me->queries);
}

/**
 * mefw_me_wait_queries() - wait for the status queries in progress
 * @me: the ME
 * @upd: the transaction that claimed @me
 *
 * They end within their reply timeouts, and no new one starts once @upd
 * owns @me, so nothing but the transaction's own messages reaches the ME
 * after this.  A cancel (@upd->abort, woken by mefw_me_wake()) ends the
 * wait at once.
 *
 * Return: 0, -ECANCELED when @upd was aborted, -EINTR on a fatal signal.
 */
int mefw_me_wait_queries(struct mefw_me *me, struct mefw_update *upd)
{
	if (wait_event_killable(me->query_wait, mefw_me_queries_done(me) ||
				READ_ONCE(upd->abort)))
		return -EINTR;
	return READ_ONCE(upd->abort) ? -ECANCELED : 0;
}

/**
 * mefw_me_release_update() - a transaction became final
 * @me: the ME
 * @upd: the transaction; the registry's reference is dropped (the
 *	caller holds another one)
 * @state: its final state, remembered for sysfs
 */
void mefw_me_release_update(struct mefw_me *me, struct mefw_update *upd,
			    u32 state)
{
	bool put = false;

	mutex_lock(&me->lock);
	if (me->upd == upd) {
		me->upd = NULL;
		me->upd_state = state;
		put = true;
	}
	mutex_unlock(&me->lock);

	if (put)
		mefw_update_put(upd);
}

/**
 * mefw_me_get_update() - the transaction of an ME
 * @me: the ME
 *
 * Return: the transaction with a new reference, or NULL.
 */
struct mefw_update *mefw_me_get_update(struct mefw_me *me)
{
	struct mefw_update *upd;

	mutex_lock(&me->lock);
	upd = me->upd;
	if (upd)
		mefw_update_get(upd);
	mutex_unlock(&me->lock);

	return upd;
}

/**
 * mefw_me_update_state() - state of the ME's transaction, for sysfs
 * @me: the ME
 *
 * Return: the MEFW_STATE_* of the running transaction, else the final
 * state of the last one, else MEFW_STATE_IDLE.
 */
u32 mefw_me_update_state(struct mefw_me *me)
{
	u32 state;

	mutex_lock(&me->lock);
	state = me->upd ? mefw_update_get_state(me->upd) : me->upd_state;
	mutex_unlock(&me->lock);

	return state;
}

/**
 * mefw_me_query_begin() - may a status query talk to the ME now?
 * @me: the ME
 *
 * While an update transaction owns the ME (from BEGIN until it is
 * final) no status query reaches it: FWUpdLcl sends nothing but the
 * update's own messages then, and how firmware takes other requests in
 * the middle of an update is unknown.  An allowed query holds off the
 * next BEGIN until mefw_me_query_end().
 *
 * Return: 0 (then call mefw_me_query_end()), -EBUSY while a transaction
 * owns the ME.
 */
int mefw_me_query_begin(struct mefw_me *me)
{
	int ret = 0;

	mutex_lock(&me->lock);
	if (me->upd && !mefw_state_final(mefw_update_get_state(me->upd)))
		ret = -EBUSY;
	else
		WRITE_ONCE(me->queries, me->queries + 1);
	mutex_unlock(&me->lock);
	return ret;
}

/**
 * mefw_me_query_end() - a query allowed by mefw_me_query_begin() ended
 * @me: the ME
 */
void mefw_me_query_end(struct mefw_me *me)
{
	bool last;

	mutex_lock(&me->lock);
	WRITE_ONCE(me->queries, me->queries - 1);
	last = !me->queries;
	mutex_unlock(&me->lock);
	if (last)
		wake_up_all(&me->query_wait);
}

/**
 * mefw_me_kill_updates() - module exit: fail every remaining transaction
 *
 * After the driver is unregistered only MEs whose clients were absent
 * (resetting) can still have one.
 */
void mefw_me_kill_updates(void)
{
	struct mefw_update *upd;
	struct mefw_me *me;

	for (;;) {
		upd = NULL;
		mutex_lock(&mefw_mes_lock);
		list_for_each_entry(me, &mefw_mes, node) {
			upd = mefw_me_get_update(me);
			if (upd)
				break;
		}
		mutex_unlock(&mefw_mes_lock);
		if (!upd)
			break;
		mefw_update_kill(upd);
		mefw_update_put(upd);
	}
}
