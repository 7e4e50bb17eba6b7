// SPDX-License-Identifier: GPL-2.0
/*
 * $MME module hashes (ME 6-10).  Each 0x60-byte $MME header, at
 * manifest + HeaderLength*4 + 0xC, carries the module's SHA-256 stored
 * byte-reversed; the manifest signature covers the headers, so a valid
 * signature plus matching module hashes covers the code.
 *   LZMA (flags bits 4-6 = 2): SHA-256 of the decompressed module
 *	(.lzma format; header decoded here, liblzma raw LZMA1 decoder);
 *   uncompressed (0): SHA-256 of the stored bytes;
 *   Huffman (1): needs Intel's dictionaries: reported NOT VERIFIED.
 * ME 2-5 ($MAN): SHA-1 of each $MOD block (man_modules below).
 * CSME 11 modules: cpd.c, which uses img_lzma_sha256().
 * Facts: research/images.md 1.5 and 2.5.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image_int.h"

static size_t man_modules(struct mefw_image *img, const struct buf *b,
			  const struct mefw_img_manifest *m, const char *base,
			  bool report);

/* the manifest's size is known and inside its partition */
static bool man_size_ok(const struct mefw_img_manifest *m)
{
	return m->size >= MEFW_MAN_HDR_LEN && m->size != 0xffffffffu &&
	       m->offset + (uint64_t)m->size <= m->limit;
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
	size_t table = m->offset + MEFW_MAN_MODULES, mcp;
	uint32_t i, n = m->num_modules, off = 0, usz = 0, csz = 0, flags = 0;
	uint32_t code = 0, coff = 0;
	bool huff = false;
	uint64_t e = (uint64_t)m->offset + m->size;

	if (m->size == 0xffffffffu || m->offset + (uint64_t)m->size > m->limit)
		return false;
	if (!memcmp(m->tag, MEFW_MAN_TAG_MAN, 4)) {
		size_t x = man_modules(NULL, b, m, "", false);

		*end = x;
		return x != 0;
	}
	if (n > MEFW_IMG_MAX_MODULES)
		return false;
	mcp = table + (size_t)(n + 1) * MEFW_MME_LEN;
	if (mcp + MEFW_MCP_CODE_OFF <= m->offset + (uint64_t)m->size &&
	    match(b, mcp, MEFW_MCP_TAG, 4) && rd32(b, mcp + MEFW_MCP_CODE_SIZE, &code) &&
	    rd32(b, mcp + MEFW_MCP_CODE_OFF, &coff)) {
		*end = (uint64_t)m->offset + coff + code;
		return true;
	}
	for (i = 0; i < n; i++) {
		size_t h = table + (size_t)i * MEFW_MME_LEN;

		if (!rd32(b, h + MEFW_MME_OFFSET, &off) || !rd32(b, h + MEFW_MME_SIZE_UNCOMP, &usz) ||
		    !rd32(b, h + MEFW_MME_SIZE_COMP, &csz) || !rd32(b, h + MEFW_MME_FLAGS, &flags))
			return false;
		if (MEFW_MME_COMP(flags) == MEFW_COMP_HUFFMAN) {
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
 * "$MOD" blocks follow the manifest one after the other in header order.
 * The SHA-1 covers the whole block.
 * (Established on the ME 3.2 and 5.2 images of the corpus: 36/36.)
 */

/* the module table fits the signed manifest and $MOD data follows it */
static bool man_table_ok(struct mefw_image *img, const struct buf *b,
			 const struct mefw_img_manifest *m, const char *base, bool report)
{
	uint32_t n = m->num_modules;
	size_t pos = m->offset + m->size;

	if (n > MEFW_IMG_MAX_MODULES) {
		if (report)
			img_check(img, "module_table", base, MEFW_CHECK_FAIL,
				  "absurd module count %u (limit %u)", n,
				  MEFW_IMG_MAX_MODULES);
		return false;
	}
	if (m->offset + MEFW_MAN_MODULES + (size_t)n * MEFW_MME_OLD_LEN >
	    m->offset + (uint64_t)m->size) {
		if (report)
			img_check(img, "module_table", base, MEFW_CHECK_FAIL,
				  "%u module headers run past the end of the signed manifest",
				  n);
		return false;
	}
	if (n && (!match(b, pos, MEFW_MOD_TAG, 4) || pos >= m->limit)) {
		if (report)
			img_check(img, "module_table", base, MEFW_CHECK_FAIL,
				  "no $MOD module data right after the manifest (0x%zx)", pos);
		return false;
	}
	return true;
}

/* the SHA-1 of one $MOD block [pos, pos + sz) against its $MME entry @h */
static void man_module_hash(struct mefw_image *img, const struct buf *b, size_t h,
			    size_t pos, uint32_t sz, const char *subj)
{
	struct img_seg s = { b->p + pos, sz };
	uint8_t dg[20];

	if (!img_digest_segs(b, true, &s, 1, dg))
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "could not hash the module (library error)");
	else if (img_hash_reversed_eq(dg, b->p + h + MEFW_MME_OLD_HASH, 20))
		img_check(img, "module_hash", subj, MEFW_CHECK_PASS,
			  "SHA-1 of the module matches");
	else
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "SHA-1 of the module does not match its $MME entry");
	buf_release(b, pos, sz);
}

/*
 * Walks the $MOD blocks; with @report, checks each.  Returns the end of
 * the last block, 0 if the layout is broken.
 */
static size_t man_modules(struct mefw_image *img, const struct buf *b,
			  const struct mefw_img_manifest *m, const char *base,
			  bool report)
{
	size_t table = m->offset + MEFW_MAN_MODULES, pos = m->offset + m->size;
	uint32_t i, sz = 0;
	char subj[48], name[MEFW_MME_OLD_NAME_LEN + 1];

	if (!man_table_ok(img, b, m, base, report))
		return 0;
	for (i = 0; i < m->num_modules; i++) {
		size_t h = table + (size_t)i * MEFW_MME_OLD_LEN;

		img_name(name, sizeof(name), b->p + h + MEFW_MME_OLD_NAME, MEFW_MME_OLD_NAME_LEN);
		snprintf(subj, sizeof(subj), "%s/%s", base, name[0] ? name : "?");
		rd32(b, h + MEFW_MME_OLD_SIZE, &sz);
		if (!match(b, h, MEFW_MME_TAG, 4)) {
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
		if (report)
			man_module_hash(img, b, h, pos, sz, subj);
		pos += sz;
	}
	return pos;
}

/*
 * $MN2 modules are checked in three passes: read the headers, hash the
 * modules (LZMA decompression is ~70% of a full verification, so with
 * two or more CPUs a helper thread takes every other module), then record
 * the checks in table order.  The results do not depend on the thread.
 */
enum mod_kind { K_NOTAG, K_HUFF, K_BADCOMP, K_OUTSIDE, K_HASH };

struct mod_task {
	enum mod_kind kind;
	uint32_t comp, usz;
	uint64_t start, len;
	enum mod_result r;
	uint64_t produced;
	uint8_t digest[32];
};

struct mod_pool {
	struct mefw_image *img;
	const struct buf *b;
	struct mod_task *t;
	uint32_t n;
	uint32_t next;		/* next task to take (atomic) */
};

static void run_task(struct mefw_image *img, const struct buf *b, struct mod_task *t)
{
	struct img_seg seg = { b->p + t->start, (size_t)t->len };

	if (t->comp == MEFW_COMP_NONE)
		t->r = img_digest_segs(b, false, &seg, 1, t->digest) ? MOD_OK : MOD_ERROR;
	else
		t->r = img_lzma_sha256(img, b, &seg, 1, t->usz, false, t->digest,
				       &t->produced);
	buf_release(b, (size_t)t->start, (size_t)t->len);
}

static void pool_run(struct mod_pool *p)
{
	uint32_t i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->n)
		if (p->t[i].kind == K_HASH)
			run_task(p->img, p->b, &p->t[i]);
}

static void *pool_worker(void *arg)
{
	pool_run(arg);
	return NULL;
}

/* hash every K_HASH task, with one helper thread when it pays */
static void hash_tasks(struct mefw_image *img, const struct buf *b,
		       struct mod_task *t, uint32_t n)
{
	struct mod_pool p = { .img = img, .b = b, .t = t, .n = n };
	uint64_t lzma_bytes = 0;
	unsigned int lzma_mods = 0;
	pthread_attr_t attr;
	pthread_t th;
	bool threaded = false;
	uint32_t i;

	for (i = 0; i < n; i++)
		if (t[i].kind == K_HASH && t[i].comp == MEFW_COMP_LZMA) {
			lzma_mods++;
			lzma_bytes += t[i].len;
		}
	if (lzma_mods >= 2 && lzma_bytes >= (64u << 10) &&
	    sysconf(_SC_NPROCESSORS_ONLN) > 1 && !pthread_attr_init(&attr)) {
		pthread_attr_setstacksize(&attr, 256u << 10);
		threaded = !pthread_create(&th, &attr, pool_worker, &p);
		pthread_attr_destroy(&attr);
	}
	pool_run(&p);
	if (threaded)
		pthread_join(th, NULL);
}

/* the $MN2 module table fits the signed manifest; reported when not */
static bool mn2_table_ok(struct mefw_image *img, const struct mefw_img_manifest *m,
			 const char *base)
{
	uint32_t n = m->num_modules;

	if (n > MEFW_IMG_MAX_MODULES) {
		img_check(img, "module_table", base, MEFW_CHECK_FAIL,
			  "absurd module count %u (limit %u)", n, MEFW_IMG_MAX_MODULES);
		return false;
	}
	if (m->offset + MEFW_MAN_MODULES + (uint64_t)n * MEFW_MME_LEN > m->offset + m->size) {
		img_check(img, "module_table", base, MEFW_CHECK_FAIL,
			  "%u module headers run past the end of the signed manifest",
			  n);
		return false;
	}
	return true;
}

/* pass 1: what to do with the module whose $MME entry is at @h */
static void read_task(const struct buf *b, const struct mefw_img_manifest *m, size_t h,
		      struct mod_task *t)
{
	uint32_t off = 0, csz = 0, flags = 0;

	if (!match(b, h, MEFW_MME_TAG, 4)) {
		t->kind = K_NOTAG;
		return;
	}
	rd32(b, h + MEFW_MME_OFFSET, &off);
	rd32(b, h + MEFW_MME_SIZE_UNCOMP, &t->usz);
	rd32(b, h + MEFW_MME_SIZE_COMP, &csz);
	rd32(b, h + MEFW_MME_FLAGS, &flags);
	t->comp = MEFW_MME_COMP(flags);
	if (t->comp == MEFW_COMP_HUFFMAN) {
		t->kind = K_HUFF;
		return;
	}
	if (t->comp != MEFW_COMP_NONE && t->comp != MEFW_COMP_LZMA) {
		t->kind = K_BADCOMP;
		return;
	}
	t->start = (uint64_t)m->offset + off;
	t->len = t->comp == MEFW_COMP_LZMA ? csz : (csz ? csz : t->usz);
	t->kind = t->start + t->len > m->limit || t->len == 0 ? K_OUTSIDE : K_HASH;
}

/* pass 3: a module that was hashed */
static void report_hash(struct mefw_image *img, const struct buf *b, size_t h,
			const struct mod_task *t, const char *subj)
{
	const char *what = t->comp == MEFW_COMP_LZMA ? "decompressed LZMA" : "uncompressed";

	switch (t->r) {
	case MOD_OK:
		if (img_hash_reversed_eq(t->digest, b->p + h + MEFW_MME_HASH, 32))
			img_check(img, "module_hash", subj, MEFW_CHECK_PASS,
				  "SHA-256 of the %s module matches", what);
		else
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "SHA-256 of the %s module does not match its $MME entry",
				  what);
		break;
	case MOD_CORRUPT:
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "LZMA data is corrupt (failed after 0x%llx bytes): the module was modified",
			  (unsigned long long)t->produced);
		break;
	case MOD_TRUNCATED:
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "LZMA data ends early: the module is truncated");
		break;
	case MOD_TOO_BIG:
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "decompresses beyond its declared size 0x%x or the per-image limit",
			  t->usz);
		break;
	default:
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "could not hash the module (library error)");
		break;
	}
}

