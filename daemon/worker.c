// SPDX-License-Identifier: GPL-2.0
/*
 * Worker thread of one transaction (see worker.h).  The ioctl sequence is
 * the one of tests/tools/mefw-flash.c: BEGIN, write() the image, END,
 * then poll() + MEFW_IOC_UPDATE_PROGRESS until a final state.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "mefw_errors.h"
#include "mefw_ident.h"
#include "seal.h"
#include "worker.h"

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

struct worker *worker_new(void)
{
	struct worker *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->fd = -1;
	w->imgdirfd = -1;
	w->chunk = 64 * 1024;
	w->open_wait_ms = 15000;
	w->acked = TXN_QUEUED;
	w->snap.state = TXN_QUEUED;
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
static enum entered enter(struct worker *w, enum txn_state s, char *why, size_t len)
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

static void finish(struct worker *w, enum txn_state s, uint32_t code,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void finish(struct worker *w, enum txn_state s, uint32_t code,
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

static int get_progress(int fd, struct mefw_update_progress *p)
{
	memset(p, 0, sizeof(*p));
	return ioctl(fd, MEFW_IOC_UPDATE_PROGRESS, p) < 0 ? -errno : 0;
}

/* a final progress into the snapshot */
static void finish_progress(struct worker *w, const struct mefw_update_progress *p,
			    const char *what, int err)
{
	enum txn_state s;
	char extra[96] = "";

	/* the one mapping of uapi states to MEFW_TS_* names (libmefw) */
	if (txn_state_parse(mefw_update_state_str(p->state), &s) || !txn_state_final(s))
		s = TXN_FAILED;
	pthread_mutex_lock(&w->lock);
	w->snap.bytes_sent = p->bytes_sent;
	if (p->total_stages) {
		w->snap.stage = p->stage;
		w->snap.total_stages = p->total_stages;
	}
	w->snap.percent = s == TXN_SUCCEEDED || s == TXN_NEEDS_REBOOT ? 100 : p->percent;
	w->snap.fw_status = p->fw_status;
	w->snap.reset_type = p->reset_type;
	if (p->new_version.major || p->new_version.build)
		snprintf(w->snap.new_version, sizeof(w->snap.new_version), "%u.%u.%u.%u",
			 p->new_version.major, p->new_version.minor,
			 p->new_version.hotfix, p->new_version.build);
	pthread_mutex_unlock(&w->lock);
	if (s == TXN_SUCCEEDED)
		finish(w, s, 0, "updated to %s", w->snap.new_version[0] ?
		       w->snap.new_version : "the new firmware");
	else if (s == TXN_NEEDS_REBOOT)
		finish(w, s, 0, "firmware written; it becomes active after a %s reset",
		       p->reset_type == MEFW_RESET_GLOBAL ? "global" : "host");
	else if (s == TXN_CANCELLED)
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

	if (!get_progress(w->fd, &p) && p.state >= MEFW_STATE_SUCCEEDED) {
		finish_progress(w, &p, what, err);
		return;
	}
	if (cancelled(w))
		finish(w, TXN_CANCELLED, 0, NULL);
	else
		finish(w, TXN_FAILED, err == -ENODEV ? MEFW_ERR_NO_DEVICE : MEFW_ERR_HECI,
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
		finish(w, TXN_FAILED, MEFW_ERR_NO_DEVICE, "device %s did not appear within %u s",
		       w->device, w->open_wait_ms / 1000);
	else if (fd < 0)
		finish(w, TXN_FAILED, MEFW_ERR_NO_DEVICE, "cannot open %s/dev/%s: %s", w->root,
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
	char msg[TXN_MSG_MAX];
	int fd;

	if (!w->img) {
		w->own_img = seal_load_copy(w->imgdirfd, w->id, w->sha256,
					    w->trust_test_key, NULL, msg, sizeof(msg));
		if (!w->own_img) {
			finish(w, TXN_FAILED, 0, "%s", msg);
			return -1;
		}
		w->img = w->own_img;
	}
	fd = open_device(w);
	if (fd < 0)
		return -1;
	set_fd(w, fd);
	if (mefw_device_ident_read(w->root, w->device, &id, NULL, &err) < 0) {
		finish(w, TXN_FAILED, MEFW_ERR_GET_VER, "cannot read the identity of %s: %s",
		       w->device, err.msg);
		return -1;
	}
	pthread_mutex_lock(&w->lock);
	snprintf(w->snap.previous_version, sizeof(w->snap.previous_version),
		 "%u.%u.%u.%u", id.major, id.minor, id.hotfix, id.build);
	pthread_mutex_unlock(&w->lock);
	if (mefw_compat_check(w->img, &id, &copts, &res)) {
		finish(w, TXN_FAILED, (uint32_t)res.code, "%s", res.message);
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
		finish(w, TXN_FAILED, 0, "image copy lost: images/%s: %s", name,
		       strerror(errno));
	return fd;
}

static void transfer(struct worker *w, uint64_t size)
{
	char why[TXN_MSG_MAX];
	struct mefw_update_begin b;
	uint64_t sent = 0, t0;
	uint8_t *buf;
	int img;

	img = open_copy(w);
	if (img < 0)
		return;
	buf = malloc(w->chunk);
	if (!buf) {
		close(img);
		finish(w, TXN_FAILED, MEFW_ERR_NO_MEMORY, "out of memory");
		return;
	}
	memset(&b, 0, sizeof(b));
	b.flags = w->allow_same_version ? MEFW_UPDATE_ALLOW_SAME_VERSION : 0;
	b.length = size;
	b.image_version.major = w->img->major;
	b.image_version.minor = w->img->minor;
	b.image_version.hotfix = w->img->hotfix;
	b.image_version.build = w->img->build;
	t0 = mono_us();
	if (ioctl(w->fd, MEFW_IOC_UPDATE_BEGIN, &b) < 0) {
		fail_op(w, "BEGIN", -errno);
		goto out;
	}
	while (sent < size) {
		size_t want = size - sent < w->chunk ? (size_t)(size - sent) : w->chunk;
		ssize_t n = pread(img, buf, want, (off_t)sent), m, off = 0;
		uint64_t el;

		if (n <= 0) {
			ioctl(w->fd, MEFW_IOC_UPDATE_CANCEL);
			finish(w, TXN_FAILED, 0, "image copy lost: read failed at byte %" PRIu64,
			       sent);
			goto out;
		}
		while (off < n) {
			m = write(w->fd, buf + off, (size_t)(n - off));
			if (m < 0 && errno == EINTR)
				continue;
			if (m <= 0) {
				fail_op(w, "write", m < 0 ? -errno : -EIO);
				goto out;
			}
			off += m;
		}
		sent += (uint64_t)n;
		el = mono_us() - t0;
		pthread_mutex_lock(&w->lock);
		w->snap.bytes_sent = sent;
		w->snap.speed_bps = el ? sent * 1000000u / el : 0;
		w->snap.eta_seconds = w->snap.speed_bps ?
			(int32_t)((size - sent) / w->snap.speed_bps) : -1;
		post_locked(w);
		pthread_mutex_unlock(&w->lock);
		if (cancelled(w)) {
			ioctl(w->fd, MEFW_IOC_UPDATE_CANCEL);
			fail_op(w, "cancel", -ECANCELED);
			goto out;
		}
	}
	switch (enter(w, TXN_FINALIZING, why, sizeof(why))) {
	case ENTERED:
		break;
	case ENTER_UNJOURNALED:
		/* no END without its record: CANCEL makes mefw.ko abort the ME's update */
		ioctl(w->fd, MEFW_IOC_UPDATE_CANCEL);
		finish(w, TXN_FAILED, 0, "%s; the transfer was cancelled before END, the firmware is unchanged",
		       why);
		goto out;
	case ENTER_CANCELLED:
		ioctl(w->fd, MEFW_IOC_UPDATE_CANCEL);
		fail_op(w, "cancel", -ECANCELED);
		goto out;
	}
	if (ioctl(w->fd, MEFW_IOC_UPDATE_END) < 0) {
		fail_op(w, "END", -errno);
		goto out;
	}
	pthread_mutex_lock(&w->lock);
	w->snap.speed_bps = 0;
	w->snap.eta_seconds = -1;
	pthread_mutex_unlock(&w->lock);
	t0 = mono_us();
	for (;;) {
		struct pollfd pfd = { .fd = w->fd, .events = POLLIN | POLLPRI };
		struct mefw_update_progress p;
		bool stop;
		int r;

		if (poll(&pfd, 1, 1000) < 0 && errno != EINTR) {
			fail_op(w, "poll", -errno);
			goto out;
		}
		pthread_mutex_lock(&w->lock);
		stop = w->stop;
		pthread_mutex_unlock(&w->lock);
		if (stop)
			goto out;	/* stays finalizing: recovery decides */
		r = get_progress(w->fd, &p);
		if (r) {
			fail_op(w, "PROGRESS", r);
			goto out;
		}
		if (p.state >= MEFW_STATE_SUCCEEDED) {
			finish_progress(w, &p, "update", 0);
			goto out;
		}
		pthread_mutex_lock(&w->lock);
		if (p.percent != w->snap.percent || p.stage != w->snap.stage) {
			uint64_t el = mono_us() - t0;

			w->snap.percent = p.percent;
			w->snap.stage = p.stage;
			w->snap.total_stages = p.total_stages;
			w->snap.eta_seconds = p.percent && p.percent < 100 ?
				(int32_t)(el / 1000000u * (100 - p.percent) / p.percent) : -1;
			post_locked(w);
		}
		pthread_mutex_unlock(&w->lock);
	}
out:
	free(buf);
	close(img);
}

/* enter @s before touching the device for it; false: the worker ends */
static bool enter_or_end(struct worker *w, enum txn_state s)
{
	char why[TXN_MSG_MAX];

	switch (enter(w, s, why, sizeof(why))) {
	case ENTERED:
		return true;
	case ENTER_UNJOURNALED:
		finish(w, TXN_FAILED, 0, "%s; nothing was sent to the ME", why);
		return false;
	case ENTER_CANCELLED:
		break;
	}
	finish(w, TXN_CANCELLED, 0, NULL);
	return false;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	if (!enter_or_end(w, TXN_VALIDATING))
		goto out;
	if (validate(w))
		goto out;
	if (!enter_or_end(w, TXN_TRANSFERRING))
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

bool worker_take(struct worker *w, struct worker_snap *out)
{
	bool f;

	pthread_mutex_lock(&w->lock);
	*out = w->snap;
	w->posted = false;
	f = w->finished;
	pthread_mutex_unlock(&w->lock);
	return f;
}

void worker_ack(struct worker *w, enum txn_state s, const char *fail)
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

	ioctl(*fd, MEFW_IOC_UPDATE_CANCEL);
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
	ok = w->acked != TXN_FINALIZING || w->finished;
	if (stop)
		w->stop = true;
	if (ok) {
		/*
		 * mefw.ko's cancel wakes a write() blocked on the ME (abort
		 * flag): a stalled transfer is cancelled now, not at the next
		 * chunk.
		 */
		w->cancel = true;
		if (w->fd >= 0 && w->acked == TXN_TRANSFERRING)
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
