/* SPDX-License-Identifier: GPL-2.0 */
/* libmefw image parser: internal helpers shared by the lib/image sources */
#ifndef MEFW_IMAGE_INT_H
#define MEFW_IMAGE_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "image.h"
#include "mefw_image_layout.h"

/* a read-only view of the caller's buffer; every access is bounds-checked */
struct buf {
	const uint8_t *p;
	size_t len;
	void (*release)(void *ctx, const void *p, size_t len);
	void *release_ctx;
};

#define IMG_RELEASE_MIN	(16u << 10)
#define IMG_SCAN_CHUNK	(128u << 10)	/* big scans release as they go */

/* tell the caller we are done with [off, off + n) for now (opts->release) */
static inline void buf_release(const struct buf *b, size_t off, size_t n)
{
	if (b->release && n >= IMG_RELEASE_MIN && off <= b->len && n <= b->len - off)
		b->release(b->release_ctx, b->p + off, n);
}

/* true when [off, off + n) lies inside the buffer (no overflow) */
static inline bool in_buf(const struct buf *b, size_t off, size_t n)
{
	return off <= b->len && n <= b->len - off;
}

static inline bool rd8(const struct buf *b, size_t off, uint8_t *v)
{
	if (!in_buf(b, off, 1))
		return false;
	*v = b->p[off];
	return true;
}

static inline bool rd16(const struct buf *b, size_t off, uint16_t *v)
{
	if (!in_buf(b, off, 2))
		return false;
	*v = (uint16_t)(b->p[off] | (b->p[off + 1] << 8));
	return true;
}

static inline bool rd32(const struct buf *b, size_t off, uint32_t *v)
{
	if (!in_buf(b, off, 4))
		return false;
	*v = (uint32_t)b->p[off] | ((uint32_t)b->p[off + 1] << 8) |
	     ((uint32_t)b->p[off + 2] << 16) | ((uint32_t)b->p[off + 3] << 24);
	return true;
}

static inline bool match(const struct buf *b, size_t off, const char *s, size_t n)
{
	return in_buf(b, off, n) && memcmp(b->p + off, s, n) == 0;
}

/*
 * Decompressed output (and CSME padding) one verification may produce:
 * real images inflate less than their own size (every ME 2-11 image of
 * the iwoka repository and of our corpus: at most 0.70x), so twice the
 * file plus 256 KiB leaves room while keeping the worst input within a
 * small multiple of an ordinary verification of the same size (`make
 * bench`); never more than MEFW_IMG_MAX_INFLATE.
 */
static inline uint64_t img_inflate_budget(const struct mefw_image *img)
{
	uint64_t b = 2 * (uint64_t)img->file_size + (256u << 10);

	return b < MEFW_IMG_MAX_INFLATE ? b : MEFW_IMG_MAX_INFLATE;
}

/* find @needle in [from, to) of the buffer; returns offset or SIZE_MAX */
size_t img_find(const struct buf *b, size_t from, size_t to,
		const void *needle, size_t nlen);

/* first byte in [from, to) that is not 0xFF, else @to (releases as it scans) */
size_t img_next_non_ff(const struct buf *b, size_t from, size_t to);

/* copy a fixed-size name field: stops at NUL, non-printables become '?' */
void img_name(char *dst, size_t dstsz, const uint8_t *src, size_t n);

int img_err(struct mefw_image *img, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void img_check(struct mefw_image *img, const char *what, const char *subject,
	       enum mefw_check_status st, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* fpt.c */
int img_locate_region(struct mefw_image *img, const struct buf *b);
int img_parse_fpt(struct mefw_image *img, const struct buf *b);
void img_check_fpt(struct mefw_image *img, const struct buf *b);
const struct mefw_img_part *img_part(const struct mefw_image *img, const char *name);

/* manifest.c */
bool img_is_manifest(const struct buf *b, size_t off);
int img_add_manifest(struct mefw_image *img, const struct buf *b, size_t off,
		     size_t limit, const char *partition);
int img_find_manifests(struct mefw_image *img, const struct buf *b);
int img_identity(struct mefw_image *img, const struct buf *b);
/* "<partition>" or "@0x<offset>": how checks name a manifest */
void img_manifest_subject(const struct mefw_img_manifest *m, char *s, size_t n);

/* cpd.c */
bool img_is_cpd(const struct buf *b, size_t off);
int img_parse_cpd(struct mefw_image *img, const struct buf *b, size_t off,
		  size_t limit, const char *partition);
void img_check_cpd(struct mefw_image *img, const struct buf *b, bool hashes);
void img_cpd_identity(struct mefw_image *img, const struct buf *b,
		      const struct mefw_img_manifest *m);

/* keys.c */
struct img_key {
	const char *sha256_hex;	/* the full SHA-256, 64 upper-case hex digits */
	const char *family;	/* "ME", "CSME" */
	const char *range;	/* as ME Analyzer names it: "9.0-9.1" */
	uint16_t lo[3], hi[3];	/* major, minor, hotfix it signs (inclusive) */
	bool pre;		/* pre-production key */
};
enum img_key_verdict {
	IMG_KEY_OK,		/* an Intel key bound to this family and version */
	IMG_KEY_OTHER_FIRMWARE,	/* an Intel key of another family / version */
	IMG_KEY_UNKNOWN,	/* not a known Intel key */
};
enum img_key_verdict img_key_lookup(const uint8_t sha[32], const char *family,
				    uint16_t major, uint16_t minor, uint16_t hotfix,
				    const struct img_key **out);
void img_key_name(const struct img_key *k, char *buf, size_t n);
void img_key_ranges(const struct img_key *k, char *buf, size_t n);
void img_hex_upper(char *out, const uint8_t *in, size_t n);
#ifdef MEFW_IMAGE_TEST_HOOKS
/* unit tests only: trust one more key (never compiled into libmefw) */
int img_test_add_key(const char *hex, const char *family, uint16_t lo_major,
		     uint16_t lo_minor, uint16_t hi_major, uint16_t hi_minor,
		     bool pre);
void img_test_clear_keys(void);
#endif

/* verify.c */
void img_check_manifest(struct mefw_image *img, const struct buf *b,
			const struct mefw_img_manifest *m,
			const struct mefw_img_opts *opts);

/* digest.c: SHA-1 (@sha1) or SHA-256 over segments of the buffer */
struct img_seg {
	const uint8_t *p;
	size_t len;
};
bool img_digest_segs(const struct buf *b, bool sha1, const struct img_seg *s,
		     unsigned int n, uint8_t *out);
/* @h equals @stored read backwards (Intel stores hashes byte-reversed) */
bool img_hash_reversed_eq(const uint8_t *h, const uint8_t *stored, size_t n);

/* modules.c */
enum mod_result { MOD_OK, MOD_MISMATCH, MOD_CORRUPT, MOD_TRUNCATED,
		  MOD_TOO_BIG, MOD_ERROR };
enum mod_result img_lzma_sha256(struct mefw_image *img, const struct buf *b,
				const struct img_seg *in, unsigned int nseg, uint32_t usz,
				bool pad_to_usz, uint8_t out_hash[32], uint64_t *produced);
bool img_mn2_extent(const struct buf *b, const struct mefw_img_manifest *m,
		    uint64_t *end);
void img_check_modules(struct mefw_image *img, const struct buf *b,
		       const struct mefw_img_manifest *m);

#endif /* MEFW_IMAGE_INT_H */
