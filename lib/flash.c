// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware update sequence on an open /dev/mefwN (see mefw_flash.h).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "mefw_flash.h"

void mefw_flash_version(const struct mefw_image *img, struct mefw_version *v)
{
	v->major = img->major;
	v->minor = img->minor;
	v->hotfix = img->hotfix;
	v->build = img->build;
}

static int flash_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

int mefw_flash_begin(int fd, const struct mefw_update_begin *b)
{
	return flash_ioctl(fd, MEFW_IOC_UPDATE_BEGIN, (void *)b);
}

int mefw_flash_end(int fd)
{
	return flash_ioctl(fd, MEFW_IOC_UPDATE_END, NULL);
}

int mefw_flash_cancel(int fd)
{
	return flash_ioctl(fd, MEFW_IOC_UPDATE_CANCEL, NULL);
}

int mefw_flash_progress(int fd, struct mefw_update_progress *p)
{
	memset(p, 0, sizeof(*p));
	return flash_ioctl(fd, MEFW_IOC_UPDATE_PROGRESS, p);
}

/* all of @buf: 0 or the negative errno (-EIO when write() wrote nothing) */
static int write_all(int fd, const uint8_t *buf, size_t len)
{
	size_t off = 0;
	ssize_t m;

	while (off < len) {
		m = write(fd, buf + off, len - off);
		if (m < 0 && errno == EINTR)
			continue;
		if (m <= 0)
			return m < 0 ? -errno : -EIO;
		off += (size_t)m;
	}
	return 0;
}

int mefw_flash_write(int fd, const struct mefw_flash_xfer *x)
{
	size_t chunk = x->chunk && x->chunk < x->size ? x->chunk : (size_t)x->size;
	const uint8_t *bytes;
	uint64_t sent = 0;
	ssize_t n;
	int r;

	while (sent < x->size) {
		size_t want = x->size - sent < chunk ? (size_t)(x->size - sent) : chunk;

		bytes = NULL;
		n = x->read(x->ctx, sent, want, &bytes);
		if (n <= 0 || (size_t)n > want || !bytes)
			return MEFW_FLASH_STOPPED;
		r = write_all(fd, bytes, (size_t)n);
		if (r)
			return r;
		sent += (uint64_t)n;
		if (x->sent && x->sent(x->ctx, sent, x->size))
			return MEFW_FLASH_STOPPED;
	}
	return 0;
}

int mefw_flash_wait(int fd, struct mefw_flash_wait *w, struct mefw_update_progress *p)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLPRI };
	int r;

	for (;;) {
		if (poll(&pfd, 1, 1000) < 0 && errno != EINTR) {
			w->failed = "poll";
			return -errno;
		}
		if (w->stop && w->stop(w->ctx))
			return MEFW_FLASH_STOPPED;
		r = mefw_flash_progress(fd, p);
		if (r) {
			w->failed = "PROGRESS";
			return r;
		}
		if (mefw_flash_final(p))
			return 0;
		if (w->step)
			w->step(w->ctx, p);
	}
}
