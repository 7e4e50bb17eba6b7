/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwctl: one update transaction as mefwd describes it (the properties of
 * org.mefw1.Transaction), decoded from the a{sv} dictionaries of
 * GetTransaction / GetQueue / GetHistory / PropertiesChanged, and turned
 * into JSON.  One table names every property once.
 */
#ifndef MEFWCTL_TXN_H
#define MEFWCTL_TXN_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>
#include <systemd/sd-bus.h>

#include "mefw.h"

#define MEFWCTL_TXN_STR_MAX 32
#define MEFWCTL_TXN_MSG_MAX 512

/**
 * struct mefwctl_txn - a snapshot of one transaction (fields = D-Bus
 * properties of org.mefw1.Transaction, see Documentation/dbus-api.md)
 *
 * Strings longer than their array are cut; versions, states and hashes
 * always fit.
 */
struct mefwctl_txn {
	uint64_t id;
	char device[MEFW_NAME_MAX];
	char state[MEFWCTL_TXN_STR_MAX];
	uint32_t requester;
	uint64_t image_size;
	char image_sha256[72];
	char image_version[MEFWCTL_TXN_STR_MAX];
	char previous_version[MEFWCTL_TXN_STR_MAX];
	char new_version[MEFWCTL_TXN_STR_MAX];
	bool allow_same_version;
	bool at_boot;
	uint64_t bytes_sent;
	uint32_t percent;
	uint32_t stage;
	uint32_t total_stages;
	uint64_t speed_bps;
	int32_t eta_seconds;
	uint32_t code;
	char message[MEFWCTL_TXN_MSG_MAX];
	uint32_t fw_status;
	uint32_t reset_type;
	char verdict[MEFWCTL_TXN_STR_MAX];
	uint64_t created;
	uint64_t started;
	uint64_t finished;
};

/* an empty snapshot: all zero, ETA -1 (unknown) */
void mefwctl_txn_init(struct mefwctl_txn *t);

/**
 * struct mefwctl_dict_key - one key of an a{sv} dictionary of mefwd
 * @dbus: the D-Bus key (property name)
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
 * applied to a snapshot.  0 or a negative errno.
 */
int mefwctl_txn_read(sd_bus_message *m, struct mefwctl_txn *t);

/*
 * Read an aa{sv} array (GetQueue, GetHistory) into a malloc()ed array of
 * snapshots: *@out (NULL when empty), the count, or a negative errno.
 */
int mefwctl_txn_read_array(sd_bus_message *m, struct mefwctl_txn **out);

/* State is succeeded, needs-reboot, failed or cancelled */
bool mefwctl_txn_final(const struct mefwctl_txn *t);

/*
 * The exit status for a transaction that ended in @t->state: 0 succeeded
 * or needs-reboot, 3 failed, 5 cancelled, 1 for anything else.
 */
int mefwctl_txn_exit_code(const struct mefwctl_txn *t);

/*
 * JSON object of @t, keys = property names in snake_case ("id",
 * "image_version", "eta_seconds" ...).  NULL when out of memory.
 */
struct json_object *mefwctl_txn_to_json(const struct mefwctl_txn *t);

#endif /* MEFWCTL_TXN_H */
