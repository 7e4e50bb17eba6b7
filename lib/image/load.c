// SPDX-License-Identifier: GPL-2.0
/*
 * Reading an image file into memory, bounded.  The parser then works on
 * a private copy: a file that another process truncates or rewrites
 * while we check it cannot fault us (a mapping would raise SIGBUS, in
 * whichever thread touches the page) nor change what we verified.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image_int.h"

static int load_err(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int load_err(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return code;
}

/* open @path read-only without blocking on a FIFO; a file or a device */
static int load_open(const char *path, struct stat *st, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), e;

	if (fd < 0)
		return load_err(err, errlen, -errno, "cannot open: %s", strerror(errno));
	if (fstat(fd, st) < 0) {
		e = errno;
		close(fd);
		return load_err(err, errlen, -e, "cannot stat: %s", strerror(e));
	}
	if (S_ISDIR(st->st_mode)) {
		close(fd);
		return load_err(err, errlen, -EISDIR, "is a directory, not an image file");
	}
	/* files, block and character devices (flash dumps, /dev/mtd*) */
	if (!S_ISREG(st->st_mode) && !S_ISBLK(st->st_mode) && !S_ISCHR(st->st_mode)) {
		close(fd);
		return load_err(err, errlen, -EINVAL,
				"is not a regular file or device (FIFO or socket?)");
	}
	if (fcntl(fd, F_SETFL, 0) < 0) {
		e = errno;
		close(fd);
		return load_err(err, errlen, -e, "cannot read: %s", strerror(e));
	}
	return fd;
}

/* up to @len bytes at @off: pread, or read where the file has no offsets */
static ssize_t load_chunk(int fd, uint8_t *buf, size_t len, size_t off)
{
	ssize_t r = pread(fd, buf, len, (off_t)off);

	if (r < 0 && errno == ESPIPE)
		r = read(fd, buf, len);
	return r;
}

/* read all of @fd from offset 0, at most @max bytes (more: -EFBIG) */
static int load_read(int fd, size_t hint, size_t max, uint8_t **out, size_t *outlen,
		     char *err, size_t errlen)
{
	size_t cap = hint ? (hint < max ? hint : max) + 1 : 65536, len = 0, ncap;
	uint8_t *buf = malloc(cap), *nb;
	ssize_t r;

	if (!buf)
		return load_err(err, errlen, -ENOMEM, "out of memory");
	for (;;) {
		if (len == cap) {
			if (cap > max)
				break;	/* max + 1 bytes read: too large */
			ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			nb = realloc(buf, ncap);
			if (!nb) {
				free(buf);
				return load_err(err, errlen, -ENOMEM, "out of memory");
			}
			buf = nb;
			cap = ncap;
		}
		r = load_chunk(fd, buf + len, cap - len, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = errno;
			free(buf);
			return load_err(err, errlen, (int)-r, "read error: %s",
					strerror((int)r));
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max) {
		free(buf);
		return load_err(err, errlen, -EFBIG,
				"file too large for an ME image (limit %zu MiB)", max >> 20);
	}
	*out = buf;
	*outlen = len;
	return 0;
}

int mefw_image_load_fd(int fd, size_t hint, size_t max, uint8_t **out, size_t *len,
		       char *err, size_t errlen)
{
	*out = NULL;
	*len = 0;
	return load_read(fd, hint, max, out, len, err, errlen);
}

int mefw_image_load(const char *path, size_t max, uint8_t **out, size_t *len,
		    char *err, size_t errlen)
{
	struct stat st;
	int fd, rc;

	*out = NULL;
	*len = 0;
	fd = load_open(path, &st, err, errlen);
	if (fd < 0)
		return fd;
	if (st.st_size > 0 && (uint64_t)st.st_size > max) {
		close(fd);
		return load_err(err, errlen, -EFBIG,
				"file too large for an ME image: %lld bytes (limit %zu MiB)",
				(long long)st.st_size, max >> 20);
	}
	rc = load_read(fd, st.st_size > 0 ? (size_t)st.st_size : 0, max, out, len,
		       err, errlen);
	close(fd);
	return rc;
}
