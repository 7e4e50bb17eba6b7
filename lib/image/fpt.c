// SPDX-License-Identifier: GPL-2.0
/*
 * Flash descriptor, ME region and $FPT partition table.
 * Layouts: research/images.md sections 1.1-1.3 (me_cleaner, ME Analyzer).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image_int.h"

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
			f = img_next_non_ff(b, s, end);
			have = true;
			nf = f;
		}
		p->empty = nf >= base + (size_t)p->end;
	}
}

int img_locate_region(struct mefw_image *img, const struct buf *b)
{
	size_t sig, frba;
	uint32_t flmap0 = 0, flreg = 0, v = 0;
	uint64_t start, end;

	if (rd32(b, MEFW_FD_SIG_OFF, &v) && v == MEFW_FD_SIG)
		sig = MEFW_FD_SIG_OFF;
	else if (rd32(b, 0, &v) && v == MEFW_FD_SIG)
		sig = 0;
	else
		sig = SIZE_MAX;

	if (sig == SIZE_MAX) {
		img->region_offset = 0;
		img->region_size = b->len;
		return 0;
	}
	img->has_descriptor = true;
	if (!rd32(b, sig + MEFW_FD_FLMAP0, &flmap0))
		return img_err(img, -EBADMSG,
			       "truncated: flash descriptor map ends past the end of the file");
	frba = MEFW_FD_FRBA(flmap0);
	if (!rd32(b, frba + MEFW_FD_FLREG_ME, &flreg))
		return img_err(img, -EBADMSG,
			       "flash descriptor: region table at 0x%zx lies past the end of the file",
			       frba);
	start = (uint64_t)MEFW_FD_FLREG_BASE(flreg) << MEFW_FD_PAGE_SHIFT;
	end = (uint64_t)(MEFW_FD_FLREG_LIMIT(flreg) + 1) << MEFW_FD_PAGE_SHIFT;
	if (MEFW_FD_FLREG_BASE(flreg) > MEFW_FD_FLREG_LIMIT(flreg) || start >= end)
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

/* one $FPT entry at @e into @p; the entry lies inside the buffer */
static void parse_fpt_entry(const struct mefw_image *img, const struct buf *b,
			    size_t e, struct mefw_img_part *p)
{
	uint64_t size;

	img_name(p->name, sizeof(p->name), b->p + e + MEFW_FPT_E_NAME, 4);
	if (memcmp(b->p + e + MEFW_FPT_E_OWNER, "\xff\xff\xff\xff", 4))
		img_name(p->owner, sizeof(p->owner), b->p + e + MEFW_FPT_E_OWNER, 4);
	rd32(b, e + MEFW_FPT_E_OFFSET, &p->offset);
	rd32(b, e + MEFW_FPT_E_SIZE, &p->size);
	rd32(b, e + MEFW_FPT_E_FLAGS, &p->flags);
	p->type = p->flags & 0x7f;
	p->valid = (p->flags >> 24) != 0xff;
	p->present = p->valid && p->offset != 0 && p->offset != 0xffffffffu &&
		     p->size != 0;
	size = p->size;
	if (p->size == MEFW_FPT_SIZE_TO_END) /* ME 2-6: to the end of the region */
		size = p->offset < img->region_size ?
		       img->region_size - p->offset : 1;
	p->end = (uint64_t)p->offset + size;
	p->empty = true;
}

/* the $FPT header at @fpt: version and entry count */
static int parse_fpt_header(struct mefw_image *img, const struct buf *b, size_t fpt,
			    uint32_t *n)
{
	unsigned int i;

	if (!rd32(b, fpt + MEFW_FPT_NUM_ENTRIES, n) ||
	    !rd8(b, fpt + MEFW_FPT_HDR_VERSION, &img->fpt_header_version) ||
	    !rd8(b, fpt + MEFW_FPT_HDR_LENGTH, &img->fpt_header_len) ||
	    !rd8(b, fpt + MEFW_FPT_CHECKSUM, &img->fpt_checksum) ||
	    !in_buf(b, fpt, MEFW_FPT_HDR_LEN))
		return img_err(img, -EBADMSG,
			       "truncated: $FPT header at 0x%zx ends past the end of the file",
			       fpt);
	for (i = 0; i < 4; i++)
		rd16(b, fpt + MEFW_FPT_FIT_VERSION + 2 * i, &img->fit[i]);

	if (img->fpt_header_version == 0x21)
		return img_err(img, -ENOTSUP,
			       "$FPT version 2.1 (CSME 12 or later): this generation is not supported");
	if (img->fpt_header_version != 0x10 && img->fpt_header_version != 0x20)
		return img_err(img, -EBADMSG,
			       "$FPT: unknown header version 0x%02x",
			       img->fpt_header_version);
	if (*n == 0)
		return img_err(img, -EBADMSG, "$FPT lists no partitions");
	if (*n > MEFW_IMG_MAX_PARTS)
		return img_err(img, -EBADMSG,
			       "$FPT: absurd partition count %u (limit %u)",
			       *n, MEFW_IMG_MAX_PARTS);
	if (!in_buf(b, fpt + MEFW_FPT_HDR_LEN, (size_t)*n * MEFW_FPT_ENTRY_LEN))
		return img_err(img, -EBADMSG,
			       "truncated: $FPT lists %u partitions but the table ends past the end of the file",
			       *n);
	return 0;
}

