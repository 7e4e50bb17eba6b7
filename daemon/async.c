// SPDX-License-Identifier: GPL-2.0
/* Blocking work off the event loop (see async.h) */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "async.h"

struct msg {
	async_fn fn;
	void *ctx;
};

struct job {
	struct async *a;
	async_fn work, done;
	void *ctx;
};

static int on_pipe(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct msg m;
	ssize_t n;

	(void)s;
	(void)revents;
	(void)userdata;
	for (;;) {
		n = read(fd, &m, sizeof(m));
		if (n != (ssize_t)sizeof(m))
			break;
		m.fn(m.ctx);
	}
	/* an image check or an update step ended: give the memory back */
	malloc_trim(0);
	return 0;
}

int async_init(struct async *a, sd_event *e)
{
	int p[2], r;

	memset(a, 0, sizeof(*a));
	a->rfd = a->wfd = -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	/* the read end non-blocking (drain), the write end blocking */
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	a->rfd = p[0];
	a->wfd = p[1];
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->idle, NULL);
	r = sd_event_add_io(e, &a->src, a->rfd, EPOLLIN, on_pipe, a);
	if (r < 0)
		return r;
	return 0;
}

void async_done(struct async *a)
{
	pthread_mutex_lock(&a->lock);
	while (a->running)
		pthread_cond_wait(&a->idle, &a->lock);
	pthread_mutex_unlock(&a->lock);
	/* deliver what is still queued: the callbacks free their contexts */
	if (a->rfd >= 0)
		on_pipe(NULL, a->rfd, 0, NULL);
	sd_event_source_disable_unref(a->src);
	a->src = NULL;
	if (a->rfd >= 0)
		close(a->rfd);
	if (a->wfd >= 0)
		close(a->wfd);
	a->rfd = a->wfd = -1;
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->idle);
}

int async_post(struct async *a, async_fn done, void *ctx)
{
	struct msg m = { .fn = done, .ctx = ctx };
	ssize_t n;

	do
		n = write(a->wfd, &m, sizeof(m));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(m) ? 0 : -EIO;
}

static void *job_thread(void *arg)
{
	struct job *j = arg;
	struct async *a = j->a;

	j->work(j->ctx);
	async_post(a, j->done, j->ctx);
	free(j);
	pthread_mutex_lock(&a->lock);
	if (--a->running == 0)
		pthread_cond_broadcast(&a->idle);
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

int async_run(struct async *a, async_fn work, async_fn done, void *ctx)
{
	pthread_attr_t attr;
	pthread_t th;
	struct job *j;
	int r;

	j = malloc(sizeof(*j));
	if (!j)
		return -ENOMEM;
	*j = (struct job){ .a = a, .work = work, .done = done, .ctx = ctx };
	pthread_mutex_lock(&a->lock);
	a->running++;
	pthread_mutex_unlock(&a->lock);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	r = pthread_create(&th, &attr, job_thread, j);
	pthread_attr_destroy(&attr);
	if (r) {
		free(j);
		pthread_mutex_lock(&a->lock);
		a->running--;
		pthread_mutex_unlock(&a->lock);
		return -r;
	}
	return 0;
}