/* pass 3: the check of module @i, in table order */
static void report_task(struct mefw_image *img, const struct buf *b, size_t h,
			uint32_t i, const struct mod_task *t, const char *base)
{
	char subj[48], name[MEFW_MME_NAME_LEN + 1];

	img_name(name, sizeof(name), b->p + h + MEFW_MME_NAME, MEFW_MME_NAME_LEN);
	snprintf(subj, sizeof(subj), "%s/%s", base, name[0] ? name : "?");
	if (t->kind == K_HASH)
		report_hash(img, b, h, t, subj);
	else if (t->kind == K_NOTAG)
		img_check(img, "module_table", subj, MEFW_CHECK_FAIL,
			  "module header %u at 0x%zx lacks the $MME tag", i, h);
	else if (t->kind == K_HUFF)
		img_check(img, "module_hash", subj, MEFW_CHECK_NOT_VERIFIED,
			  "Huffman-compressed: needs Intel's Huffman dictionary, not checked");
	else if (t->kind == K_BADCOMP)
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "unknown compression type %u", t->comp);
	else
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "module data 0x%llx + 0x%llx lies outside its partition",
			  (unsigned long long)t->start, (unsigned long long)t->len);
}

void img_check_modules(struct mefw_image *img, const struct buf *b,
		       const struct mefw_img_manifest *m)
{
	size_t table = m->offset + MEFW_MAN_MODULES;
	uint32_t i, n = m->num_modules;
	struct mod_task *tasks;
	char base[16];

	img_manifest_subject(m, base, sizeof(base));
	if (!man_size_ok(m))
		return; /* manifest_header already failed */
	if (!memcmp(m->tag, MEFW_MAN_TAG_MAN, 4)) {
		(void)man_modules(img, b, m, base, true);
		return;
	}
	if (img->gen == MEFW_GEN_CPD)
		return; /* CSME 11: cpd.c */
	if (!mn2_table_ok(img, m, base) || n == 0)
		return;
	tasks = calloc(n, sizeof(*tasks));
	if (!tasks) {
		img_check(img, "module_hash", base, MEFW_CHECK_FAIL,
			  "could not hash the modules (out of memory)");
		return;
	}
	for (i = 0; i < n; i++)
		read_task(b, m, table + (size_t)i * MEFW_MME_LEN, &tasks[i]);
	/* 2: hashes (maybe two at a time) */
	hash_tasks(img, b, tasks, n);
	for (i = 0; i < n; i++)
		report_task(img, b, table + (size_t)i * MEFW_MME_LEN, i, &tasks[i], base);
	free(tasks);
}
