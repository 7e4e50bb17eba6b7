// SPDX-License-Identifier: GPL-2.0
/*
 * $MME module hashes (ME 6-10).  Each 0x60-byte $MME header, at
 * manifest + HeaderLength*4 + 0xC, carries the module's SHA-256 stored
 * byte-reversed; the manifest signature covers the headers, so a valid
 * signature plus matching module hashes covers the code.
 *   LZMA (flags bits 4-6 = 2): SHA-256 of the decompressed module
 *	(.lzma "alone" format, liblzma);
 *   uncompressed (0): SHA-256 of the stored bytes;
 *   Huffman (1): needs Intel's dictionaries: reported NOT VERIFIED.
 * ME 2-5 ($MAN) module headers are not checked (layout not established):
 * reported NOT VERIFIED.  Facts: research/images.md 1.5 and 2.5.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <lzma.h>
#include <openssl/evp.h>

#include "image_int.h"

#define MME_LEN		0x60
#define MME_OFF		0xc	/* after the header: partition name */
#define LZMA_MEMLIMIT	(64u << 20)

static size_t man_modules(struct mefw_image *img, const struct buf *b,
			  const struct mefw_img_manifest *m, const char *base,
			  bool report);

enum mod_result { MOD_OK, MOD_MISMATCH, MOD_CORRUPT, MOD_TRUNCATED,
		  MOD_TOO_BIG, MOD_ERROR };

static enum mod_result hash_lzma(struct mefw_image *img, const uint8_t *in,
				 size_t inlen, uint32_t usz, uint8_t out_hash[32],
				 uint64_t *produced)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	uint8_t chunk[16384];
	EVP_MD_CTX *md;
	enum mod_result res = MOD_ERROR;
	lzma_ret r;
	uint64_t total = 0;
	uint64_t cap = usz < MEFW_IMG_MAX_MODULE_OUT ? usz : MEFW_IMG_MAX_MODULE_OUT;

	*produced = 0;
	md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		goto out_md;
	if (lzma_alone_decoder(&strm, LZMA_MEMLIMIT) != LZMA_OK)
		goto out_md;
	strm.next_in = in;
	strm.avail_in = inlen;
	for (;;) {
		strm.next_out = chunk;
		strm.avail_out = sizeof(chunk);
		r = lzma_code(&strm, LZMA_FINISH);
		if (sizeof(chunk) - strm.avail_out) {
			size_t got = sizeof(chunk) - strm.avail_out;

			total += got;
			if (total > cap ||
			    img->bytes_decompressed + total > MEFW_IMG_MAX_INFLATE) {
				res = MOD_TOO_BIG;
				break;
			}
			if (!EVP_DigestUpdate(md, chunk, got))
				break;
		}
		if (r == LZMA_STREAM_END) {
			unsigned int l = 0;

			res = EVP_DigestFinal_ex(md, out_hash, &l) && l == 32 ?
			      MOD_OK : MOD_ERROR;
			break;
		}
		if (r == LZMA_OK)
			continue;
		if (r == LZMA_BUF_ERROR)
			res = MOD_TRUNCATED;
		else if (r == LZMA_DATA_ERROR || r == LZMA_FORMAT_ERROR)
			res = MOD_CORRUPT;
		else if (r == LZMA_MEMLIMIT_ERROR)
			res = MOD_TOO_BIG;
		break;
	}
	lzma_end(&strm);
out_md:
	EVP_MD_CTX_free(md);
	*produced = total;
	img->bytes_decompressed += total;
	return res;
}

static bool hash_eq_reversed(const uint8_t h[32], const uint8_t *stored)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (h[i] != stored[31 - i])
			return false;
	return true;
}

/*
 * Extent of a $MN2 partition as far as we can tell: the manifest, every
 * non-Huffman module's data and, when present, the code size recorded in
 * the $MCP header (at table + (n + 1) * 0x60; ME 7-10).  Returns false
 * when the extent is unknown (Huffman data and no $MCP).
 */
