// SPDX-License-Identifier: GPL-2.0
/*
 * Image inspection: top level.  mefw_image_parse() finds the ME region,
 * the partition table and the manifests and derives the identity;
 * mefw_image_verify() runs every integrity check and records each one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image_int.h"

size_t img_find(const struct buf *b, size_t from, size_t to,
		const void *needle, size_t nlen)
{
	const uint8_t *hit;

	size_t pos, w, next;

	if (to > b->len)
		to = b->len;
	if (from >= to || nlen == 0 || to - from < nlen)
		return SIZE_MAX;
	if (!b->release) {
		hit = memmem(b->p + from, to - from, needle, nlen);
		return hit ? (size_t)(hit - b->p) : SIZE_MAX;
	}
	/* chunk by chunk, handing back what was searched (opts->release) */
	for (pos = from; to - pos >= nlen; pos = next) {
		w = to - pos;
		if (w > IMG_SCAN_CHUNK + nlen - 1)
			w = IMG_SCAN_CHUNK + nlen - 1;
		hit = memmem(b->p + pos, w, needle, nlen);
		if (hit) {
			/* the caller reads around the hit: keep its page */
			buf_release(b, pos, (size_t)(hit - b->p) - pos);
			return (size_t)(hit - b->p);
		}
		next = pos + w - (nlen - 1);
		buf_release(b, pos, next - pos);
	}
	return SIZE_MAX;
}

size_t img_next_non_ff(const struct buf *b, size_t from, size_t to)
{
	size_t s;

	if (to > b->len)
		to = b->len;
	while (from < to) {
		size_t e = to - from > IMG_SCAN_CHUNK ? from + IMG_SCAN_CHUNK : to;

		for (s = from; from < e && b->p[from] == 0xff; from++)
			;
		if (from < e)
			return from;
		buf_release(b, s, from - s);
	}
	return from;
}

void img_name(char *dst, size_t dstsz, const uint8_t *src, size_t n)
{
	size_t i;

	if (!dstsz)
		return;
	for (i = 0; i < n && i + 1 < dstsz; i++) {
		if (!src[i])
			break;
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	}
	dst[i] = '\0';
}

int img_err(struct mefw_image *img, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(img->error, sizeof(img->error), fmt, ap);
	va_end(ap);
	return code;
}

void img_check(struct mefw_image *img, const char *what, const char *subject,
	       enum mefw_check_status st, const char *fmt, ...)
{
	struct mefw_img_check *c;
	va_list ap;

