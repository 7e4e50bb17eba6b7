// SPDX-License-Identifier: GPL-2.0
/* Sealing images passed as file descriptors (see seal.h) */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "seal.h"
#include "mefw.h"

/*
 * libcrypto without openssl.cnf and its error strings (like mefwctl info:
 * a system crypto policy must not refuse the historical formats), at the
 * first use only: an idle mefwd never touches libcrypto's pages.
 * Idempotent and thread-safe.
 */
static void crypto_init(void)
{
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG |
			    OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
}

static void sha256_hex(const uint8_t *buf, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0, i;

	crypto_init();
	if (!EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL) || n != 32) {
		hex[0] = '\0';
		return;
	}
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
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

/* read all of @fd (size @size) with pread; 0 or -1 with r->msg */
static int read_all(struct seal_req *r, uint8_t *buf, size_t size)
{
	size_t got = 0;
	ssize_t n;
	char extra;

	while (got < size) {
		n = pread(r->fd, buf + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail(r, SEAL_BAD_IMAGE, "cannot read the image: %s",
				    strerror(errno));
		if (n == 0)
			return fail(r, SEAL_BAD_IMAGE,
				    "the image file shrank while it was being read (%zu of %zu bytes)",
				    got, size);
		got += (size_t)n;
	}
	if (pread(r->fd, &extra, 1, (off_t)size) > 0)
		return fail(r, SEAL_BAD_IMAGE, "the image file grew while it was being read");
	return 0;
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

static void check(struct seal_req *r, const uint8_t *buf, size_t size)
{
	struct mefw_img_opts opts = { .trust_test_key = r->trust_test_key };
	struct mefw_image *img;

	img = calloc(1, sizeof(*img));
	if (!img) {
		fail(r, SEAL_IO, "out of memory");
		return;
	}
	r->img = img;
	if (!cache_get(r->cache, r->sha256, img)) {
		if (mefw_image_parse(img, buf, size)) {
			fail(r, SEAL_BAD_IMAGE, "not an ME firmware image: %s", img->error);
			return;
		}
		r->parsed = true;
		if (mefw_image_verify(img, buf, size, &opts)) {
			fail(r, SEAL_BAD_IMAGE, "integrity check failed: %s", img->error);
			return;
		}
		cache_put(r->cache, r->sha256, img);
	}
	r->parsed = true;
	r->intact = true;
	if (r->check_compat &&
	    mefw_compat_check(img, &r->ident, &r->copts, &r->compat)) {
		fail(r, SEAL_REFUSED, "%d: %s", r->compat.code, r->compat.message);
		return;
	}
}

void seal_run(struct seal_req *r)
{
	uint8_t *buf = NULL;
	struct stat st;

	r->result = SEAL_OK;
	r->msg[0] = '\0';
	if (fstat(r->fd, &st) < 0) {
		fail(r, SEAL_BAD_IMAGE, "cannot stat the image: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		fail(r, SEAL_BAD_IMAGE, "the image is a directory, not a file");
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(r, SEAL_BAD_IMAGE, "the image is not a regular file (%s)",
		     S_ISFIFO(st.st_mode) ? "a pipe" : S_ISSOCK(st.st_mode) ? "a socket" :
		     S_ISCHR(st.st_mode) ? "a character device" :
		     S_ISBLK(st.st_mode) ? "a block device" : "unknown type");
		goto out;
	}
	if (st.st_size == 0) {
		fail(r, SEAL_BAD_IMAGE, "the image file is empty");
		goto out;
	}
	if ((uint64_t)st.st_size > MEFW_UPDATE_MAX_LENGTH) {
		fail(r, SEAL_BAD_IMAGE,
		     "the image is too large: %lld bytes (the limit is %u MiB)",
		     (long long)st.st_size, MEFW_UPDATE_MAX_LENGTH >> 20);
		goto out;
	}
	r->size = (uint64_t)st.st_size;
	buf = malloc(r->size);
	if (!buf) {
		fail(r, SEAL_IO, "out of memory for a %" PRIu64 " byte image", r->size);
		goto out;
	}
	if (read_all(r, buf, r->size))
		goto out;
	sha256_hex(buf, r->size, r->sha256);
	if (r->imgdirfd >= 0 && write_copy(r, buf, r->size))
		goto out;
	check(r, buf, r->size);
	if (r->result != SEAL_OK && r->imgdirfd >= 0 && !r->keep_going) {
		char name[64];

		snprintf(name, sizeof(name), "%" PRIu64 ".bin", r->id);
		unlinkat(r->imgdirfd, name, 0);
	}
out:
	free(buf);
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

static uint8_t *read_copy(int imgdirfd, uint64_t id, size_t *len, char *msg,
			  size_t msglen)
{
	char name[64];
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	int fd;

	snprintf(name, sizeof(name), "%" PRIu64 ".bin", id);
	fd = openat(imgdirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > MEFW_UPDATE_MAX_LENGTH || st.st_size == 0) {
		snprintf(msg, msglen, "image copy lost: images/%s: %s", name,
			 fd < 0 ? strerror(errno) : "not a plausible image file");
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size);
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf || got != (size_t)st.st_size) {
		snprintf(msg, msglen, "image copy lost: cannot read images/%s", name);
		free(buf);
		return NULL;
	}
	*len = got;
	return buf;
}

int seal_hash_copy(int imgdirfd, uint64_t id, char hex[65])
{
	char msg[128];
	size_t len;
	uint8_t *buf = read_copy(imgdirfd, id, &len, msg, sizeof(msg));

	if (!buf)
		return -ENOENT;
	sha256_hex(buf, len, hex);
	free(buf);
	return 0;
}

struct mefw_image *seal_load_copy(int imgdirfd, uint64_t id, const char *sha256,
				  bool trust_test_key, bool *sha_ok, char *msg,
				  size_t msglen)
{
	struct mefw_img_opts opts = { .trust_test_key = trust_test_key };
	struct mefw_image *img;
	char hex[65];
	size_t len;
	uint8_t *buf;

	if (sha_ok)
		*sha_ok = false;
	buf = read_copy(imgdirfd, id, &len, msg, msglen);
	if (!buf)
		return NULL;
	sha256_hex(buf, len, hex);
	if (strcmp(hex, sha256)) {
		snprintf(msg, msglen, "image copy lost: images/%" PRIu64
			 ".bin does not match its SHA-256 any more", id);
		free(buf);
		return NULL;
	}
	if (sha_ok)
		*sha_ok = true;
	img = calloc(1, sizeof(*img));
	if (!img) {
		snprintf(msg, msglen, "out of memory");
	} else if (mefw_image_parse(img, buf, len)) {
		snprintf(msg, msglen, "not an ME firmware image: %s", img->error);
	} else if (mefw_image_verify(img, buf, len, &opts)) {
		snprintf(msg, msglen, "integrity check failed: %s", img->error);
	} else {
		free(buf);
		return img;
	}
	free(img);
	free(buf);
	return NULL;
}
