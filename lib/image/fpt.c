// SPDX-License-Identifier: GPL-2.0
/*
 * Flash descriptor, ME region and $FPT partition table.
 * Layouts: research/images.md sections 1.1-1.3 (me_cleaner, ME Analyzer).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image_int.h"

#define FD_SIG		"\x5a\xa5\xf0\x0f"
#define FPT_ENTRY_LEN	0x20

/* first byte at or after @from (before @to) that is not 0xFF, else @to */
static size_t next_non_ff(const struct buf *b, size_t from, size_t to)
{
	return img_next_non_ff(b, from, to);
}

/*
 * Mark each in-range partition empty (all 0xFF) or not.  Partitions are
 * visited by offset and the known all-0xFF run [a, f) is reused, so the
 * region is scanned once however many entries overlap.
 */
static void set_empty(struct mefw_image *img, const struct buf *b)
{
	unsigned int order[MEFW_IMG_MAX_PARTS], n = 0, i, j;
	size_t base = img->region_offset, a = 0, f = 0, end = base + img->region_size;
	bool have = false;

	for (i = 0; i < img->nparts; i++) {
		const struct mefw_img_part *p = &img->parts[i];

		if (!p->present || p->end > img->region_size)
			continue;
		for (j = n; j > 0 && img->parts[order[j - 1]].offset > p->offset; j--)
			order[j] = order[j - 1];
		order[j] = i;
		n++;
	}
	for (i = 0; i < n; i++) {
		struct mefw_img_part *p = &img->parts[order[i]];
		size_t s = base + p->offset, nf;

		if (have && s >= a && s <= f) {
			nf = f;
		} else {
			a = s;
			f = next_non_ff(b, s, end);
			have = true;
			nf = f;
		}
		p->empty = nf >= base + (size_t)p->end;
	}
}

int img_locate_region(struct mefw_image *img, const struct buf *b)
{
	size_t sig, frba;
	uint32_t flmap0 = 0, flreg = 0;
	uint64_t start, end;

	if (match(b, 0x10, FD_SIG, 4))
		sig = 0x10;
	else if (match(b, 0, FD_SIG, 4))
		sig = 0;
	else
		sig = SIZE_MAX;

	if (sig == SIZE_MAX) {
		img->region_offset = 0;
		img->region_size = b->len;
		return 0;
	}
	img->has_descriptor = true;
	if (!rd32(b, sig + 4, &flmap0))
		return img_err(img, -EBADMSG,
			       "truncated: flash descriptor map ends past the end of the file");
	frba = (flmap0 >> 12) & 0xff0;
	/* FLREG2 = ME region */
	if (!rd32(b, frba + 8, &flreg))
		return img_err(img, -EBADMSG,
			       "flash descriptor: region table at 0x%zx lies past the end of the file",
			       frba);
	start = (uint64_t)(flreg & 0x7fff) << 12;
	end = ((uint64_t)((flreg >> 4) & 0x7fff000) | 0xfff) + 1;
	if ((flreg & 0x7fff) > ((flreg >> 16) & 0x7fff) || start >= end)
		return img_err(img, -ENOEXEC,
			       "flash descriptor present but it has no ME region (FLREG2 0x%08x)",
			       flreg);
	if (end > b->len)
		return img_err(img, -EBADMSG,
			       "flash descriptor: ME region 0x%llx-0x%llx extends past the end of the file (0x%zx bytes)",
			       (unsigned long long)start, (unsigned long long)end, b->len);
	img->region_offset = (size_t)start;
	img->region_size = (size_t)(end - start);
	return 0;
}

const struct mefw_img_part *img_part(const struct mefw_image *img, const char *name)
{
	unsigned int i;

	for (i = 0; i < img->nparts; i++)
		if (!strcmp(img->parts[i].name, name))
			return &img->parts[i];
	return NULL;
}

