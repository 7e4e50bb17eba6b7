/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmefw: walking an a{sv} dictionary of mefwd's D-Bus API (options of
 * RequestUpdate, properties of a Transaction, the InspectImage answer),
 * one entry at a time.  In a file of its own so that only programs that
 * speak D-Bus link sd-bus for it.
 */
#ifndef MEFW_BUS_DICT_H
#define MEFW_BUS_DICT_H

struct sd_bus_message;

/*
 * Reads the value of one entry: @m is positioned at the variant, whose
 * contents are @contents.  1 when it read the variant, 0 to skip it, or
 * a negative errno, which ends the walk.
 */
typedef int (*mefw_bus_dict_fn)(struct sd_bus_message *m, const char *key,
				const char *contents, void *ctx);

/* every entry of the a{sv} at @m through @fn; 0 or a negative errno */
int mefw_bus_dict_walk(struct sd_bus_message *m, mefw_bus_dict_fn fn, void *ctx);

#endif /* MEFW_BUS_DICT_H */