bool img_mn2_extent(const struct buf *b, const struct mefw_img_manifest *m,
		    uint64_t *end)
{
	size_t table = m->offset + MAN_HDR_LEN + MME_OFF, mcp;
	uint32_t i, n = m->num_modules, off = 0, usz = 0, csz = 0, flags = 0;
	uint32_t code = 0, coff = 0;
	bool huff = false;
	uint64_t e = (uint64_t)m->offset + m->size;

	if (m->size == 0xffffffffu || m->offset + (uint64_t)m->size > m->limit)
		return false;
	if (!memcmp(m->tag, "$MAN", 4)) {
		size_t x = man_modules(NULL, b, m, "", false);

		*end = x;
		return x != 0;
	}
	if (n > MEFW_IMG_MAX_MODULES)
		return false;
	mcp = table + (size_t)(n + 1) * MME_LEN;
	if (mcp + 0xc <= m->offset + (uint64_t)m->size && match(b, mcp, "$MCP", 4) &&
	    rd32(b, mcp + 8, &code) && rd32(b, mcp + 0xc, &coff)) {
		*end = (uint64_t)m->offset + coff + code;
		return true;
	}
	for (i = 0; i < n; i++) {
		size_t h = table + (size_t)i * MME_LEN;

		if (!rd32(b, h + 0x38, &off) || !rd32(b, h + 0x3c, &usz) ||
		    !rd32(b, h + 0x40, &csz) || !rd32(b, h + 0x50, &flags))
			return false;
		if (((flags >> 4) & 7) == 1) {
			huff = true;
			continue;
		}
		if ((uint64_t)m->offset + off + (csz ? csz : usz) > e)
			e = (uint64_t)m->offset + off + (csz ? csz : usz);
	}
	*end = e;
	return !huff;
}

/*
 * ME 2-5 ($MAN): 0x50-byte $MME headers at manifest + 0x290 (name at
 * +0x1C, SHA-1 at +0x2C stored byte-reversed, size at +0x40); after them
 * extensions ($UVR, $SKU, $UDC) up to the manifest's end; the modules'
 * "$MOD" blocks follow the manifest one after the other in header order.  The SHA-1 covers the whole block.
 * (Established on the ME 3.2 and 5.2 images of the corpus: 36/36.)
 * Returns the end of the last block in *end, 0 if the layout is broken.
 */
#define MME_OLD_LEN	0x50

static size_t man_modules(struct mefw_image *img, const struct buf *b,
			  const struct mefw_img_manifest *m, const char *base,
			  bool report)
{
	size_t table = m->offset + MAN_HDR_LEN + MME_OFF, pos, hdr_end;
	uint32_t i, n = m->num_modules, sz = 0;
	char subj[48], name[17];
	uint8_t dg[20];
	unsigned int dl = 0, j;

	if (n > MEFW_IMG_MAX_MODULES) {
		if (report)
			img_check(img, "module_table", base, MEFW_CHECK_FAIL,
				  "absurd module count %u (limit %u)", n,
				  MEFW_IMG_MAX_MODULES);
		return 0;
	}
	hdr_end = table + (size_t)n * MME_OLD_LEN;
	if (hdr_end > m->offset + (uint64_t)m->size) {
		if (report)
			img_check(img, "module_table", base, MEFW_CHECK_FAIL,
				  "%u module headers run past the end of the signed manifest",
				  n);
		return 0;
	}
	if (n == 0)
		return m->offset + m->size;
	/* the modules follow the manifest */
	pos = m->offset + m->size;
	if (!match(b, pos, "$MOD", 4) || pos >= m->limit) {
		if (report)
			img_check(img, "module_table", base, MEFW_CHECK_FAIL,
				  "no $MOD module data right after the manifest (0x%zx)", pos);
		return 0;
	}
	for (i = 0; i < n; i++) {
		size_t h = table + (size_t)i * MME_OLD_LEN;

		img_name(name, sizeof(name), b->p + h + 0x1c, 16);
		snprintf(subj, sizeof(subj), "%s/%s", base, name[0] ? name : "?");
		rd32(b, h + 0x40, &sz);
		if (!match(b, h, "$MME", 4)) {
			if (report)
				img_check(img, "module_table", subj, MEFW_CHECK_FAIL,
					  "module header %u at 0x%zx lacks the $MME tag", i, h);
			return 0;
		}
		if (sz == 0 || pos + (uint64_t)sz > m->limit) {
			if (report)
				img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
					  "module data 0x%zx + 0x%x lies outside its partition",
					  pos, sz);
			return 0;
		}
		if (report) {
			if (!EVP_Digest(b->p + pos, sz, dg, &dl, EVP_sha1(), NULL) ||
			    dl != 20) {
				img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
					  "could not hash the module (library error)");
			} else {
				for (j = 0; j < 20 && dg[j] == b->p[h + 0x2c + 19 - j]; j++)
					;
				if (j == 20)
					img_check(img, "module_hash", subj, MEFW_CHECK_PASS,
						  "SHA-1 of the module matches");
				else
					img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
						  "SHA-1 of the module does not match its $MME entry");
			}
		}
		pos += sz;
	}
	return pos;
}

