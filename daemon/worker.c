// SPDX-License-Identifier: GPL-2.0
/*
 * Worker thread of one transaction (see worker.h): validating, then the
 * update sequence of libmefw (lib/mefw_flash.h: BEGIN, write() the image,
 * END, then poll() + MEFW_IOC_UPDATE_PROGRESS until a final state).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mefw_clock.h"
#include "mefw_errors.h"
#include "mefw_flash.h"
#include "mefw_ident.h"
#include "seal.h"
#include "worker.h"

struct worker *worker_new(void)
{
	struct worker *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->fd = -1;
	w->imgdirfd = -1;
	w->chunk = 64 * 1024;
	w->open_wait_ms = 15000;
	w->acked = MEFW_TXN_QUEUED;
	w->snap.state = MEFW_TXN_QUEUED;
	w->snap.eta_seconds = -1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	return w;
}

/* snap changed: wake the loop (once per batch) */
static void post_locked(struct worker *w)
{
	if (!w->posted) {
		w->posted = true;
		async_post(w->async, w->on_update, w->ctx);
	}
}

enum entered { ENTERED, ENTER_CANCELLED, ENTER_UNJOURNALED };

/*
 * Enter @s and wait for the loop to journal it.  ENTER_UNJOURNALED: the
 * record is not on disk, the device must not see @s (*@why: the reason).
 */
static enum entered enter(struct worker *w, enum mefw_txn_state s, char *why, size_t len)
{
	enum entered r;

	pthread_mutex_lock(&w->lock);
	w->snap.state = s;
	post_locked(w);
	while (w->acked != s && !w->unjournaled[0] && !w->cancel)
		pthread_cond_wait(&w->cond, &w->lock);
	r = w->unjournaled[0] ? ENTER_UNJOURNALED : w->cancel ? ENTER_CANCELLED : ENTERED;
	snprintf(why, len, "%s", w->unjournaled);
	pthread_mutex_unlock(&w->lock);
	return r;
}

static bool cancelled(struct worker *w)
{
	bool c;

	pthread_mutex_lock(&w->lock);
	c = w->cancel;
	pthread_mutex_unlock(&w->lock);
	return c;
}

static void finish(struct worker *w, enum mefw_txn_state s, uint32_t code,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void finish(struct worker *w, enum mefw_txn_state s, uint32_t code,
		   const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&w->lock);
	w->snap.state = s;
	w->snap.code = code;
	w->snap.speed_bps = 0;
	w->snap.eta_seconds = -1;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(w->snap.message, sizeof(w->snap.message), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&w->lock);
}

/* a final progress into the snapshot */
static void finish_progress(struct worker *w, const struct mefw_update_progress *p,
			    const char *what, int err)
{
	enum mefw_txn_state s;
	char extra[96] = "";

	/* the one mapping of uapi states to MEFW_TS_* names (libmefw) */
	if (mefw_txn_state_parse(mefw_update_state_str(p->state), &s) || !mefw_txn_state_final(s))
		s = MEFW_TXN_FAILED;
	pthread_mutex_lock(&w->lock);
	w->snap.bytes_sent = p->bytes_sent;
	if (p->total_stages) {
		w->snap.stage = p->stage;
		w->snap.total_stages = p->total_stages;
	}
	w->snap.percent = s == MEFW_TXN_SUCCEEDED || s == MEFW_TXN_NEEDS_REBOOT ? 100 : p->percent;
	w->snap.fw_status = p->fw_status;
	w->snap.reset_type = p->reset_type;
	if (p->new_version.major || p->new_version.build)
		snprintf(w->snap.new_version, sizeof(w->snap.new_version), "%u.%u.%u.%u",
			 p->new_version.major, p->new_version.minor,
			 p->new_version.hotfix, p->new_version.build);
	pthread_mutex_unlock(&w->lock);
	if (s == MEFW_TXN_SUCCEEDED)
		finish(w, s, 0, "updated to %s", w->snap.new_version[0] ?
		       w->snap.new_version : "the new firmware");
	else if (s == MEFW_TXN_NEEDS_REBOOT)
		finish(w, s, 0, "firmware written; it becomes active after a %s reset",
		       p->reset_type == MEFW_RESET_GLOBAL ? "global" : "host");
	else if (s == MEFW_TXN_CANCELLED)
		finish(w, s, 0, NULL);
	else {
		if (p->errno_val && !p->fw_status)
			snprintf(extra, sizeof(extra), " (%s)", strerror(-p->errno_val));
		else if (err && !p->error)
			snprintf(extra, sizeof(extra), " (%s: %s)", what, strerror(-err));
		if (p->fw_status)
			finish(w, s, p->error ? p->error : MEFW_ERR_GENERAL,
			       "%s (firmware status 0x%x)%s",
			       mefw_err_message(p->error ? p->error : MEFW_ERR_GENERAL),
			       p->fw_status, extra);
		else
			finish(w, s, p->error, "%s%s",
			       p->error ? mefw_err_message(p->error) : "update failed", extra);
	}
}

