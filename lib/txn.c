// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the description of a transaction's recorded fields (the one
 * table of names, signatures, JSON keys and offsets) and its states.
 */
#include <errno.h>
#include <string.h>

#include "mefw_dbus.h"
#include "mefw_txn.h"

static const char *const state_names[MEFW_TXN_STATE_COUNT] = {
	[MEFW_TXN_SCHEDULED] = MEFW_TS_SCHEDULED,
	[MEFW_TXN_QUEUED] = MEFW_TS_QUEUED,
	[MEFW_TXN_VALIDATING] = MEFW_TS_VALIDATING,
	[MEFW_TXN_TRANSFERRING] = MEFW_TS_TRANSFERRING,
	[MEFW_TXN_FINALIZING] = MEFW_TS_FINALIZING,
	[MEFW_TXN_SUCCEEDED] = MEFW_TS_SUCCEEDED,
	[MEFW_TXN_NEEDS_REBOOT] = MEFW_TS_NEEDS_REBOOT,
	[MEFW_TXN_FAILED] = MEFW_TS_FAILED,
	[MEFW_TXN_CANCELLED] = MEFW_TS_CANCELLED,
};

const char *mefw_txn_state_str(enum mefw_txn_state s)
{
	return (unsigned int)s < MEFW_TXN_STATE_COUNT ? state_names[s] : "unknown";
}

int mefw_txn_state_parse(const char *s, enum mefw_txn_state *out)
{
	unsigned int i;

	for (i = 0; i < MEFW_TXN_STATE_COUNT; i++)
		if (s && !strcmp(s, state_names[i])) {
			*out = (enum mefw_txn_state)i;
			return 0;
		}
	return -EINVAL;
}

bool mefw_txn_state_final(enum mefw_txn_state s)
{
	return s >= MEFW_TXN_SUCCEEDED && s < MEFW_TXN_STATE_COUNT;
}

bool mefw_txn_state_active(enum mefw_txn_state s)
{
	return s >= MEFW_TXN_VALIDATING && s <= MEFW_TXN_FINALIZING;
}

#define F(n, s, j, t, m) \
	{ n, s, j, MEFW_TXN_##t, offsetof(struct mefw_txn, m), \
	  sizeof(((struct mefw_txn *)0)->m) }

const struct mefw_txn_field mefw_txn_fields[] = {
	F("Id", "t", "id", U64, id),
	F("Device", "s", "device", STR, device),
	F("State", "s", "state", STATE, state),
	F("Requester", "u", "requester", U32, requester),
	F("ImageSize", "t", "image_size", U64, image_size),
	F("ImageSha256", "s", "image_sha256", STR, image_sha256),
	F("ImageVersion", "s", "image_version", STR, image_version),
	F("PreviousVersion", "s", "previous_version", STR, previous_version),
	F("NewVersion", "s", "new_version", STR, new_version),
	F("AllowSameVersion", "b", "allow_same_version", BOOL, allow_same_version),
	F("AtBoot", "b", "at_boot", BOOL, at_boot),
	F("BytesSent", "t", "bytes_sent", U64, bytes_sent),
	F("Percent", "u", "percent", U32, percent),
	F("Stage", "u", "stage", U32, stage),
	F("TotalStages", "u", "total_stages", U32, total_stages),
	F("SpeedBps", "t", "speed_bps", U64, speed_bps),
	F("EtaSeconds", "i", "eta_seconds", I32, eta_seconds),
	F("Code", "u", "code", U32, code),
	F("Message", "s", "message", STR, message),
	F("FwStatus", "u", "fw_status", U32, fw_status),
	F("ResetType", "u", "reset_type", U32, reset_type),
	F("Verdict", "s", "verdict", STR, verdict),
	F("Created", "t", "created", U64, created),
	F("Started", "t", "started", U64, started),
	F("Finished", "t", "finished", U64, finished),
};

const size_t mefw_txn_nfields = sizeof(mefw_txn_fields) / sizeof(mefw_txn_fields[0]);

const struct mefw_txn_field *mefw_txn_field_find(const char *name)
{
	size_t i;

	for (i = 0; i < mefw_txn_nfields; i++)
		if (!strcmp(mefw_txn_fields[i].name, name))
			return &mefw_txn_fields[i];
	return NULL;
}

void mefw_txn_clear(struct mefw_txn *t)
{
	memset(t, 0, sizeof(*t));
	t->eta_seconds = -1;
}

/* the JSON value of field @f of @t; NULL when out of memory */
static struct json_object *field_json(const struct mefw_txn *t,
				      const struct mefw_txn_field *f)
{
	const char *p = (const char *)t + f->off;
	uint64_t u64;
	uint32_t u32;
	int32_t i32;

	switch (f->type) {
	case MEFW_TXN_U64:
		memcpy(&u64, p, sizeof(u64));
		return json_object_new_uint64(u64);
	case MEFW_TXN_U32:
		memcpy(&u32, p, sizeof(u32));
		return json_object_new_int64(u32);
	case MEFW_TXN_I32:
		memcpy(&i32, p, sizeof(i32));
		return json_object_new_int64(i32);
	case MEFW_TXN_BOOL:
		return json_object_new_boolean(*(const bool *)p);
	case MEFW_TXN_STR:
		return json_object_new_string(p);
	case MEFW_TXN_STATE:
		return json_object_new_string(mefw_txn_state_str(t->state));
	}
	return NULL;
}

struct json_object *mefw_txn_to_json(const struct mefw_txn *t,
				     enum mefw_txn_keys keys)
{
	struct json_object *o = json_object_new_object(), *v;
	const struct mefw_txn_field *f;
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < mefw_txn_nfields; i++) {
		f = &mefw_txn_fields[i];
		v = field_json(t, f);
		if (!v || json_object_object_add(o, keys == MEFW_TXN_KEYS_DBUS ?
						 f->name : f->json, v)) {
			json_object_put(v);
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}
