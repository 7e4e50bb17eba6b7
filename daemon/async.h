/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Blocking work off the sd-event loop: async_run() runs @work in a new
 * thread and then calls @done on the loop; async_post() calls @done on
 * the loop from any thread.  One pipe carries (function, context) pairs
 * (16 bytes, written atomically) to the loop.
 */
#ifndef MEFWD_ASYNC_H
#define MEFWD_ASYNC_H

#include <pthread.h>

#include <systemd/sd-event.h>

typedef void (*async_fn)(void *ctx);

struct async {
	int rfd, wfd;
	sd_event_source *src;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	unsigned int running;	/* threads started by async_run() */
};

int async_init(struct async *a, sd_event *e);
/* waits for the threads of async_run() to finish (their @done is not called) */
void async_done(struct async *a);

int async_run(struct async *a, async_fn work, async_fn done, void *ctx);
int async_post(struct async *a, async_fn done, void *ctx);

#endif /* MEFWD_ASYNC_H */
