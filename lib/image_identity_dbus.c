// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the identity of a parsed image as InspectImage dictionary
 * entries (the table: image_identity.c).  In a file of its own so that
 * only programs that speak D-Bus link sd-bus for it.
 */
#include <string.h>

#include <systemd/sd-bus.h>

#include "image_identity.h"

static int append_entry(sd_bus_message *m, const struct mefw_ident_field *f,
			const struct mefw_ident_value *v)
{
	if (f->dbus_type == 't')
		return sd_bus_message_append(m, "{sv}", f->dbus, "t",
					     (uint64_t)(v->present ? v->n : 0));
	return sd_bus_message_append(m, "{sv}", f->dbus, "s",
				     v->present ? v->s : "");
}

int mefw_image_identity_dbus(struct sd_bus_message *m, const struct mefw_image *img)
{
	const struct mefw_ident_field *f;
	struct mefw_ident_value v;
	size_t i, n;
	int r;

	f = mefw_image_identity_fields(&n);
	for (i = 0; i < n; i++) {
		if (!f[i].dbus)
			continue;
		memset(&v, 0, sizeof(v));
		f[i].get(img, &v);
		r = append_entry(m, &f[i], &v);
		if (r < 0)
			return r;
	}
	return 0;
}
