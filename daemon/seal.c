// SPDX-License-Identifier: GPL-2.0
/*
 * Sealing images passed as file descriptors (see seal.h).  The bytes are
 * checked by mefwd-verify (daemon/mefwd-verify.c, protocol in verify.h,
 * run by verify_client.c), a fresh jailed process per image: the parser
 * never runs inside mefwd, and mefwd does not link libcrypto or liblzma.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seal.h"
#include "verify_client.h"
#include "mefw.h"

/* the reply of the checker, validated (verify_reply.h) */
static struct mefw_image *reply_image(const struct verify_out *out)
{
	struct mefw_image *img = calloc(1, sizeof(*img));

	if (!img)
		return NULL;
	memcpy(img, out->img, VERIFY_IMG_BYTES);
	/* the checks themselves stayed in the checker */
	img->nchecks = 0;
	img->checks_dropped = 0;
	return img;
}

void seal_version_str(const struct mefw_image *img, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", img->major, img->minor, img->hotfix,
		 img->build);
}

static int fail(struct seal_req *r, enum seal_result res, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct seal_req *r, enum seal_result res, const char *fmt, ...)
{
	va_list ap;

	r->result = res;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * The caller's image into memory (mefw_image_load_fd: bounded, from offset
 * 0); the file must keep the size fstat gave: 0 or -1 with r->msg.
 */
