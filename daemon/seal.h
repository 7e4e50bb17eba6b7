/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sealing an image the caller passed as a file descriptor: fstat checks,
 * a private copy DIR/images/<id>.bin (0600, fsync) and its SHA-256, then
 * parse + verify + (optionally) the compatibility rules on the bytes we
 * copied, so the caller cannot change what gets flashed.  SHA-256, parsing
 * and verification run in the checker mefwd-verify (a fresh jailed
 * process per image, killed after 60 s; daemon/verify.h, verify_client.h,
 * whose struct verify_client each call is given), the rules in mefwd.
 * Blocking: runs in a thread (or at start-up).
 */
#ifndef MEFWD_SEAL_H
#define MEFWD_SEAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "image/image.h"

struct verify_client;

/* where `make install` puts the helper (mk/daemon.mk passes LIBEXECDIR) */
#ifndef MEFWD_VERIFY_PATH
#define MEFWD_VERIFY_PATH "/usr/libexec/mefw/mefwd-verify"
#endif

/*
 * The last verified image, by SHA-256: `mefwctl update` inspects the image
 * and then requests the update with the same bytes; the second check would
 * give the same verdict (same bytes, same key policy), so it is skipped.
 */
struct seal_cache {
	pthread_mutex_t lock;
	char sha256[65];
	struct mefw_image *img;	/* verified; NULL = empty */
};

void seal_cache_init(struct seal_cache *c);
void seal_cache_free(struct seal_cache *c);

enum seal_result {
	SEAL_OK = 0,
	SEAL_BAD_IMAGE,		/* MEFW_ERROR_BAD_IMAGE */
	SEAL_REFUSED,		/* MEFW_ERROR_REFUSED, @code set */
	SEAL_IO,		/* MEFW_ERROR_IO */
};

struct seal_req {
	/* in */
	int fd;				/* the caller's image (we own it) */
	int imgdirfd;			/* DIR/images, or -1: inspect only */
	uint64_t id;			/* copy name */
	bool trust_test_key;
	bool check_compat;		/* @ident is valid */
	struct mefw_device_ident ident;
	struct mefw_compat_opts copts;
	bool keep_going;		/* inspect: report a refusal, no error */
	struct seal_cache *cache;	/* may be NULL */
	struct verify_client *verify;	/* the checker */
	/* out */
	enum seal_result result;
	char msg[400];
	struct mefw_image *img;		/* parsed (+verified) image, malloc()ed */
	bool parsed, intact;
	uint64_t size;
	char sha256[65];
	struct mefw_compat_result compat;
};

/* run the request (closes @fd) */
void seal_run(struct seal_req *r);

/*
 * Re-load a sealed copy with the checker @vc: read DIR/images/<id>.bin,
 * check its SHA-256 against @sha256, parse and verify it.  Returns the image (malloc()ed)
 * or NULL with @msg set.  @sha_ok (may be NULL) tells whether the copy
 * exists and matched.
 */
struct mefw_image *seal_load_copy(struct verify_client *vc, int imgdirfd, uint64_t id,
				  const char *sha256, bool trust_test_key, bool *sha_ok,
				  char *msg, size_t msglen);

/*
 * SHA-256 of the copy (by the helper): 0 and @hex filled; -ENOENT: the
 * copy is missing or unreadable; -EIO: the helper failed (@msg either way)
 */
int seal_hash_copy(struct verify_client *vc, int imgdirfd, uint64_t id, char hex[65],
		   char *msg, size_t msglen);

/* "a.b.c.d" of an image */
void seal_version_str(const struct mefw_image *img, char *buf, size_t len);

#endif /* MEFWD_SEAL_H */
