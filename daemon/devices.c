// SPDX-License-Identifier: GPL-2.0
/*
 * ME devices: sd_device_enumerator at start (subsystem "mefw"), then
 * sd_device_monitor add/remove events (from udevd).  A device that goes
 * away (the ME resets after an update) stays known as not present; its
 * transactions follow it by name.  The identity (version, family, the
 * compatibility identity) is read in a thread; the whole status report
 * is kept for GetStatus while a transaction owns the device.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"
#include "mefw_ident.h"

struct dev *dev_find(struct daemon *d, const char *name)
{
	struct dev *v;

	for (v = d->devs; v; v = v->next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

struct dev *dev_resolve(struct daemon *d, const char *name)
{
	struct dev *v;

	if (name && name[0]) {
		if (!strncmp(name, "/dev/", 5))
			name += 5;
		return dev_find(d, name);
	}
	/* the list is kept sorted: the first present one */
	for (v = d->devs; v; v = v->next)
		if (v->present)
			return v;
	/*
	 * None present: the first known one.  An ME resets after an update
	 * (removed, added again under its name a moment later); a request
	 * made meanwhile is for it, and its worker waits for it (15 s).
	 */
	return d->devs;
}

/* "mefw2" < "mefw10": by length, then by text */
static int name_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

struct dev *dev_get(struct daemon *d, const char *name)
{
	struct dev **pp = &d->devs, *v;

	v = dev_find(d, name);
	if (v)
		return v;
	if (strlen(name) >= MEFW_NAME_MAX || strchr(name, '/'))
		return NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	snprintf(v->name, sizeof(v->name), "%s", name);
	v->owner = d;
	snprintf(v->family, sizeof(v->family), "unknown");
	while (*pp && name_cmp((*pp)->name, name) < 0)
		pp = &(*pp)->next;
	v->next = *pp;
	*pp = v;
	return v;
}

struct refresh_job {
	struct daemon *d;
	struct dev *v;
	char root[64];
	char name[MEFW_NAME_MAX];
	struct mefw_report r;
	int ret;
	struct mefw_error err;
};

static void refresh_work(void *ctx)
{
	struct refresh_job *j = ctx;
	struct mefw_dev_entry dev;

	j->ret = mefw_device_resolve(j->root, j->name, &dev, &j->err);
	if (!j->ret)
		j->ret = mefw_report_from_device(j->root, &dev, &j->r, &j->err);
}

void dev_set_report(struct dev *v, const struct mefw_report *r)
{
	if (!v->report)
		v->report = malloc(sizeof(*v->report));
	if (v->report)
		*v->report = *r;
}

static void refresh_done(void *ctx)
{
	struct refresh_job *j = ctx;
	struct dev *v = j->v;
	struct daemon *d = j->d;

	v->refreshing = false;
	if (!j->ret) {
		struct mefw_device_ident id;

		if (!mefw_device_ident_from_report(&j->r, &id, NULL)) {
			v->ident = id;
			v->have_ident = true;
			snprintf(v->version, sizeof(v->version), "%u.%u.%u.%u", id.major,
				 id.minor, id.hotfix, id.build);
		}
		snprintf(v->family, sizeof(v->family), "%s", mefw_family_key(j->r.family));
		dev_set_report(v, &j->r);
	} else if (!d->exiting) {
		log_msg(LOG_WARNING, "%s: cannot read the identity: %s", j->name, j->err.msg);
	}
	free(j);
	if (d->exiting)
		return;
	bus_device_emit_changed(d, v);
	if (v->refresh_again) {
		v->refresh_again = false;
		dev_refresh(d, v);
	}
}

void dev_refresh(struct daemon *d, struct dev *v)
{
	struct refresh_job *j;

	if (v->refreshing) {
		v->refresh_again = true;
		return;
	}
	/* the worker owns an ME that updates; refreshed when it ends */
	if (txn_active_on(d->txns, v->name) || !v->present)
		return;
	j = calloc(1, sizeof(*j));
	if (!j)
		return;
	j->d = d;
	j->v = v;
	snprintf(j->root, sizeof(j->root), "%s", d->sysroot);
	snprintf(j->name, sizeof(j->name), "%s", v->name);
	if (async_run(&d->async, refresh_work, refresh_done, j) < 0) {
		free(j);
		return;
	}
	v->refreshing = true;
}

void dev_refresh_now(struct daemon *d, struct dev *v)
{
	struct refresh_job *j = calloc(1, sizeof(*j));

	if (!j)
		return;
	j->d = d;
	j->v = v;
	snprintf(j->root, sizeof(j->root), "%s", d->sysroot);
	snprintf(j->name, sizeof(j->name), "%s", v->name);
	v->refreshing = true;
	refresh_work(j);
	refresh_done(j);
}

static void dev_added(struct daemon *d, const char *name)
{
	struct dev *v = dev_get(d, name);

	if (!v)
		return;
	v->present = true;
	dev_refresh(d, v);
	bus_device_emit_changed(d, v);
	daemon_kick(d);
}

static int on_uevent(sd_device_monitor *m, sd_device *device, void *userdata)
{
	struct daemon *d = userdata;
	sd_device_action_t a;
	const char *name;
	struct dev *v;

	(void)m;
	if (sd_device_get_sysname(device, &name) < 0 ||
	    sd_device_get_action(device, &a) < 0)
		return 0;
	if (a == SD_DEVICE_ADD || a == SD_DEVICE_CHANGE || a == SD_DEVICE_BIND) {
		dev_added(d, name);
	} else if (a == SD_DEVICE_REMOVE) {
		v = dev_find(d, name);
		if (v) {
			v->present = false;
			bus_device_emit_changed(d, v);
		}
	}
	return 0;
}

int devices_start(struct daemon *d)
{
	sd_device_enumerator *e = NULL;
	sd_device *dev;
	int r;

	if (!d->run_scheduled) {
		/* monitor first: no add may fall between enumeration and monitor */
		r = sd_device_monitor_new(&d->monitor);
		if (r >= 0)
			r = sd_device_monitor_filter_add_match_subsystem_devtype(d->monitor,
										 "mefw", NULL);
		if (r >= 0)
			r = sd_device_monitor_attach_event(d->monitor, d->event);
		if (r >= 0)
			r = sd_device_monitor_start(d->monitor, on_uevent, d);
		if (r < 0) {
			log_msg(LOG_WARNING, "no device hotplug (sd_device_monitor: %s)",
				strerror(-r));
			d->monitor = sd_device_monitor_unref(d->monitor);
		}
	}
	r = sd_device_enumerator_new(&e);
	if (r >= 0)
		r = sd_device_enumerator_add_match_subsystem(e, "mefw", true);
	if (r < 0) {
		sd_device_enumerator_unref(e);
		return r;
	}
	for (dev = sd_device_enumerator_get_device_first(e); dev;
	     dev = sd_device_enumerator_get_device_next(e)) {
		const char *name;

		if (sd_device_get_sysname(dev, &name) >= 0) {
			struct dev *v = dev_get(d, name);

			if (v)
				v->present = true;
		}
	}
	sd_device_enumerator_unref(e);
	return 0;
}

void devices_stop(struct daemon *d)
{
	struct dev *v;

	d->monitor = sd_device_monitor_unref(d->monitor);
	while ((v = d->devs)) {
		d->devs = v->next;
		free(v->report);
		free(v);
	}
}