static int read_image(struct seal_req *r, uint8_t **buf)
{
	char err[160];
	size_t len;
	int rc = mefw_image_load_fd(r->fd, r->size, MEFW_UPDATE_MAX_LENGTH, buf, &len, err,
				    sizeof(err));

	if (rc == -ENOMEM)
		return fail(r, SEAL_IO, "out of memory for a %" PRIu64 " byte image", r->size);
	if (rc == -EFBIG || (!rc && len > r->size))
		rc = fail(r, SEAL_BAD_IMAGE, "the image file grew while it was being read");
	else if (rc)
		rc = fail(r, SEAL_BAD_IMAGE, "cannot read the image: %s", strerror(-rc));
	else if (len < r->size)
		rc = fail(r, SEAL_BAD_IMAGE,
			  "the image file shrank while it was being read (%zu of %" PRIu64 " bytes)",
			  len, r->size);
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

static int write_copy(struct seal_req *r, const uint8_t *buf, size_t size)
{
	char name[64];
	size_t off = 0;
	int fd;

	snprintf(name, sizeof(name), "%" PRIu64 ".bin", r->id);
	fd = openat(r->imgdirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
		    O_NOFOLLOW, 0600);
	if (fd < 0)
		return fail(r, SEAL_IO, "cannot create the image copy images/%s: %s",
			    name, strerror(errno));
	while (off < size) {
		ssize_t n = write(fd, buf + off, size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;

			close(fd);
			unlinkat(r->imgdirfd, name, 0);
			return fail(r, SEAL_IO, "cannot write the image copy images/%s: %s",
				    name, strerror(e));
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0) {
		int e = errno;

		close(fd);
		unlinkat(r->imgdirfd, name, 0);
		return fail(r, SEAL_IO, "cannot fsync the image copy images/%s: %s",
			    name, strerror(e));
	}
	close(fd);
	fsync(r->imgdirfd);
	return 0;
}

void seal_cache_init(struct seal_cache *c)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
}

void seal_cache_free(struct seal_cache *c)
{
	free(c->img);
	c->img = NULL;
	pthread_mutex_destroy(&c->lock);
}

/* a verified image with these bytes? copy it into @img */
static bool cache_get(struct seal_cache *c, const char *sha, struct mefw_image *img)
{
	bool hit = false;

	if (!c || !sha[0])
		return false;
	pthread_mutex_lock(&c->lock);
	if (c->img && !strcmp(c->sha256, sha)) {
		memcpy(img, c->img, sizeof(*img));
		hit = true;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

static void cache_put(struct seal_cache *c, const char *sha, const struct mefw_image *img)
{
	struct mefw_image *copy;

	if (!c || !sha[0])
		return;
	copy = malloc(sizeof(*copy));
	if (!copy)
		return;
	memcpy(copy, img, sizeof(*copy));
	pthread_mutex_lock(&c->lock);
	free(c->img);
	c->img = copy;
	snprintf(c->sha256, sizeof(c->sha256), "%s", sha);
	pthread_mutex_unlock(&c->lock);
}

/* an fd the helper reads: a sealed memfd holding @buf (inspect: no copy) */
static int memfd_of(struct seal_req *r, const uint8_t *buf, size_t size)
{
	size_t off = 0;
	int fd = memfd_create("mefwd-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0) {
		fail(r, SEAL_IO, "cannot hand the image to the verification helper: memfd: %s",
		     strerror(errno));
		return -1;
	}
	while (off < size) {
		ssize_t n = write(fd, buf + off, size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fail(r, SEAL_IO, "cannot hand the image to the verification helper: %s",
			     n < 0 ? strerror(errno) : "short write");
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	return fd;
}

/* the sealed copy DIR/images/<id>.bin, read-only, if it is plausible; or -1 and @msg */
static int open_copy(int imgdirfd, uint64_t id, char *msg, size_t msglen)
{
	char name[64];
	struct stat st;
	int fd;

	snprintf(name, sizeof(name), "%" PRIu64 ".bin", id);
	fd = openat(imgdirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > MEFW_UPDATE_MAX_LENGTH || st.st_size == 0) {
		snprintf(msg, msglen, "image copy lost: images/%s: %s", name,
			 fd < 0 ? strerror(errno) : "not a plausible image file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* the SHA-256 of the cached image into @known ("" when the cache is empty) */
static void cache_known(struct seal_cache *c, char known[65])
{
	known[0] = '\0';
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	if (c->img)
		snprintf(known, 65, "%s", c->sha256);
	pthread_mutex_unlock(&c->lock);
}

/* the checker's reply on the bytes of @vfd, read whole; 0 or -1 with r->msg */
static int run_checker(struct seal_req *r, int vfd, const char *known, struct verify_out *out)
{
	enum seal_result res;

	if (verify_client_run(r->verify, vfd, r->trust_test_key ? VERIFY_REQ_TRUST_TEST_KEY : 0,
			      known, out, &res, r->msg, sizeof(r->msg))) {
		r->result = res;
		return -1;
	}
	if (out->rep.status == VERIFY_UNREADABLE || out->rep.status == VERIFY_HASHED)
		return fail(r, SEAL_IO, "image verification failed: the helper could not read the image: %s",
			    out->rep.msg);
	if (out->rep.size != r->size)
		return fail(r, SEAL_IO, "image verification failed: the helper read %" PRIu64
			    " bytes, not %" PRIu64, out->rep.size, r->size);
	snprintf(r->sha256, sizeof(r->sha256), "%s", out->rep.sha256);
	return 0;
}

/* VERIFY_CACHED: the cached image; 0, 1 when the cache changed meanwhile, -1 */
static int take_cached(struct seal_req *r)
{
	r->img = calloc(1, sizeof(*r->img));
	if (!r->img)
		return fail(r, SEAL_IO, "out of memory");
	if (cache_get(r->cache, r->sha256, r->img))
		return 0;
	free(r->img);
	r->img = NULL;
	return 1;
}

/* the checker parsed and verified: its verdict; 0 for an intact image */
static int take_reply(struct seal_req *r, const struct verify_out *out)
{
	r->img = reply_image(out);
	if (!r->img)
		return fail(r, SEAL_IO, "out of memory");
	if (out->rep.status == VERIFY_NOT_IMAGE)
		return fail(r, SEAL_BAD_IMAGE, "not an ME firmware image: %s", out->rep.msg);
	r->parsed = true;
	if (out->rep.status == VERIFY_DAMAGED)
		return fail(r, SEAL_BAD_IMAGE, "integrity check failed: %s", out->rep.msg);
	cache_put(r->cache, r->sha256, r->img);
	return 0;
}

/* parse + verify (by the helper) the bytes on @vfd, then the rules */
static void check(struct seal_req *r, int vfd)
{
	struct verify_out *out = malloc(sizeof(*out));
	char known[65];
	int rc;

	if (!out) {
		fail(r, SEAL_IO, "out of memory");
		return;
	}
	cache_known(r->cache, known);
	do {
		if (run_checker(r, vfd, known, out))
			goto out;
		rc = out->rep.status == VERIFY_CACHED ? take_cached(r) : take_reply(r, out);
		/* replaced meanwhile by another image: check these bytes */
		known[0] = '\0';
	} while (rc > 0);
	if (rc)
		goto out;
	r->parsed = true;
	r->intact = true;
	if (r->check_compat &&
	    mefw_compat_check(r->img, &r->ident, &r->copts, &r->compat))
		fail(r, SEAL_REFUSED, "%d: %s", r->compat.code, r->compat.message);
out:
	free(out);
}

/* the caller's fd: a regular, non-empty file within the limit; sets r->size */
static int stat_image(struct seal_req *r)
{
	struct stat st;

	if (fstat(r->fd, &st) < 0)
		return fail(r, SEAL_BAD_IMAGE, "cannot stat the image: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return fail(r, SEAL_BAD_IMAGE, "the image is a directory, not a file");
	if (!S_ISREG(st.st_mode))
		return fail(r, SEAL_BAD_IMAGE, "the image is not a regular file (%s)",
			    S_ISFIFO(st.st_mode) ? "a pipe" : S_ISSOCK(st.st_mode) ? "a socket" :
			    S_ISCHR(st.st_mode) ? "a character device" :
			    S_ISBLK(st.st_mode) ? "a block device" : "unknown type");
	if (st.st_size == 0)
		return fail(r, SEAL_BAD_IMAGE, "the image file is empty");
	if ((uint64_t)st.st_size > MEFW_UPDATE_MAX_LENGTH)
		return fail(r, SEAL_BAD_IMAGE,
			    "the image is too large: %lld bytes (the limit is %u MiB)",
			    (long long)st.st_size, MEFW_UPDATE_MAX_LENGTH >> 20);
	r->size = (uint64_t)st.st_size;
	return 0;
}

/*
 * The fd the checker reads: the private copy DIR/images/<id>.bin (it
 * checks exactly the bytes that will be flashed), or for an inspection a
 * sealed memfd; -1 with r->msg.
 */
static int checker_fd(struct seal_req *r, const uint8_t *buf)
{
	int vfd;

	if (r->imgdirfd < 0)
		return memfd_of(r, buf, r->size);
	if (write_copy(r, buf, r->size))
		return -1;
	vfd = open_copy(r->imgdirfd, r->id, r->msg, sizeof(r->msg));
	if (vfd < 0)
		r->result = SEAL_IO;
	return vfd;
}

void seal_run(struct seal_req *r)
{
	uint8_t *buf = NULL;
	int vfd = -1;

	r->result = SEAL_OK;
	r->msg[0] = '\0';
	if (stat_image(r) || read_image(r, &buf))
		goto out;
	vfd = checker_fd(r, buf);
	free(buf);
	if (vfd >= 0)
		check(r, vfd);
	if (r->result != SEAL_OK && r->imgdirfd >= 0 && !r->keep_going) {
		char name[64];

		snprintf(name, sizeof(name), "%" PRIu64 ".bin", r->id);
		unlinkat(r->imgdirfd, name, 0);
	}
out:
	if (vfd >= 0)
		close(vfd);
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

int seal_hash_copy(struct verify_client *vc, int imgdirfd, uint64_t id, char hex[65],
		   char *msg, size_t msglen)
{
	struct verify_out *out;
	enum seal_result res;
	int fd, rc = 0;

	fd = open_copy(imgdirfd, id, msg, msglen);
	if (fd < 0)
		return -ENOENT;
	out = malloc(sizeof(*out));
	if (!out) {
		snprintf(msg, msglen, "out of memory");
		rc = -EIO;
	} else if (verify_client_run(vc, fd, VERIFY_REQ_HASH_ONLY, NULL, out, &res, msg, msglen)) {
		rc = -EIO;
	} else if (out->rep.status != VERIFY_HASHED) {
		snprintf(msg, msglen, "image copy lost: cannot read images/%" PRIu64 ".bin: %s",
			 id, out->rep.msg);
		rc = -ENOENT;
	} else {
		snprintf(hex, 65, "%s", out->rep.sha256);
	}
	free(out);
	close(fd);
	return rc;
}

struct mefw_image *seal_load_copy(struct verify_client *vc, int imgdirfd, uint64_t id,
				  const char *sha256, bool trust_test_key, bool *sha_ok,
				  char *msg, size_t msglen)
{
	struct mefw_image *img = NULL;
	struct verify_out *out;
	enum seal_result res;
	int fd;

	if (sha_ok)
		*sha_ok = false;
	fd = open_copy(imgdirfd, id, msg, msglen);
	if (fd < 0)
		return NULL;
	out = malloc(sizeof(*out));
	if (!out) {
		snprintf(msg, msglen, "out of memory");
		goto out;
	}
	if (verify_client_run(vc, fd, trust_test_key ? VERIFY_REQ_TRUST_TEST_KEY : 0, NULL, out,
			      &res, msg, msglen))
		goto out;
	if (out->rep.status == VERIFY_UNREADABLE || out->rep.status > VERIFY_DAMAGED ||
	    out->rep.status == VERIFY_HASHED || out->rep.status == VERIFY_CACHED) {
		snprintf(msg, msglen, "image copy lost: cannot read images/%" PRIu64 ".bin: %s",
			 id, out->rep.msg);
		goto out;
	}
	if (strcmp(out->rep.sha256, sha256)) {
		snprintf(msg, msglen, "image copy lost: images/%" PRIu64
			 ".bin does not match its SHA-256 any more", id);
		goto out;
	}
	if (sha_ok)
		*sha_ok = true;
	if (out->rep.status == VERIFY_NOT_IMAGE)
		snprintf(msg, msglen, "not an ME firmware image: %s", out->rep.msg);
	else if (out->rep.status == VERIFY_DAMAGED)
		snprintf(msg, msglen, "integrity check failed: %s", out->rep.msg);
	else if (!(img = reply_image(out)))
		snprintf(msg, msglen, "out of memory");
out:
	free(out);
	close(fd);
	return img;
}
