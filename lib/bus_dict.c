// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the walk over an a{sv} dictionary (mefw_bus_dict.h).
 */
#include <systemd/sd-bus.h>

#include "mefw_bus_dict.h"

/* one {sv} entry, entered: its key, then @fn or a skip of the variant */
static int dict_entry(sd_bus_message *m, mefw_bus_dict_fn fn, void *ctx)
{
	const char *key, *contents;
	int r;

	r = sd_bus_message_read_basic(m, 's', &key);
	if (r >= 0)
		r = sd_bus_message_peek_type(m, NULL, &contents);
	if (r >= 0)
		r = fn(m, key, contents, ctx);
	if (r == 0)
		r = sd_bus_message_skip(m, "v");
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	return r;
}

int mefw_bus_dict_walk(sd_bus_message *m, mefw_bus_dict_fn fn, void *ctx)
{
	int r;

	r = sd_bus_message_enter_container(m, 'a', "{sv}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = dict_entry(m, fn, ctx);
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}