/* an ioctl/write failed: take the kernel's final state when it has one */
static void fail_op(struct worker *w, const char *what, int err)
{
	struct mefw_update_progress p;

	if (!mefw_flash_progress(w->fd, &p) && mefw_flash_final(&p)) {
		finish_progress(w, &p, what, err);
		return;
	}
	if (cancelled(w))
		finish(w, MEFW_TXN_CANCELLED, 0, NULL);
	else
		finish(w, MEFW_TXN_FAILED, err == -ENODEV ? MEFW_ERR_NO_DEVICE : MEFW_ERR_HECI,
		       "%s failed: %s", what, strerror(-err));
}

static bool stop_waiting(void *w)
{
	return cancelled(w);
}

static int open_device(struct worker *w)
{
	int fd = mefw_dev_open_wait(w->root, w->device, O_RDWR, w->open_wait_ms,
				    stop_waiting, w);

	if (fd == -ENOENT)
		finish(w, MEFW_TXN_FAILED, MEFW_ERR_NO_DEVICE, "device %s did not appear within %u s",
		       w->device, w->open_wait_ms / 1000);
	else if (fd < 0)
		finish(w, MEFW_TXN_FAILED, MEFW_ERR_NO_DEVICE, "cannot open %s/dev/%s: %s", w->root,
		       w->device, strerror(-fd));
	return fd;
}

static void set_fd(struct worker *w, int fd)
{
	pthread_mutex_lock(&w->lock);
	w->fd = fd;
	pthread_mutex_unlock(&w->lock);
}

/* validating: the image, the device and the rules; 0 to go on */
static int validate(struct worker *w)
{
	struct mefw_compat_opts copts = { .allow_same_version = w->allow_same_version };
	struct mefw_compat_result res;
	struct mefw_device_ident id;
	struct mefw_error err = { 0 };
	char msg[MEFW_TXN_MSG_MAX];
	int fd;

	if (!w->img) {
		w->own_img = seal_load_copy(w->verify, w->imgdirfd, w->id, w->sha256,
					    w->trust_test_key, NULL, msg, sizeof(msg));
		if (!w->own_img) {
			finish(w, MEFW_TXN_FAILED, 0, "%s", msg);
			return -1;
		}
		w->img = w->own_img;
	}
	fd = open_device(w);
	if (fd < 0)
		return -1;
	set_fd(w, fd);
	if (mefw_device_ident_read(w->root, w->device, &id, NULL, &err) < 0) {
		finish(w, MEFW_TXN_FAILED, MEFW_ERR_GET_VER, "cannot read the identity of %s: %s",
		       w->device, err.msg);
		return -1;
	}
	pthread_mutex_lock(&w->lock);
	snprintf(w->snap.previous_version, sizeof(w->snap.previous_version),
		 "%u.%u.%u.%u", id.major, id.minor, id.hotfix, id.build);
	pthread_mutex_unlock(&w->lock);
	if (mefw_compat_check(w->img, &id, &copts, &res)) {
		finish(w, MEFW_TXN_FAILED, (uint32_t)res.code, "%s", res.message);
		return -1;
	}
	return 0;
}

