/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmefw: one update transaction as mefwd records it.  struct mefw_txn
 * holds the recorded fields; mefw_txn_fields[] describes each of them
 * once (D-Bus property name, which is also the key of the journal,
 * D-Bus signature, JSON key of mefwctl's output, offset and size).  The
 * journal, the org.mefw1.Transaction properties, the a{sv} dictionaries
 * and mefwctl's JSON are all built from this table
 * (Documentation/dbus-api.md lists the properties).
 */
#ifndef MEFW_TXN_H
#define MEFW_TXN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "mefw.h"

/* the states, in the order of their names (MEFW_TS_* of mefw_dbus.h) */
enum mefw_txn_state {
	MEFW_TXN_SCHEDULED = 0,
	MEFW_TXN_QUEUED,
	MEFW_TXN_VALIDATING,
	MEFW_TXN_TRANSFERRING,
	MEFW_TXN_FINALIZING,
	MEFW_TXN_SUCCEEDED,
	MEFW_TXN_NEEDS_REBOOT,
	MEFW_TXN_FAILED,
	MEFW_TXN_CANCELLED,
	MEFW_TXN_STATE_COUNT
};

/*
 * Array sizes, terminating NUL included.  A version is four 16-bit
 * numbers ("65535.65535.65535.65535" is 23 characters); mefwd writes
 * messages and verdicts no longer than these, and refuses a journal
 * record whose strings do not fit.
 */
#define MEFW_TXN_SHA256_MAX 65
#define MEFW_TXN_VERSION_MAX 24
#define MEFW_TXN_MSG_MAX 256
#define MEFW_TXN_VERDICT_MAX 16

/*
 * The recorded fields of a transaction, in the order of the properties.
 * Written as a member list so that a struct can embed them by name next
 * to a struct mefw_txn view of the same bytes (mefwd's struct txn).
 */
#define MEFW_TXN_MEMBERS					\
	uint64_t id;						\
	char device[MEFW_NAME_MAX];				\
	enum mefw_txn_state state;				\
	uint32_t requester;					\
	uint64_t image_size;					\
	char image_sha256[MEFW_TXN_SHA256_MAX];			\
	char image_version[MEFW_TXN_VERSION_MAX];		\
	char previous_version[MEFW_TXN_VERSION_MAX];		\
	char new_version[MEFW_TXN_VERSION_MAX];			\
	bool allow_same_version;				\
	bool at_boot;						\
	uint64_t bytes_sent;					\
	uint32_t percent;					\
	uint32_t stage;						\
	uint32_t total_stages;					\
	uint64_t speed_bps;					\
	int32_t eta_seconds;					\
	uint32_t code;						\
	char message[MEFW_TXN_MSG_MAX];				\
	uint32_t fw_status;					\
	uint32_t reset_type;					\
	char verdict[MEFW_TXN_VERDICT_MAX];			\
	uint64_t created;					\
	uint64_t started;					\
	uint64_t finished

/* struct mefw_txn - the recorded fields (the Transaction properties) */
struct mefw_txn {
	MEFW_TXN_MEMBERS;
};

/* MEFW_TS_* text of @s; "unknown" past the end */
const char *mefw_txn_state_str(enum mefw_txn_state s);
/* the state of text @s; -EINVAL (and *@out untouched) when unknown */
int mefw_txn_state_parse(const char *s, enum mefw_txn_state *out);
/* succeeded, needs-reboot, failed, cancelled */
bool mefw_txn_state_final(enum mefw_txn_state s);
/* validating, transferring, finalizing: the device is being updated */
bool mefw_txn_state_active(enum mefw_txn_state s);

/* how a field is stored */
enum mefw_txn_ftype {
	MEFW_TXN_U64,
	MEFW_TXN_U32,
	MEFW_TXN_I32,
	MEFW_TXN_BOOL,
	MEFW_TXN_STR,	/* char array of @size */
	MEFW_TXN_STATE,	/* enum mefw_txn_state, text on the bus and in JSON */
};

/**
 * struct mefw_txn_field - one recorded field of a transaction
 * @name: D-Bus property name, also the key of mefwd's journal
 * @sig: D-Bus signature ("t", "u", "i", "b", "s")
 * @json: key of mefwctl's JSON output (snake_case)
 * @type: storage type in struct mefw_txn
 * @off: offset in struct mefw_txn
 * @size: size of the member
 */
struct mefw_txn_field {
	const char *name;
	const char *sig;
	const char *json;
	enum mefw_txn_ftype type;
	size_t off;
	size_t size;
};

extern const struct mefw_txn_field mefw_txn_fields[];
extern const size_t mefw_txn_nfields;

/* the field of D-Bus property @name, or NULL */
const struct mefw_txn_field *mefw_txn_field_find(const char *name);

/* a transaction with every field zero, except EtaSeconds -1 (unknown) */
void mefw_txn_clear(struct mefw_txn *t);

/* which key names a field in mefw_txn_to_json() */
enum mefw_txn_keys {
	MEFW_TXN_KEYS_DBUS,	/* "ImageVersion": mefwd's journal */
	MEFW_TXN_KEYS_JSON,	/* "image_version": mefwctl's output */
};

/* JSON object of every field of @t, in table order; NULL when out of memory */
struct json_object *mefw_txn_to_json(const struct mefw_txn *t,
				     enum mefw_txn_keys keys);

#endif /* MEFW_TXN_H */
