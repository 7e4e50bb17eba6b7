// SPDX-License-Identifier: GPL-2.0
/*
 * Transaction model: state names, the list of transactions and the
 * per-device FIFO order (lowest id first), and the field table that the
 * journal and the D-Bus properties share.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mefw_dbus.h"
#include "txn.h"

static const char *const state_names[TXN_STATE_COUNT] = {
	[TXN_SCHEDULED] = MEFW_TS_SCHEDULED,
	[TXN_QUEUED] = MEFW_TS_QUEUED,
	[TXN_VALIDATING] = MEFW_TS_VALIDATING,
	[TXN_TRANSFERRING] = MEFW_TS_TRANSFERRING,
	[TXN_FINALIZING] = MEFW_TS_FINALIZING,
	[TXN_SUCCEEDED] = MEFW_TS_SUCCEEDED,
	[TXN_NEEDS_REBOOT] = MEFW_TS_NEEDS_REBOOT,
	[TXN_FAILED] = MEFW_TS_FAILED,
	[TXN_CANCELLED] = MEFW_TS_CANCELLED,
};

const char *txn_state_str(enum txn_state s)
{
	return (unsigned int)s < TXN_STATE_COUNT ? state_names[s] : "unknown";
}

int txn_state_parse(const char *s, enum txn_state *out)
{
	unsigned int i;

	for (i = 0; i < TXN_STATE_COUNT; i++)
		if (s && !strcmp(s, state_names[i])) {
			*out = (enum txn_state)i;
			return 0;
		}
	return -EINVAL;
}

bool txn_state_final(enum txn_state s)
{
	return s >= TXN_SUCCEEDED && s < TXN_STATE_COUNT;
}

bool txn_state_active(enum txn_state s)
{
	return s >= TXN_VALIDATING && s <= TXN_FINALIZING;
}

bool txn_running(const struct txn *t)
{
	return t->worker || txn_state_active(t->state);
}

uint64_t txn_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void txn_init(struct txn *t, uint64_t id, const char *device)
{
	memset(t, 0, sizeof(*t));
	t->id = id;
	snprintf(t->device, sizeof(t->device), "%s", device);
	t->state = TXN_QUEUED;
	t->eta_seconds = -1;
	t->created = txn_now_us();
}

void txn_end(struct txn *t, enum txn_state state, uint32_t code,
	     const char *fmt, ...)
{
	va_list ap;

	t->state = state;
	t->code = code;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(t->message, sizeof(t->message), fmt, ap);
		va_end(ap);
	}
	t->speed_bps = 0;
	t->eta_seconds = -1;
	t->finished = txn_now_us();
}

int txn_list_insert(struct txn **head, struct txn *t)
{
	struct txn **pp = head;

	while (*pp && (*pp)->id < t->id)
		pp = &(*pp)->next;
	if (*pp && (*pp)->id == t->id)
		return -EEXIST;
	t->next = *pp;
	*pp = t;
	return 0;
}

struct txn *txn_list_find(struct txn *head, uint64_t id)
{
	for (; head; head = head->next)
		if (head->id == id)
			return head;
	return NULL;
}

struct txn *txn_active_on(struct txn *head, const char *device)
{
	for (; head; head = head->next)
		if (txn_running(head) && !strcmp(head->device, device))
			return head;
	return NULL;
}

struct txn *txn_next_for_device(struct txn *head, const char *device)
{
	if (txn_active_on(head, device))
		return NULL;
	for (; head; head = head->next)
		if (head->state == TXN_QUEUED && !strcmp(head->device, device))
			return head;
	return NULL;
}

#define F(n, s, t, m) { n, s, t, offsetof(struct txn, m), sizeof(((struct txn *)0)->m) }

const struct txn_field txn_fields[] = {
	F("Id", "t", TF_U64, id),
	F("Device", "s", TF_STR, device),
	F("State", "s", TF_STATE, state),
	F("Requester", "u", TF_U32, requester),
	F("ImageSize", "t", TF_U64, image_size),
	F("ImageSha256", "s", TF_STR, image_sha256),
	F("ImageVersion", "s", TF_STR, image_version),
	F("PreviousVersion", "s", TF_STR, previous_version),
	F("NewVersion", "s", TF_STR, new_version),
	F("AllowSameVersion", "b", TF_BOOL, allow_same_version),
	F("AtBoot", "b", TF_BOOL, at_boot),
	F("BytesSent", "t", TF_U64, bytes_sent),
	F("Percent", "u", TF_U32, percent),
	F("Stage", "u", TF_U32, stage),
	F("TotalStages", "u", TF_U32, total_stages),
	F("SpeedBps", "t", TF_U64, speed_bps),
	F("EtaSeconds", "i", TF_I32, eta_seconds),
	F("Code", "u", TF_U32, code),
	F("Message", "s", TF_STR, message),
	F("FwStatus", "u", TF_U32, fw_status),
	F("ResetType", "u", TF_U32, reset_type),
	F("Verdict", "s", TF_STR, verdict),
	F("Created", "t", TF_U64, created),
	F("Started", "t", TF_U64, started),
	F("Finished", "t", TF_U64, finished),
};

const size_t txn_nfields = sizeof(txn_fields) / sizeof(txn_fields[0]);

const struct txn_field *txn_field_find(const char *name)
{
	size_t i;

	for (i = 0; i < txn_nfields; i++)
		if (!strcmp(txn_fields[i].name, name))
			return &txn_fields[i];
	return NULL;
}
