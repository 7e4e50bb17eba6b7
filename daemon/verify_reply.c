// SPDX-License-Identifier: GPL-2.0
/*
 * Validating the image checker's reply (see verify_reply.h).  Bools and
 * strings are fixed on the raw bytes (by offset), before anything reads
 * them as C objects: a bool byte other than 0 or 1 is not a value a
 * program may read.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_reply.h"
#include "mefw.h"

_Static_assert(sizeof(bool) == 1, "bools are one byte");

#define IMG_OFF(f) offsetof(struct mefw_image, f)
#define PART_OFF(i, f) (IMG_OFF(parts) + (i) * sizeof(struct mefw_img_part) + \
			offsetof(struct mefw_img_part, f))
#define MAN_OFF(i, f) (IMG_OFF(manifests) + (i) * sizeof(struct mefw_img_manifest) + \
		       offsetof(struct mefw_img_manifest, f))

static int bad(char *msg, size_t msglen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(msg, msglen, "image verification failed: invalid reply from the checker: ");
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < msglen)
		vsnprintf(msg + n, msglen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* a string of @len bytes: NUL-terminated, printable ASCII ('?' for the rest) */
static bool str_ok(char *s, size_t len)
{
	char *end = memchr(s, '\0', len);

	if (!end)
		return false;
	for (; s < end; s++)
		if (*s < 0x20 || *s > 0x7e)
			*s = '?';
	return true;
}

static void bool_fix(unsigned char *raw, size_t off)
{
	raw[off] = raw[off] != 0;
}

/* the strings and bools of the image, on its raw bytes; 0 or -1 */
static int img_raw_fix(unsigned char *raw, char *msg, size_t msglen)
{
	static const struct { size_t off, len; const char *name; } strs[] = {
#define S(f) { IMG_OFF(f), sizeof(((struct mefw_image *)0)->f), #f }
		S(family), S(version), S(release), S(type), S(sku), S(date),
		S(chipset), S(key_name),
#undef S
	};
	static const size_t bools[] = {
		IMG_OFF(has_tcb_svn), IMG_OFF(has_vcn), IMG_OFF(key_known),
		IMG_OFF(key_is_test), IMG_OFF(key_pre), IMG_OFF(sku_valid),
		IMG_OFF(has_descriptor), IMG_OFF(has_fpt), IMG_OFF(has_cpd),
		IMG_OFF(verified),
	};
	size_t i;

	_Static_assert(IMG_OFF(key_name) < VERIFY_IMG_BYTES && IMG_OFF(verified) < VERIFY_IMG_BYTES,
		       "the fields checked here are sent");
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (!str_ok((char *)raw + strs[i].off, strs[i].len))
			return bad(msg, msglen, "unterminated string %s", strs[i].name);
	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++)
		bool_fix(raw, bools[i]);
	for (i = 0; i < MEFW_IMG_MAX_PARTS; i++) {
		if (!str_ok((char *)raw + PART_OFF(i, name), sizeof(((struct mefw_img_part *)0)->name)) ||
		    !str_ok((char *)raw + PART_OFF(i, owner), sizeof(((struct mefw_img_part *)0)->owner)))
			return bad(msg, msglen, "unterminated partition name %zu", i);
		bool_fix(raw, PART_OFF(i, valid));
		bool_fix(raw, PART_OFF(i, present));
		bool_fix(raw, PART_OFF(i, empty));
	}
	for (i = 0; i < MEFW_IMG_MAX_MANIFESTS; i++)
		if (!str_ok((char *)raw + MAN_OFF(i, tag), sizeof(((struct mefw_img_manifest *)0)->tag)) ||
		    !str_ok((char *)raw + MAN_OFF(i, partition),
			    sizeof(((struct mefw_img_manifest *)0)->partition)))
			return bad(msg, msglen, "unterminated manifest name %zu", i);
	return 0;
}

/* counts, indices, enums and offsets of a fixed-up image of @size bytes */
static int img_ranges(const struct mefw_image *img, uint64_t size, char *msg, size_t msglen)
{
	if (img->kind > MEFW_IMG_UPDATE || img->gen > MEFW_GEN_CPD)
		return bad(msg, msglen, "kind %d / generation %d", (int)img->kind, (int)img->gen);
	if (img->nparts > MEFW_IMG_MAX_PARTS || img->nmanifests > MEFW_IMG_MAX_MANIFESTS)
		return bad(msg, msglen, "%u partitions, %u manifests", img->nparts,
			   img->nmanifests);
	if (img->main_manifest < -1 || img->main_manifest >= (int)img->nmanifests)
		return bad(msg, msglen, "main manifest %d of %u", img->main_manifest,
			   img->nmanifests);
	if (img->production_ready < -1 || img->production_ready > 1)
		return bad(msg, msglen, "production_ready %d", img->production_ready);
	if (img->file_size != size || img->region_offset > size ||
	    img->region_size > size - img->region_offset ||
	    (img->has_fpt && img->fpt_offset >= size) ||
	    (img->has_cpd && img->cpd_offset >= size))
		return bad(msg, msglen, "offsets outside the %llu byte image",
			   (unsigned long long)size);
	if (img->nchecks > MEFW_IMG_MAX_CHECKS)
		return bad(msg, msglen, "%u checks", img->nchecks);
	return 0;
}

static int sha_ok(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

static int header_ok(struct verify_out *out, size_t got, int extra, char *msg, size_t msglen)
{
	struct verify_reply *r = &out->rep;

	if (got != VERIFY_OUT_BYTES || extra || r->magic != VERIFY_MAGIC ||
	    r->proto != VERIFY_PROTO || r->img_bytes != VERIFY_IMG_BYTES)
		return bad(msg, msglen, "%zu%s bytes (not from this build of mefwd?)", got,
			   extra ? "+" : "");
	if (r->status > VERIFY_DAMAGED)
		return bad(msg, msglen, "status %u", r->status);
	if (!str_ok(r->msg, sizeof(r->msg)))
		return bad(msg, msglen, "unterminated message");
	if (r->status == VERIFY_UNREADABLE) {
		memset(r->sha256, 0, sizeof(r->sha256));
		return 0;
	}
	if (!r->size || r->size > MEFW_UPDATE_MAX_LENGTH)
		return bad(msg, msglen, "size %llu", (unsigned long long)r->size);
	if (!sha_ok(r->sha256))
		return bad(msg, msglen, "SHA-256 is not 64 hex digits");
	return 0;
}

int verify_reply_valid(struct verify_out *out, size_t got, int extra, char *msg, size_t msglen)
{
	struct mefw_image *img;
	int rc;

	if (header_ok(out, got, extra, msg, msglen))
		return -1;
	if (out->rep.status != VERIFY_OK && out->rep.status != VERIFY_NOT_IMAGE &&
	    out->rep.status != VERIFY_DAMAGED) {
		memset(out->img, 0, sizeof(out->img));
		return 0;
	}
	if (img_raw_fix(out->img, msg, msglen))
		return -1;
	img = calloc(1, sizeof(*img));
	if (!img) {
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	memcpy(img, out->img, VERIFY_IMG_BYTES);
	if (out->rep.status == VERIFY_NOT_IMAGE) {
		/* no structure to speak of: only the strings are kept */
		img->nparts = 0;
		img->nmanifests = 0;
		img->main_manifest = -1;
		img->nchecks = 0;
		memcpy(out->img, img, VERIFY_IMG_BYTES);
		rc = 0;
	} else {
		rc = img_ranges(img, out->rep.size, msg, msglen);
	}
	free(img);
	return rc;
}
