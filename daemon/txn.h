/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The transaction model of mefwd: one update request, its state machine,
 * and the per-device FIFO queue.  Plain data: no bus, no threads, so that
 * the journal, recovery and queue logic can be unit-tested.
 */
#ifndef MEFWD_TXN_H
#define MEFWD_TXN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mefw.h"

enum txn_state {
	TXN_SCHEDULED = 0,
	TXN_QUEUED,
	TXN_VALIDATING,
	TXN_TRANSFERRING,
	TXN_FINALIZING,
	TXN_SUCCEEDED,
	TXN_NEEDS_REBOOT,
	TXN_FAILED,
	TXN_CANCELLED,
	TXN_STATE_COUNT
};

#define TXN_VERSION_MAX 24
#define TXN_MSG_MAX 256

struct mefw_image;
struct worker;

/**
 * struct txn - one update transaction (fields = the D-Bus properties)
 * Runtime-only members follow @finished; they are never journaled.
 */
struct txn {
	uint64_t id;
	char device[MEFW_NAME_MAX];
	enum txn_state state;
	uint32_t requester;
	uint64_t image_size;
	char image_sha256[65];
	char image_version[TXN_VERSION_MAX];
	char previous_version[TXN_VERSION_MAX];
	char new_version[TXN_VERSION_MAX];
	bool allow_same_version;
	bool at_boot;
	uint64_t bytes_sent;
	uint32_t percent;
	uint32_t stage;
	uint32_t total_stages;
	uint64_t speed_bps;
	int32_t eta_seconds;
	uint32_t code;
	char message[TXN_MSG_MAX];
	uint32_t fw_status;
	uint32_t reset_type;
	char verdict[16];
	uint64_t created;
	uint64_t started;
	uint64_t finished;

	/* runtime */
	struct txn *next;		/* all transactions, ascending id */
	bool exported;			/* has a bus object this lifetime */
	struct mefw_image *img;		/* verified image (NULL: re-verify) */
	struct worker *worker;		/* while validating..finalizing */
	void *owner;			/* the struct daemon */
	uint64_t last_emit_us;		/* PropertiesChanged rate limit */
	bool emit_pending;
};

/* MEFW_TS_* text of @s; "unknown" past the end */
const char *txn_state_str(enum txn_state s);
/* the state of text @s; -EINVAL when unknown */
int txn_state_parse(const char *s, enum txn_state *out);
/* succeeded, needs-reboot, failed, cancelled */
bool txn_state_final(enum txn_state s);
/* validating, transferring, finalizing: a worker owns the device */
bool txn_state_active(enum txn_state s);
/*
 * Does @t own its device?  Its state is active, or a worker was started
 * for it and has not reported "validating" yet (the worker's first
 * snapshot reaches the loop later: the state alone would let a second
 * worker start on the same device).
 */
bool txn_running(const struct txn *t);

/* CLOCK_REALTIME in microseconds */
uint64_t txn_now_us(void);

/* a new transaction in state queued with all counters zero (-1 ETA) */
void txn_init(struct txn *t, uint64_t id, const char *device);

/*
 * Ends @t: sets @state (final), @code, @message (printf-like, may be
 * NULL) and Finished.  ETA/speed are reset.
 */
void txn_end(struct txn *t, enum txn_state state, uint32_t code,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- the list of all transactions (ascending id) ---- */

/* insert @t keeping ascending ids; -EEXIST when the id is taken */
int txn_list_insert(struct txn **head, struct txn *t);
struct txn *txn_list_find(struct txn *head, uint64_t id);

/*
 * The next transaction to run on @device: the queued one with the lowest
 * id, NULL when none or when one is already active on @device.
 */
struct txn *txn_next_for_device(struct txn *head, const char *device);

/* the transaction that owns @device (txn_running), or NULL */
struct txn *txn_active_on(struct txn *head, const char *device);

/* ---- the property / journal field table ---- */

enum txn_ftype { TF_U64, TF_U32, TF_I32, TF_BOOL, TF_STR, TF_STATE };

/**
 * struct txn_field - one property of a transaction
 * @name: D-Bus property name, also the JSON key of the journal
 * @sig: D-Bus signature ("t", "u", "i", "b", "s")
 * @type: storage type in struct txn
 * @off: offset in struct txn
 * @size: size of a TF_STR array
 */
struct txn_field {
	const char *name;
	const char *sig;
	enum txn_ftype type;
	size_t off;
	size_t size;
};

extern const struct txn_field txn_fields[];
extern const size_t txn_nfields;

const struct txn_field *txn_field_find(const char *name);

#endif /* MEFWD_TXN_H */
