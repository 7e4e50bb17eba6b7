/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The worker: one thread per active transaction doing the blocking
 * device work (validate against the current identity, BEGIN, write(),
 * END, poll + PROGRESS).  It reports snapshots to the loop through
 * async_post(); before each state change it waits until the loop has
 * journaled the new state (worker_ack), so the journal is never behind
 * the device: when the record cannot be written the worker goes no
 * further (before END it fails the transaction, cancelling the kernel's
 * transaction when BEGIN was issued).
 */
#ifndef MEFWD_WORKER_H
#define MEFWD_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "async.h"
#include "txn.h"

struct verify_client;

struct worker {
	/* set before worker_start(), read-only afterwards */
	char root[64];
	char device[MEFW_NAME_MAX];
	int imgdirfd;
	uint64_t id;
	char sha256[65];
	const struct mefw_image *img;	/* NULL: load + verify the copy */
	bool trust_test_key;
	struct verify_client *verify;	/* checks the copy when @img is NULL */
	bool allow_same_version;
	size_t chunk;
	unsigned int open_wait_ms;	/* wait for /dev/<device> to appear */
	struct async *async;
	async_fn on_update;		/* called on the loop with @ctx */
	void *ctx;

	/* shared, under @lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/*
	 * the progress reported: State, BytesSent, Percent, Stage,
	 * TotalStages, SpeedBps, EtaSeconds, Code, Message, FwStatus,
	 * ResetType, PreviousVersion, NewVersion; the rest stays zero
	 */
	struct mefw_txn snap;
	bool posted;
	enum mefw_txn_state acked;
	char unjournaled[MEFW_TXN_MSG_MAX];	/* the loop could not journal a state: why */
	bool cancel;	/* cancel the transaction */
	bool stop;	/* mefwd exits: leave a finalizing ME alone */
	bool finished;	/* the thread is done (snap is final or stopped) */
	int fd;

	pthread_t thread;
	bool joined;
	struct mefw_image *own_img;
};

/* allocate with defaults (fd -1, chunk 64 KiB) */
struct worker *worker_new(void);
int worker_start(struct worker *w);
/* copy the snapshot (loop side); returns w->finished */
bool worker_take(struct worker *w, struct mefw_txn *out);
/*
 * The loop journaled @s (@fail NULL), or could not: @fail is the one-line
 * reason, the transaction fails with it and the device gets nothing more.
 */
void worker_ack(struct worker *w, enum mefw_txn_state s, const char *fail);
/*
 * Cancel (and with @stop: mefwd exits); false when already finalizing.
 * Never blocks: a transfer blocked in the kernel is woken by a CANCEL
 * ioctl issued from a thread of @w->async.
 */
bool worker_cancel(struct worker *w, bool stop);
/* wait for the thread to end */
void worker_join(struct worker *w);
/* join (unless done) and free */
void worker_free(struct worker *w);

#endif /* MEFWD_WORKER_H */
