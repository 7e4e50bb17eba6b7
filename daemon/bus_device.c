// SPDX-License-Identifier: GPL-2.0
/* org.mefw1.Device objects (/org/mefw1/device/<name>) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "daemon.h"
#include "mefw_dbus.h"

static int prop_get(sd_bus *bus, const char *path, const char *interface,
		    const char *property, sd_bus_message *reply, void *userdata,
		    sd_bus_error *error)
{
	struct dev *v = userdata;
	struct daemon *d;

	(void)bus;
	(void)path;
	(void)interface;
	(void)error;
	if (!strcmp(property, "Name"))
		return sd_bus_message_append(reply, "s", v->name);
	if (!strcmp(property, "FirmwareVersion"))
		return sd_bus_message_append(reply, "s", v->version);
	if (!strcmp(property, "Family"))
		return sd_bus_message_append(reply, "s", v->family);
	if (!strcmp(property, "Present"))
		return sd_bus_message_append(reply, "b", (int)v->present);
	/* Busy: the device's daemon is in the path's userdata chain */
	d = v->owner;
	return sd_bus_message_append(reply, "b", d && txn_active_on(d->txns, v->name) ? 1 : 0);
}

static int method_get_status(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct dev *v = userdata;

	(void)error;
	return bus_get_status(v->owner, m, v->name);
}

#define P(name, sig) SD_BUS_PROPERTY(name, sig, prop_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE)

static const sd_bus_vtable device_vtable[] = {
	SD_BUS_VTABLE_START(0),
	P("Name", "s"),
	P("FirmwareVersion", "s"),
	P("Family", "s"),
	P("Present", "b"),
	P("Busy", "b"),
	SD_BUS_METHOD_WITH_ARGS("GetStatus", SD_BUS_NO_ARGS, SD_BUS_RESULT("s", json),
				method_get_status, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_VTABLE_END
};

static int dev_find_cb(sd_bus *bus, const char *path, const char *interface,
		       void *userdata, void **found, sd_bus_error *error)
{
	const char *prefix = MEFW_DEVICE_PREFIX "/";
	struct dev *v;

	(void)bus;
	(void)interface;
	(void)error;
	if (strncmp(path, prefix, strlen(prefix)))
		return 0;
	v = dev_find(userdata, path + strlen(prefix));
	if (!v)
		return 0;
	*found = v;
	return 1;
}

static int dev_enum(sd_bus *bus, const char *prefix, void *userdata,
		    char ***nodes, sd_bus_error *error)
{
	struct daemon *d = userdata;
	size_t n = 0, i = 0;
	struct dev *v;
	char **out;

	(void)bus;
	(void)prefix;
	(void)error;
	for (v = d->devs; v; v = v->next)
		n++;
	out = calloc(n + 1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	for (v = d->devs; v; v = v->next) {
		if (asprintf(&out[i], MEFW_DEVICE_PREFIX "/%s", v->name) < 0) {
			while (i)
				free(out[--i]);
			free(out);
			return -ENOMEM;
		}
		i++;
	}
	*nodes = out;
	return 1;
}

int bus_device_setup(struct daemon *d)
{
	int r;

	r = sd_bus_add_fallback_vtable(d->bus, NULL, MEFW_DEVICE_PREFIX, MEFW_DEVICE_IFACE,
				       device_vtable, dev_find_cb, d);
	if (r < 0)
		return r;
	return sd_bus_add_node_enumerator(d->bus, NULL, MEFW_DEVICE_PREFIX, dev_enum, d);
}

void bus_device_emit_changed(struct daemon *d, struct dev *v)
{
	char p[96];

	if (!d->bus || !v)
		return;
	snprintf(p, sizeof(p), MEFW_DEVICE_PREFIX "/%s", v->name);
	sd_bus_emit_properties_changed_strv(d->bus, p, MEFW_DEVICE_IFACE, NULL);
}
