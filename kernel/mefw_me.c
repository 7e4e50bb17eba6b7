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
#include <linux/slab.h>
#include <linux/string.h>

#include "mefw_drv.h"

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

	WARN_ON(me->fwu || me->mkhi);
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
}

static int mefw_match_mei_class(struct device *dev, void *data)
{
	return dev->class && !strcmp(dev->class->name, "mei");
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
	if (!me->mei_dev)
		me->mei_dev = device_find_child(me->parent, NULL,
						mefw_match_mei_class);
	dev = get_device(me->mei_dev);
	mutex_unlock(&me->lock);

	return dev;
}
