// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the identity of a parsed image as InspectImage dictionary
 * entries (the table: image_identity.c).  In a file of its own so that
 * only programs that speak D-Bus link sd-bus for it.
 */
#include <systemd/sd-bus.h>

#include "image_identity.h"

static int append_entry(const struct mefw_ident_field *f, const struct mefw_ident_value *v,
			void *ud)
{
	sd_bus_message *m = ud;

	if (f->dbus_type == 't')
		return sd_bus_message_append(m, "{sv}", f->dbus, "t",
					     (uint64_t)(v->present ? v->n : 0));
	return sd_bus_message_append(m, "{sv}", f->dbus, "s",
				     v->present ? v->s : "");
}

int mefw_image_identity_dbus(struct sd_bus_message *m, const struct mefw_image *img)
{
	return mefw_image_identity_walk(img, offsetof(struct mefw_ident_field, dbus),
					append_entry, m);
}