int img_parse_fpt(struct mefw_image *img, const struct buf *b)
{
	size_t r = img->region_offset, fpt;
	uint32_t n = 0;
	unsigned int i;

	if (match(b, r + 0x10, "$FPT", 4) && img->region_size >= 0x30)
		fpt = r + 0x10;
	else if (match(b, r, "$FPT", 4))
		fpt = r;
	else
		fpt = SIZE_MAX;

	if (fpt == SIZE_MAX) {
		if (img->has_descriptor)
			return img_err(img, -ENOEXEC,
				       "ME region at 0x%zx has no $FPT partition table",
				       r);
		img->kind = MEFW_IMG_UPDATE;
		return 0;
	}

	img->kind = MEFW_IMG_REGION;
	img->has_fpt = true;
	img->fpt_offset = fpt;
	if (!rd32(b, fpt + 4, &n) || !rd8(b, fpt + 8, &img->fpt_header_version) ||
	    !rd8(b, fpt + 0xa, &img->fpt_header_len) ||
	    !rd8(b, fpt + 0xb, &img->fpt_checksum) || !in_buf(b, fpt, 0x20))
		return img_err(img, -EBADMSG,
			       "truncated: $FPT header at 0x%zx ends past the end of the file",
			       fpt);
	for (i = 0; i < 4; i++)
		rd16(b, fpt + 0x18 + 2 * i, &img->fit[i]);

	if (img->fpt_header_version == 0x21)
		return img_err(img, -ENOTSUP,
			       "$FPT version 2.1 (CSME 12 or later): this generation is not supported");
	if (img->fpt_header_version != 0x10 && img->fpt_header_version != 0x20)
		return img_err(img, -EBADMSG,
			       "$FPT: unknown header version 0x%02x",
			       img->fpt_header_version);
	if (n == 0)
		return img_err(img, -EBADMSG, "$FPT lists no partitions");
	if (n > MEFW_IMG_MAX_PARTS)
		return img_err(img, -EBADMSG,
			       "$FPT: absurd partition count %u (limit %u)",
			       n, MEFW_IMG_MAX_PARTS);
	if (!in_buf(b, fpt + 0x20, (size_t)n * FPT_ENTRY_LEN))
		return img_err(img, -EBADMSG,
			       "truncated: $FPT lists %u partitions but the table ends past the end of the file",
			       n);

	for (i = 0; i < n; i++) {
		struct mefw_img_part *p = &img->parts[i];
		size_t e = fpt + 0x20 + (size_t)i * FPT_ENTRY_LEN;
		uint64_t size;

		img_name(p->name, sizeof(p->name), b->p + e, 4);
		if (memcmp(b->p + e + 4, "\xff\xff\xff\xff", 4))
			img_name(p->owner, sizeof(p->owner), b->p + e + 4, 4);
		rd32(b, e + 8, &p->offset);
		rd32(b, e + 0xc, &p->size);
		rd32(b, e + 0x1c, &p->flags);
		p->type = p->flags & 0x7f;
		p->valid = (p->flags >> 24) != 0xff;
		p->present = p->valid && p->offset != 0 && p->offset != 0xffffffffu &&
			     p->size != 0;
		size = p->size;
		if (p->size == 0xffffffffu) /* ME 2-6: to the end of the region */
			size = p->offset < img->region_size ?
			       img->region_size - p->offset : 1;
		p->end = (uint64_t)p->offset + size;
		p->empty = true;
	}
	img->nparts = n;
	set_empty(img, b);
	return 0;
}

static bool part_in_range(const struct mefw_image *img, const struct mefw_img_part *p)
{
	return p->present && p->end <= img->region_size;
}

void img_check_fpt(struct mefw_image *img, const struct buf *b)
{
	size_t start, hl = img->fpt_header_len, i;
	unsigned int a, c, bad = 0;
	uint8_t sum = 0, stored = img->fpt_checksum, want;

	/* checksum: HeaderLength bytes from $FPT, or from 0x10 before it */
	start = img->fpt_offset;
	if (hl > 0x20 && img->fpt_offset >= img->region_offset + 0x10)
		start -= 0x10;
	if (hl < 0x20 || hl > 0x80 || !in_buf(b, start, hl)) {
		img_check(img, "fpt_checksum", "", MEFW_CHECK_FAIL,
			  "header length 0x%02zx is invalid", hl);
	} else {
		for (i = 0; i < hl; i++)
			sum = (uint8_t)(sum + b->p[start + i]);
		want = (uint8_t)(stored - sum);
		if (sum)
			img_check(img, "fpt_checksum", "", MEFW_CHECK_FAIL,
				  "wrong checksum 0x%02x, expected 0x%02x", stored,
				  want);
		else
			img_check(img, "fpt_checksum", "", MEFW_CHECK_PASS,
				  "checksum 0x%02x over 0x%02zx bytes", stored, hl);
	}

	/* layout: inside the region, no overlaps */
	for (a = 0; a < img->nparts; a++) {
		const struct mefw_img_part *p = &img->parts[a];

		if (p->present && p->end > img->region_size &&
		    p->size == 0xffffffffu) {
			img_check(img, "partition_layout", p->name, MEFW_CHECK_FAIL,
				  "partition %s starts at 0x%x, at or past the end of the region (0x%zx)",
				  p->name, p->offset, img->region_size);
			bad++;
		} else if (p->present && p->end > img->region_size) {
			img_check(img, "partition_layout", p->name, MEFW_CHECK_FAIL,
				  "partition %s (0x%x + 0x%llx) extends past the end of the region (0x%zx)",
				  p->name, p->offset,
				  (unsigned long long)(p->end - p->offset),
				  img->region_size);
			bad++;
		}
	}
	for (a = 0; a < img->nparts; a++) {
		const struct mefw_img_part *p = &img->parts[a];

		if (!part_in_range(img, p) || !strcmp(p->name, "FTUP") ||
		    !strcmp(p->name, "DLMP"))
			continue;
		for (c = 0; c < img->nparts; c++) {
			const struct mefw_img_part *q = &img->parts[c];

			if (c == a || !part_in_range(img, q) ||
			    !strcmp(q->name, "FTUP") || !strcmp(q->name, "DLMP"))
				continue;
			if ((p->offset < q->offset && q->offset < p->end) ||
			    (p->offset == q->offset && a < c)) {
				img_check(img, "partition_layout", p->name,
					  MEFW_CHECK_FAIL,
					  "partitions %s (0x%x-0x%llx) and %s (0x%x-0x%llx) overlap",
					  p->name, p->offset,
					  (unsigned long long)p->end, q->name,
					  q->offset, (unsigned long long)q->end);
				bad++;
			}
		}
	}
	if (!bad)
		img_check(img, "partition_layout", "", MEFW_CHECK_PASS,
			  "%u entries, all inside the 0x%zx-byte region, no overlaps",
			  img->nparts, img->region_size);
}
