// SPDX-License-Identifier: GPL-2.0
/*
 * CSME 11 code partition directory ($CPD, header version 1).
 * Header: "$CPD", NumModules u32, HeaderVersion 1, EntryVersion 1,
 * HeaderLength 0x10, Checksum-8 (header + entries sum to 0), name[4];
 * entries of 0x18 bytes at +0x10: Name[12], OffsetAttrib (bits 0-24
 * offset from $CPD, bit 25 Huffman), Size, Reserved.  The partition
 * manifest is the "<NAME>.man" entry ($MN2, signed like ME 6-10 but with
 * exponent 65537).  Facts: research/images.md 1.4 and 2.5.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image_int.h"

#define CPD_ENTRY_LEN	0x18

bool img_is_cpd(const struct buf *b, size_t off)
{
	return match(b, off, "$CPD", 4);
}

int img_parse_cpd(struct mefw_image *img, const struct buf *b, size_t off,
		  size_t limit, const char *partition)
{
	uint32_t n, i, oa = 0, sz = 0;
	uint8_t hv = 0, hl = 0;
	char name[13], pname[5];
	int rc;

	if (!rd32(b, off + 4, &n) || !rd8(b, off + 8, &hv) || !rd8(b, off + 0xa, &hl) ||
	    !in_buf(b, off, 0x10))
		return img_err(img, -EBADMSG,
			       "truncated: $CPD header at 0x%zx ends past the end of the file",
			       off);
	if (hv != 1 || hl != 0x10)
		return img_err(img, -ENOTSUP,
			       "$CPD header version %u at 0x%zx: only CSME 11 (version 1) is supported",
			       hv, off);
	if (n == 0 || n > MEFW_IMG_MAX_MODULES)
		return img_err(img, -EBADMSG,
			       "$CPD at 0x%zx: absurd entry count %u (limit %u)", off, n,
			       MEFW_IMG_MAX_MODULES);
	if (!in_buf(b, off + 0x10, (size_t)n * CPD_ENTRY_LEN) ||
	    off + 0x10 + (uint64_t)n * CPD_ENTRY_LEN > limit)
		return img_err(img, -EBADMSG,
			       "truncated: $CPD at 0x%zx lists %u entries past the end of its partition",
			       off, n);
	img_name(pname, sizeof(pname), b->p + off + 0xc, 4);
	img->gen = MEFW_GEN_CPD;
	if (!img->has_cpd) {
		img->has_cpd = true;
		img->cpd_offset = off;
	}
	for (i = 0; i < n; i++) {
		size_t e = off + 0x10 + (size_t)i * CPD_ENTRY_LEN;
		size_t l;
		uint64_t moff;

		img_name(name, sizeof(name), b->p + e, 12);
		l = strlen(name);
		if (l < 4 || strcmp(name + l - 4, ".man"))
			continue;
		rd32(b, e + 0xc, &oa);
		rd32(b, e + 0x10, &sz);
		moff = (uint64_t)off + (oa & 0x1ffffff);
		if (moff + MAN_HDR_LEN > limit || !img_is_manifest(b, (size_t)moff))
			return img_err(img, -EBADMSG,
				       "$CPD entry %s does not point at a manifest (0x%llx)",
				       name, (unsigned long long)moff);
		rc = img_add_manifest(img, b, (size_t)moff, limit,
				      partition && partition[0] ? partition : pname);
		return rc == -E2BIG ? 0 : rc;
	}
	if (partition && strcmp(partition, "FTPR"))
		return 0; /* not a code partition of ours: listed, not verified */
	return img_err(img, -EBADMSG, "$CPD at 0x%zx has no .man entry", off);
}

static void check_one(struct mefw_image *img, const struct buf *b, size_t off,
		      size_t limit, const char *name)
{
	uint32_t n = 0, oa = 0, sz = 0;
	uint8_t sum = 0, stored = 0;
	size_t i, len;
	char ename[13];
	unsigned int bad = 0;

	if (!rd32(b, off + 4, &n) || n > MEFW_IMG_MAX_MODULES ||
	    !rd8(b, off + 0xb, &stored))
		return;
	len = 0x10 + (size_t)n * CPD_ENTRY_LEN;
	if (!in_buf(b, off, len))
		return;
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + b->p[off + i]);
	if (sum)
		img_check(img, "cpd_checksum", name, MEFW_CHECK_FAIL,
			  "wrong $CPD checksum 0x%02x, expected 0x%02x", stored,
			  (uint8_t)(stored - sum));
	else
		img_check(img, "cpd_checksum", name, MEFW_CHECK_PASS,
			  "checksum 0x%02x over %u entries", stored, n);
	for (i = 0; i < n; i++) {
		size_t e = off + 0x10 + i * CPD_ENTRY_LEN;
		uint64_t s;

		rd32(b, e + 0xc, &oa);
		rd32(b, e + 0x10, &sz);
		s = (uint64_t)off + (oa & 0x1ffffff);
		if (s + sz > limit) {
			img_name(ename, sizeof(ename), b->p + e, 12);
			img_check(img, "partition_layout", name, MEFW_CHECK_FAIL,
				  "$CPD entry %s (0x%llx + 0x%x) lies outside its partition",
				  ename, (unsigned long long)s, sz);
			bad++;
		}
	}
	(void)bad;
}

void img_check_cpd(struct mefw_image *img, const struct buf *b)
{
	unsigned int i;

	if (img->kind != MEFW_IMG_REGION) {
		check_one(img, b, img->region_offset,
			  img->region_offset + img->region_size, "FTPR");
	} else {
		for (i = 0; i < img->nparts; i++) {
			const struct mefw_img_part *p = &img->parts[i];
			size_t off = img->region_offset + p->offset;

			if (p->present && !p->empty && p->end <= img->region_size &&
			    img_is_cpd(b, off))
				check_one(img, b, off,
					  img->region_offset + (size_t)p->end, p->name);
		}
	}
	img_check(img, "module_hash", "CSME", MEFW_CHECK_NOT_VERIFIED,
		  "CSME 11 partition (Ext 0x03) and module (Ext 0x0A) hashes are not checked yet");
}