static int open_copy(struct worker *w)
{
	char name[64];
	int fd;

	snprintf(name, sizeof(name), "%" PRIu64 ".bin", w->id);
	fd = openat(w->imgdirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		finish(w, MEFW_TXN_FAILED, 0, "image copy lost: images/%s: %s", name,
		       strerror(errno));
	return fd;
}

/* the image copy, chunk by chunk, and the transfer's speed (mefw_flash_write) */
struct send {
	struct worker *w;
	int img;
	uint8_t *buf;
	uint64_t t0;
};

static ssize_t send_read(void *arg, uint64_t off, size_t len, const uint8_t **bytes)
{
	struct send *c = arg;
	ssize_t n = pread(c->img, c->buf, len, (off_t)off);

	if (n <= 0) {
		mefw_flash_cancel(c->w->fd);
		finish(c->w, MEFW_TXN_FAILED, 0, "image copy lost: read failed at byte %" PRIu64,
		       off);
	}
	*bytes = c->buf;
	return n;
}

static int send_sent(void *arg, uint64_t sent, uint64_t size)
{
	struct send *c = arg;
	struct worker *w = c->w;
	uint64_t el = mefw_mono_us() - c->t0;

	pthread_mutex_lock(&w->lock);
	w->snap.bytes_sent = sent;
	w->snap.speed_bps = el ? sent * 1000000u / el : 0;
	w->snap.eta_seconds = w->snap.speed_bps ?
		(int32_t)((size - sent) / w->snap.speed_bps) : -1;
	post_locked(w);
	pthread_mutex_unlock(&w->lock);
	if (!cancelled(w))
		return 0;
	mefw_flash_cancel(w->fd);
	fail_op(w, "cancel", -ECANCELED);
	return 1;
}

/* BEGIN and write() the image copy; 0 when all of it reached the kernel */
static int send_image(struct worker *w, uint64_t size)
{
	struct send c = { .w = w };
	struct mefw_flash_xfer x = {
		.size = size, .chunk = w->chunk, .read = send_read, .sent = send_sent, .ctx = &c,
	};
	struct mefw_update_begin b;
	int r = -1;

	c.img = open_copy(w);
	if (c.img < 0)
		return -1;
	c.buf = malloc(w->chunk);
	if (!c.buf) {
		close(c.img);
		finish(w, MEFW_TXN_FAILED, MEFW_ERR_NO_MEMORY, "out of memory");
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.flags = w->allow_same_version ? MEFW_UPDATE_ALLOW_SAME_VERSION : 0;
	b.length = size;
	mefw_flash_version(w->img, &b.image_version);
	c.t0 = mefw_mono_us();
	r = mefw_flash_begin(w->fd, &b);
	if (r) {
		fail_op(w, "BEGIN", r);
	} else {
		r = mefw_flash_write(w->fd, &x);
		if (r < 0)
			fail_op(w, "write", r);
	}
	free(c.buf);
	close(c.img);
	return r;
}

/* FINALIZING journaled, then END; 0 to wait for the outcome */
static int end_transfer(struct worker *w)
{
	char why[MEFW_TXN_MSG_MAX];
	int r;

	switch (enter(w, MEFW_TXN_FINALIZING, why, sizeof(why))) {
	case ENTERED:
		break;
	case ENTER_UNJOURNALED:
		/* no END without its record: CANCEL makes mefw.ko abort the ME's update */
		mefw_flash_cancel(w->fd);
		finish(w, MEFW_TXN_FAILED, 0, "%s; the transfer was cancelled before END, the firmware is unchanged",
		       why);
		return -1;
	case ENTER_CANCELLED:
		mefw_flash_cancel(w->fd);
		fail_op(w, "cancel", -ECANCELED);
		return -1;
	}
	r = mefw_flash_end(w->fd);
	if (r) {
		fail_op(w, "END", r);
		return -1;
	}
	pthread_mutex_lock(&w->lock);
	w->snap.speed_bps = 0;
	w->snap.eta_seconds = -1;
	pthread_mutex_unlock(&w->lock);
	return 0;
}

/* waiting for the outcome; @t0: END returned */
struct outcome {
	struct worker *w;
	uint64_t t0;
};

/* mefwd stops: the wait ends, the transaction stays finalizing (recovery decides) */
static int outcome_stop(void *arg)
{
	struct outcome *o = arg;
	bool stop;

	pthread_mutex_lock(&o->w->lock);
	stop = o->w->stop;
	pthread_mutex_unlock(&o->w->lock);
	return stop;
}

/* a progress of the finalizing stages into the snapshot */
static void outcome_step(void *arg, const struct mefw_update_progress *p)
{
	struct outcome *o = arg;
	struct worker *w = o->w;

	pthread_mutex_lock(&w->lock);
	if (p->percent != w->snap.percent || p->stage != w->snap.stage) {
		uint64_t el = mefw_mono_us() - o->t0;

		w->snap.percent = p->percent;
		w->snap.stage = p->stage;
		w->snap.total_stages = p->total_stages;
		w->snap.eta_seconds = p->percent && p->percent < 100 ?
			(int32_t)(el / 1000000u * (100 - p->percent) / p->percent) : -1;
		post_locked(w);
	}
	pthread_mutex_unlock(&w->lock);
}

static void await_outcome(struct worker *w)
{
	struct outcome o = { .w = w, .t0 = mefw_mono_us() };
	struct mefw_flash_wait wait = {
		.stop = outcome_stop, .step = outcome_step, .ctx = &o,
	};
	struct mefw_update_progress p;
	int r;

	r = mefw_flash_wait(w->fd, &wait, &p);
	if (r < 0)
		fail_op(w, wait.failed, r);
	else if (!r)
		finish_progress(w, &p, "update", 0);
}

/* transferring: the update sequence of libmefw (mefw_flash.h) */
static void transfer(struct worker *w, uint64_t size)
{
	if (send_image(w, size) || end_transfer(w))
		return;
	await_outcome(w);
}

/* enter @s before touching the device for it; false: the worker ends */
static bool enter_or_end(struct worker *w, enum mefw_txn_state s)
{
	char why[MEFW_TXN_MSG_MAX];

	switch (enter(w, s, why, sizeof(why))) {
	case ENTERED:
		return true;
	case ENTER_UNJOURNALED:
		finish(w, MEFW_TXN_FAILED, 0, "%s; nothing was sent to the ME", why);
		return false;
	case ENTER_CANCELLED:
		break;
	}
	finish(w, MEFW_TXN_CANCELLED, 0, NULL);
	return false;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	if (!enter_or_end(w, MEFW_TXN_VALIDATING))
		goto out;
	if (validate(w))
		goto out;
	if (!enter_or_end(w, MEFW_TXN_TRANSFERRING))
		goto out;
	transfer(w, w->img->file_size);
out:
	pthread_mutex_lock(&w->lock);
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	w->finished = true;
	post_locked(w);
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int worker_start(struct worker *w)
{
	int r = pthread_create(&w->thread, NULL, worker_main, w);

	return -r;
}

bool worker_take(struct worker *w, struct mefw_txn *out)
{
	bool f;

	pthread_mutex_lock(&w->lock);
	*out = w->snap;
	w->posted = false;
	f = w->finished;
	pthread_mutex_unlock(&w->lock);
	return f;
}

void worker_ack(struct worker *w, enum mefw_txn_state s, const char *fail)
{
	pthread_mutex_lock(&w->lock);
	if (fail)
		snprintf(w->unjournaled, sizeof(w->unjournaled), "%s",
			 fail[0] ? fail : "the journal record could not be written");
	else
		w->acked = s;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/*
 * MEFW_IOC_UPDATE_CANCEL on a dup of the worker's file, in a thread of
 * its own: the kernel may hold the call while the ME answers another
 * request, and the loop must keep serving meanwhile.  The dup keeps the
 * file (and its transaction) alive until the call returns.
 */
static void cancel_work(void *ctx)
{
	int *fd = ctx;

	mefw_flash_cancel(*fd);
	close(*fd);
}

static void cancel_done(void *ctx)
{
	free(ctx);
}

static void cancel_off_loop(struct worker *w)
{
	int *fd = malloc(sizeof(*fd));

	if (!fd)
		return;	/* the worker still sees w->cancel after the chunk */
	*fd = fcntl(w->fd, F_DUPFD_CLOEXEC, 0);
	if (*fd < 0 || async_run(w->async, cancel_work, cancel_done, fd) < 0) {
		if (*fd >= 0)
			close(*fd);
		free(fd);
	}
}

bool worker_cancel(struct worker *w, bool stop)
{
	bool ok;

	pthread_mutex_lock(&w->lock);
	ok = w->acked != MEFW_TXN_FINALIZING || w->finished;
	if (stop)
		w->stop = true;
	if (ok) {
		/*
		 * mefw.ko's cancel wakes a write() blocked on the ME (abort
		 * flag): a stalled transfer is cancelled now, not at the next
		 * chunk.
		 */
		w->cancel = true;
		if (w->fd >= 0 && w->acked == MEFW_TXN_TRANSFERRING)
			cancel_off_loop(w);
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return ok;
}

void worker_join(struct worker *w)
{
	if (!w->joined)
		pthread_join(w->thread, NULL);
	w->joined = true;
}

void worker_free(struct worker *w)
{
	if (!w)
		return;
	worker_join(w);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w->own_img);
	free(w);
}
