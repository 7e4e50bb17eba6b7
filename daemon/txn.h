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

#include "mefw_txn.h"

struct mefw_image;
struct worker;

/**
 * struct txn - one update transaction: the recorded fields of
 * lib/mefw_txn.h (@rec, or each by name: t->id), then the runtime-only
 * members, which are never journaled.
 */
struct txn {
	union {
		struct mefw_txn rec;
		struct {
			MEFW_TXN_MEMBERS;
		};
	};

	/* runtime */
	struct txn *next;		/* all transactions, ascending id */
	bool exported;			/* has a bus object this lifetime */
	struct mefw_image *img;		/* verified image (NULL: re-verify) */
	struct worker *worker;		/* while validating..finalizing */
	void *owner;			/* the struct daemon */
	uint64_t last_emit_us;		/* PropertiesChanged rate limit */
	bool emit_pending;
};

/*
 * Does @t own its device?  Its state is active, or a worker was started
 * for it and has not reported "validating" yet (the worker's first
 * snapshot reaches the loop later: the state alone would let a second
 * worker start on the same device).
 */
bool txn_running(const struct txn *t);

/* a new transaction in state queued with all counters zero (-1 ETA) */
void txn_init(struct txn *t, uint64_t id, const char *device);

/*
 * Ends @t: sets @state (final), @code, @message (printf-like, may be
 * NULL) and Finished.  ETA/speed are reset.
 */
void txn_end(struct txn *t, enum mefw_txn_state state, uint32_t code,
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

/*
 * The unfinished transactions in run order: those that own their device,
 * then queued (FIFO), then scheduled (GetQueue).  A malloc()ed array in
 * *@out (NULL when empty) and its length, or -ENOMEM.
 */
int txn_queue_order(struct txn *head, struct txn ***out);

/*
 * The ended transactions, newest first, at most @limit (0: all)
 * (GetHistory).  A malloc()ed array in *@out and its length, or -ENOMEM.
 */
int txn_history_order(struct txn *head, uint32_t limit, struct txn ***out);

#endif /* MEFWD_TXN_H */