	switch (st) {
	case MEFW_CHECK_PASS:
		img->npass++;
		break;
	case MEFW_CHECK_FAIL:
		img->nfail++;
		break;
	default:
		img->nnotver++;
		break;
	}
	if (img->nchecks >= MEFW_IMG_MAX_CHECKS) {
		img->checks_dropped++;
		/* never lose a check that blocks the verdict: overwrite the last one */
		if (st == MEFW_CHECK_PASS || (st == MEFW_CHECK_NOT_VERIFIED &&
		    (!strcmp(what, "module_hash") || !strcmp(what, "partition_hash"))))
			return;
		c = &img->checks[MEFW_IMG_MAX_CHECKS - 1];
	} else {
		c = &img->checks[img->nchecks++];
	}
	snprintf(c->what, sizeof(c->what), "%s", what);
	snprintf(c->subject, sizeof(c->subject), "%s", subject ? subject : "");
	c->status = st;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

int mefw_image_parse(struct mefw_image *img, const void *data, size_t len)
{
	return mefw_image_parse_opts(img, data, len, NULL);
}

int mefw_image_parse_opts(struct mefw_image *img, const void *data, size_t len,
			  const struct mefw_img_opts *opts)
{
	struct buf b = { .p = data, .len = len };
	int rc;

	if (opts) {
		b.release = opts->release;
		b.release_ctx = opts->release_ctx;
	}
	if (!img)
		return -EINVAL;
	memset(img, 0, sizeof(*img));
	img->production_ready = -1;
	img->main_manifest = -1;
	img->file_size = len;
	if (!data || len == 0)
		return img_err(img, -ENODATA, "empty file: 0 bytes");
	if (len > MEFW_IMG_MAX_FILE)
		return img_err(img, -EFBIG,
			       "file too large for an ME image: %zu bytes (limit %u MiB)",
			       len, MEFW_IMG_MAX_FILE >> 20);

	rc = img_locate_region(img, &b);
	if (rc)
		return rc;
	rc = img_parse_fpt(img, &b);
	if (rc)
		return rc;
	rc = img_find_manifests(img, &b);
	if (rc)
		return rc;
	return img_identity(img, &b);
}

/* every code partition with data must carry a manifest */
static void check_code_parts(struct mefw_image *img)
{
	static const char *const code[] = { "FTPR", "NFTP", "MDMV", "RCVY", "CODE" };
	unsigned int i, j, k;

	for (i = 0; i < img->nparts; i++) {
		const struct mefw_img_part *p = &img->parts[i];
		bool is_code = false, found = false;

		for (j = 0; j < sizeof(code) / sizeof(code[0]); j++)
			if (!strcmp(p->name, code[j]))
				is_code = true;
		if (!is_code || !p->present || p->empty || p->end > img->region_size)
			continue;
		for (k = 0; k < img->nmanifests; k++)
			if (!strcmp(img->manifests[k].partition, p->name))
				found = true;
		if (!found)
			img_check(img, "structure", p->name, MEFW_CHECK_FAIL,
				  "code partition %s has data but no manifest: it cannot be verified",
				  p->name);
	}
}

/*
 * Update images have no partition table: a truncated file can lose whole
 * partitions unnoticed.  Each $MN2 partition's extent is known (manifest,
 * modules, $MCP code size); after the last partition only 0xFF padding is
 * expected, as in Intel's update images.
 */
static void check_update_tail(struct mefw_image *img, const struct buf *b)
{
	const struct mefw_img_manifest *last = NULL;
	uint64_t end = 0, pos;
	unsigned int i;

	for (i = 0; i < img->nmanifests; i++)
		if (!last || img->manifests[i].offset > last->offset)
			last = &img->manifests[i];
	if (!last || img->gen == MEFW_GEN_CPD || !img_mn2_extent(b, last, &end))
		return;
	if (end > b->len) {
		img_check(img, "structure", last->partition, MEFW_CHECK_FAIL,
			  "partition %s ends at 0x%llx, past the end of the file (0x%zx): truncated",
			  last->partition, (unsigned long long)end, b->len);
		return;
	}
	pos = img_next_non_ff(b, (size_t)end, b->len);
	if (pos < b->len)
		img_check(img, "structure", "", MEFW_CHECK_FAIL,
			  "unexpected data at 0x%llx after the last partition (%s ends at 0x%llx): truncated or damaged",
			  (unsigned long long)pos, last->partition[0] ? last->partition : "?",
			  (unsigned long long)end);
	else
		img_check(img, "structure", "", MEFW_CHECK_PASS,
			  "%u partitions, only padding after the last one", img->nmanifests);
}

/*
 * A file that ends inside a manifest header (HeaderType 4, HeaderLength
 * 0xA1, HeaderVersion 0x10000 at a 4-byte boundary in the last 0x284
 * bytes) was cut short, whatever else checks out.
 */
static void check_cut_manifest(struct mefw_image *img, const struct buf *b)
{
	static const uint8_t hdr[12] = { 4, 0, 0, 0, 0xa1, 0, 0, 0, 0, 0, 1, 0 };
	size_t p, from = b->len > MEFW_MAN_HDR_LEN ? b->len - MEFW_MAN_HDR_LEN + 1 : 0;

	for (p = (from + 3) & ~(size_t)3; p + 8 <= b->len; p += 4) {
		size_t n = b->len - p < sizeof(hdr) ? b->len - p : sizeof(hdr);

		if (!memcmp(b->p + p, hdr, n)) {
			img_check(img, "structure", "", MEFW_CHECK_FAIL,
				  "truncated: the file ends 0x%zx bytes into a manifest header at 0x%zx",
				  b->len - p, p);
			return;
		}
	}
}

int mefw_image_verify(struct mefw_image *img, const void *data, size_t len,
		      const struct mefw_img_opts *opts)
{
	static const struct mefw_img_opts defaults;
	struct buf b = { .p = data, .len = len };
	const struct mefw_img_check *f;
	unsigned int i;

	if (!img || !data || len != img->file_size || img->main_manifest < 0)
		return -EINVAL;
	if (!opts)
		opts = &defaults;
	b.release = opts->release;
	b.release_ctx = opts->release_ctx;
	img->nchecks = img->npass = img->nfail = img->nnotver = 0;
	img->checks_dropped = 0;

	/*
	 * Between phases the whole buffer is handed back (opts->release):
	 * each phase reads headers scattered over the image, and a caller
	 * that maps the file keeps only the current phase's pages resident.
	 */
	if (img->has_fpt) {
		img_check_fpt(img, &b);
		check_code_parts(img);
		buf_release(&b, 0, b.len);
	}
	if (img->has_cpd) {
		img_check_cpd(img, &b, !opts->skip_modules);
		buf_release(&b, 0, b.len);
	}
	for (i = 0; i < img->nmanifests; i++) {
		const struct mefw_img_manifest *m = &img->manifests[i];

		img_check_manifest(img, &b, m, opts);
		if (opts->skip_modules)
			img_check(img, "module_hash", m->partition,
				  MEFW_CHECK_FAIL,
				  "not checked (modules skipped on request): the image is not verified");
		else
			img_check_modules(img, &b, m);
		buf_release(&b, 0, b.len);
	}
	if (img->kind == MEFW_IMG_UPDATE)
		check_update_tail(img, &b);
	check_cut_manifest(img, &b);
	img->verified = true;

	f = mefw_image_first_failure(img);
	for (i = 0; !f && i < img->nchecks; i++)
		if (mefw_check_blocks(&img->checks[i]))
			f = &img->checks[i];
	if (f)
		return img_err(img, -EBADMSG, "%s%s%s: %s%s",
			       mefw_check_label(f->what), f->subject[0] ? " " : "",
			       f->subject, f->status == MEFW_CHECK_FAIL ? "" : "not verified: ",
			       f->detail);
	img->error[0] = '\0';
	return 0;
}
