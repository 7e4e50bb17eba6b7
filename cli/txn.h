/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwctl: one update transaction as mefwd describes it (the properties of
 * org.mefw1.Transaction), decoded from the a{sv} dictionaries of
 * GetTransaction / GetQueue / GetHistory / PropertiesChanged, and turned
 * into JSON, by the table of lib/mefw_txn.h.
 */
#ifndef MEFWCTL_TXN_H
#define MEFWCTL_TXN_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>
#include <systemd/sd-bus.h>

#include "mefw_txn.h"

/* an empty snapshot: all zero, ETA -1 and state unknown (not received) */
void mefwctl_txn_init(struct mefw_txn *t);

/**
 * struct mefwctl_dict_key - one key of an a{sv} dictionary of mefwd
 * @dbus: the D-Bus key
 * @json: JSON key of mefwctl's output (NULL when not printed)
 * @type: D-Bus type: 't', 'u', 'i', 'b' or 's'
 * @off: offset of the member in the destination struct
 * @size: size of the member (strings: of the array)
 */
struct mefwctl_dict_key {
	const char *dbus;
	const char *json;
	char type;
	size_t off;
	size_t size;
};

/*
 * Read an a{sv} dictionary into the struct at @base: each key of @keys
 * (@n of them) found with the expected type into its member, strings cut
 * at the member's size; other keys and types are skipped.  0 or a
 * negative errno.
 */
int mefwctl_dict_read(sd_bus_message *m, const struct mefwctl_dict_key *keys,
		      size_t n, void *base);

/*
 * Read one a{sv} dictionary from @m (positioned before it) into @t:
 * known keys with the expected type update @t, unknown keys and keys of
 * another type are skipped (a newer mefwd may add some).  Keys absent
 * from the dictionary leave @t unchanged, so PropertiesChanged can be
 * applied to a snapshot.  A State that is not one of MEFW_TS_* reads as
 * MEFW_TXN_STATE_COUNT ("unknown").  0 or a negative errno.
 */
int mefwctl_txn_read(sd_bus_message *m, struct mefw_txn *t);

/*
 * Read an aa{sv} array (GetQueue, GetHistory) into a malloc()ed array of
 * snapshots: *@out (NULL when empty), the count, or a negative errno.
 */
int mefwctl_txn_read_array(sd_bus_message *m, struct mefw_txn **out);

/* State is succeeded, needs-reboot, failed or cancelled */
bool mefwctl_txn_final(const struct mefw_txn *t);

/*
 * The exit status for a transaction that ended in @t->state: 0 succeeded
 * or needs-reboot, 3 failed, 5 cancelled, 1 for anything else.
 */
int mefwctl_txn_exit_code(const struct mefw_txn *t);

/*
 * JSON object of @t, keys = property names in snake_case ("id",
 * "image_version", "eta_seconds" ...).  NULL when out of memory.
 */
struct json_object *mefwctl_txn_to_json(const struct mefw_txn *t);

#endif /* MEFWCTL_TXN_H */