static void check_man_modules(struct mefw_image *img, const struct buf *b,
			      const struct mefw_img_manifest *m, const char *base)
{
	if (m->size < MAN_HDR_LEN || m->size == 0xffffffffu ||
	    m->offset + (uint64_t)m->size > m->limit)
		return; /* manifest_header already failed */
	(void)man_modules(img, b, m, base, true);
}

void img_check_modules(struct mefw_image *img, const struct buf *b,
		       const struct mefw_img_manifest *m)
{
	char subj[48], base[16], name[17];
	size_t table, man_end;
	uint32_t i, n = m->num_modules;
	unsigned int ok = 0;

	if (m->partition[0])
		snprintf(base, sizeof(base), "%s", m->partition);
	else
		snprintf(base, sizeof(base), "@0x%zx", m->offset);

	if (!memcmp(m->tag, "$MAN", 4)) {
		check_man_modules(img, b, m, base);
		return;
	}
	if (img->gen == MEFW_GEN_CPD)
		return; /* CSME 11: cpd.c */
	if (m->size < MAN_HDR_LEN || m->size == 0xffffffffu ||
	    m->offset + (uint64_t)m->size > m->limit)
		return; /* manifest_header already failed */
	if (n > MEFW_IMG_MAX_MODULES) {
		img_check(img, "module_table", base, MEFW_CHECK_FAIL,
			  "absurd module count %u (limit %u)", n, MEFW_IMG_MAX_MODULES);
		return;
	}
	table = m->offset + MAN_HDR_LEN + MME_OFF;
	man_end = m->offset + m->size;
	if (table + (uint64_t)n * MME_LEN > man_end) {
		img_check(img, "module_table", base, MEFW_CHECK_FAIL,
			  "%u module headers run past the end of the signed manifest",
			  n);
		return;
	}

	for (i = 0; i < n; i++) {
		size_t h = table + (size_t)i * MME_LEN;
		const uint8_t *stored = b->p + h + 0x14;
		uint32_t off = 0, usz = 0, csz = 0, flags = 0, comp;
		uint64_t start, len, produced = 0;
		uint8_t digest[32];
		unsigned int dl = 0;
		enum mod_result r;

		img_name(name, sizeof(name), b->p + h + 4, 16);
		snprintf(subj, sizeof(subj), "%s/%s", base, name[0] ? name : "?");
		if (!match(b, h, "$MME", 4)) {
			img_check(img, "module_table", subj, MEFW_CHECK_FAIL,
				  "module header %u at 0x%zx lacks the $MME tag", i, h);
			continue;
		}
		rd32(b, h + 0x38, &off);
		rd32(b, h + 0x3c, &usz);
		rd32(b, h + 0x40, &csz);
		rd32(b, h + 0x50, &flags);
		comp = (flags >> 4) & 7;
		if (comp == 1) {
			img_check(img, "module_hash", subj, MEFW_CHECK_NOT_VERIFIED,
				  "Huffman-compressed: needs Intel's Huffman dictionary, not checked");
			continue;
		}
		if (comp != 0 && comp != 2) {
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "unknown compression type %u", comp);
			continue;
		}
		start = (uint64_t)m->offset + off;
		len = comp == 2 ? csz : (csz ? csz : usz);
		if (start + len > m->limit || len == 0) {
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "module data 0x%llx + 0x%llx lies outside its partition",
				  (unsigned long long)start, (unsigned long long)len);
			continue;
		}
		if (comp == 0) {
			if (!EVP_Digest(b->p + start, (size_t)len, digest, &dl,
					EVP_sha256(), NULL))
				r = MOD_ERROR;
			else
				r = MOD_OK;
		} else {
			r = hash_lzma(img, b->p + start, (size_t)len, usz, digest,
				      &produced);
		}
		switch (r) {
		case MOD_OK:
			if (hash_eq_reversed(digest, stored)) {
				img_check(img, "module_hash", subj, MEFW_CHECK_PASS,
					  "SHA-256 of the %s module matches",
					  comp == 2 ? "decompressed LZMA" : "uncompressed");
				ok++;
			} else {
				img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
					  "SHA-256 of the %s module does not match its $MME entry",
					  comp == 2 ? "decompressed LZMA" : "uncompressed");
			}
			break;
		case MOD_CORRUPT:
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "LZMA data is corrupt (failed after 0x%llx bytes): the module was modified",
				  (unsigned long long)produced);
			break;
		case MOD_TRUNCATED:
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "LZMA data ends early: the module is truncated");
			break;
		case MOD_TOO_BIG:
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "decompresses beyond its declared size 0x%x or the per-image limit",
				  usz);
			break;
		default:
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "could not hash the module (library error)");
			break;
		}
	}
	(void)ok;
}