int img_parse_fpt(struct mefw_image *img, const struct buf *b)
{
	size_t r = img->region_offset, fpt;
	uint32_t n = 0;
	unsigned int i;
	int rc;

	if (match(b, r + MEFW_FPT_OFF, MEFW_FPT_TAG, 4) && img->region_size >= 0x30)
		fpt = r + MEFW_FPT_OFF;
	else if (match(b, r, MEFW_FPT_TAG, 4))
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
	rc = parse_fpt_header(img, b, fpt, &n);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		parse_fpt_entry(img, b, fpt + MEFW_FPT_HDR_LEN + (size_t)i * MEFW_FPT_ENTRY_LEN,
				&img->parts[i]);
	img->nparts = n;
	set_empty(img, b);
	return 0;
}

static bool part_in_range(const struct mefw_image *img, const struct mefw_img_part *p)
{
	return p->present && p->end <= img->region_size;
}

/* checksum: HeaderLength bytes from $FPT, or from 0x10 before it */
static void check_fpt_checksum(struct mefw_image *img, const struct buf *b)
{
	size_t start, hl = img->fpt_header_len, i;
	uint8_t sum = 0, stored = img->fpt_checksum, want;

	start = img->fpt_offset;
	if (hl > MEFW_FPT_HDR_LEN && img->fpt_offset >= img->region_offset + MEFW_FPT_OFF)
		start -= MEFW_FPT_OFF;
	if (hl < MEFW_FPT_HDR_LEN || hl > 0x80 || !in_buf(b, start, hl)) {
		img_check(img, "fpt_checksum", "", MEFW_CHECK_FAIL,
			  "header length 0x%02zx is invalid", hl);
		return;
	}
	for (i = 0; i < hl; i++)
		sum = (uint8_t)(sum + b->p[start + i]);
	want = (uint8_t)(stored - sum);
	if (sum)
		img_check(img, "fpt_checksum", "", MEFW_CHECK_FAIL,
			  "wrong checksum 0x%02x, expected 0x%02x", stored, want);
	else
		img_check(img, "fpt_checksum", "", MEFW_CHECK_PASS,
			  "checksum 0x%02x over 0x%02zx bytes", stored, hl);
}

/* partitions that run past the end of the region; returns how many */
static unsigned int check_parts_inside(struct mefw_image *img)
{
	unsigned int a, bad = 0;

	for (a = 0; a < img->nparts; a++) {
		const struct mefw_img_part *p = &img->parts[a];

		if (p->present && p->end > img->region_size &&
		    p->size == MEFW_FPT_SIZE_TO_END) {
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
	return bad;
}

/* FTUP and DLMP cover other partitions by design */
static bool may_overlap(const struct mefw_image *img, const struct mefw_img_part *p)
{
	return !part_in_range(img, p) || !strcmp(p->name, "FTUP") ||
	       !strcmp(p->name, "DLMP");
}

/* partitions that overlap; returns how many pairs */
static unsigned int check_parts_overlap(struct mefw_image *img)
{
	unsigned int a, c, bad = 0;

	for (a = 0; a < img->nparts; a++) {
		const struct mefw_img_part *p = &img->parts[a];

		if (may_overlap(img, p))
			continue;
		for (c = 0; c < img->nparts; c++) {
			const struct mefw_img_part *q = &img->parts[c];

			if (c == a || may_overlap(img, q))
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
	return bad;
}

void img_check_fpt(struct mefw_image *img, const struct buf *b)
{
	unsigned int bad;

	check_fpt_checksum(img, b);
	bad = check_parts_inside(img);
	bad += check_parts_overlap(img);
	if (!bad)
		img_check(img, "partition_layout", "", MEFW_CHECK_PASS,
			  "%u entries, all inside the 0x%zx-byte region, no overlaps",
			  img->nparts, img->region_size);
}
