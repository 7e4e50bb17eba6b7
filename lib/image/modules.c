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
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lzma.h>
#include <openssl/evp.h>

#include "image_int.h"

#define MME_LEN		0x60
#define MME_OFF		0xc	/* after the header: partition name */

static size_t man_modules(struct mefw_image *img, const struct buf *b,
			  const struct mefw_img_manifest *m, const char *base,
			  bool report);

/*
 * Stream an LZMA ("alone" format) module through liblzma into SHA-256,
 * 16 KiB at a time: nothing but the decoder's own dictionary is held.
 * @in: one or two input segments (CSME 11 modules carry three extra zero
 * bytes after the header that must be skipped; see cpd.c);
 * @usz: declared uncompressed size (output beyond it is refused);
 * @pad_to_usz: hash copies of the last byte up to @usz when the stream
 * ends early (ME Analyzer does this for CSME 11 modules).  The padding is
 * output like any other: it counts against the module limit
 * (MEFW_IMG_MAX_MODULE_OUT) and the image's inflate budget, so a size
 * field cannot make us hash more than the budget allows.
 * The decoder's dictionary is capped at @usz (and MEFW_IMG_MAX_MODULE_OUT)
 * rounded up to 4 KiB: a match can never reach further back than the
 * output produced so far, so a larger dictionary than the module would
 * only cost memory.  The 13-byte .lzma header is decoded here and the
 * stream fed to a raw LZMA1 decoder, which takes that capped size
 * (lzma_alone_decoder would allocate what the header asks for).
 */
/* EVP digest of [off, off + len), chunk by chunk, releasing each (opts->release) */
static bool digest_range(const struct buf *b, const EVP_MD *type, size_t off, size_t len,
			 uint8_t *out, unsigned int *outlen)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	bool ok = c && EVP_DigestInit_ex(c, type, NULL);
	size_t done, k;

	for (done = 0; ok && done < len; done += k) {
		k = len - done > IMG_SCAN_CHUNK ? IMG_SCAN_CHUNK : len - done;
		ok = EVP_DigestUpdate(c, b->p + off + done, k);
		buf_release(b, off + done, k);
	}
	ok = ok && EVP_DigestFinal_ex(c, out, outlen);
	EVP_MD_CTX_free(c);
	return ok;
}

enum mod_result img_lzma_sha256(struct mefw_image *img, const struct buf *b,
				const struct img_seg *in, unsigned int nseg, uint32_t usz,
				bool pad_to_usz, uint8_t out_hash[32], uint64_t *produced)
{
	const uint8_t *rel = in[0].p;	/* input before this was released */
	lzma_stream strm = LZMA_STREAM_INIT;
	lzma_options_lzma lo;
	lzma_filter filters[2];
	uint8_t chunk[16384], props[5], last = 0;
	EVP_MD_CTX *md;
	enum mod_result res = MOD_ERROR;
	lzma_ret r;
	uint64_t total = 0, declared = 0;
	uint64_t cap = usz < MEFW_IMG_MAX_MODULE_OUT ? usz : MEFW_IMG_MAX_MODULE_OUT;
	unsigned int seg = 0, i;
	size_t skip = 13;	/* .lzma header: props(1) dict(4) size(8) */
	uint32_t dict;

	*produced = 0;
	if (nseg == 0 || in[0].len < 13)
		return MOD_TRUNCATED;
	if (pad_to_usz && usz > MEFW_IMG_MAX_MODULE_OUT)
		return MOD_TOO_BIG;
	/*
	 * Decode the 13-byte header ourselves and run a raw LZMA1 decoder:
	 * that lets us cap the dictionary (lzma_alone_decoder allocates what
	 * the header asks for, up to the memory limit).
	 */
	memcpy(props, in[0].p, 5);
	for (i = 0; i < 8; i++)
		declared |= (uint64_t)in[0].p[5 + i] << (8 * i);
	filters[0].id = LZMA_FILTER_LZMA1;
	filters[0].options = NULL;
	if (lzma_properties_decode(&filters[0], NULL, props, 5) != LZMA_OK) {
		filters[0].options = NULL;
		return MOD_CORRUPT;
	}
	lo = *(lzma_options_lzma *)filters[0].options;
	free(filters[0].options);
	/* never more than the output we accept (<= 16 MiB), whatever the header says */
	dict = lo.dict_size;
	if (dict > ((cap + 4095u) & ~(uint64_t)4095u))
		dict = (uint32_t)((cap + 4095u) & ~(uint64_t)4095u);
	if (dict < LZMA_DICT_SIZE_MIN)
		dict = LZMA_DICT_SIZE_MIN;
	lo.dict_size = dict;
	filters[0].id = LZMA_FILTER_LZMA1;
	filters[0].options = &lo;
	filters[1].id = LZMA_VLI_UNKNOWN;
	filters[1].options = NULL;
	/* a known size in the header ends the stream there, like the alone decoder */
	if (declared != UINT64_MAX && declared < cap)
		cap = declared;

	md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		goto out_md;
	if (lzma_raw_decoder(&strm, filters) != LZMA_OK)
		goto out_md;
	strm.next_in = in[0].p + skip;
	strm.avail_in = in[0].len - skip;
	for (;;) {
		size_t want = sizeof(chunk), in_before, got;

		/* never ask for more than the declared size: the raw decoder has no end otherwise */
		if (declared != UINT64_MAX && declared - total < want)
			want = (size_t)(declared - total);
		if (strm.avail_in == 0 && seg + 1 < nseg) {
			seg++;
			strm.next_in = in[seg].p;
			strm.avail_in = in[seg].len;
			rel = strm.next_in;
		}
		in_before = strm.avail_in;
		strm.next_out = chunk;
		strm.avail_out = want;
		r = want ? lzma_code(&strm, seg + 1 < nseg ? LZMA_RUN : LZMA_FINISH) :
		    LZMA_STREAM_END;
		/* hand back the input consumed so far, a chunk at a time */
		if ((size_t)(strm.next_in - rel) >= IMG_SCAN_CHUNK) {
			buf_release(b, (size_t)(rel - b->p), (size_t)(strm.next_in - rel));
			rel = strm.next_in;
		}
		got = want - strm.avail_out;
		if (got) {
			total += got;
			/* atomic: modules may be decompressed two at a time */
			if (total > cap ||
			    __atomic_add_fetch(&img->bytes_decompressed, got,
					       __ATOMIC_RELAXED) > img_inflate_budget(img)) {
				res = MOD_TOO_BIG;
				break;
			}
			last = chunk[got - 1];
			if (!EVP_DigestUpdate(md, chunk, got))
				break;
		}
		if (declared != UINT64_MAX && total == declared)
			r = LZMA_STREAM_END;
		if (r == LZMA_STREAM_END) {
			unsigned int l = 0;

			if (declared != UINT64_MAX && total < declared) {
				res = MOD_TRUNCATED;
				break;
			}
			if (pad_to_usz && total && total < usz) {
				uint64_t left = usz - total;

				if (__atomic_add_fetch(&img->bytes_decompressed, left,
						       __ATOMIC_RELAXED) > img_inflate_budget(img)) {
					res = MOD_TOO_BIG;
					break;
				}
				memset(chunk, last, sizeof(chunk));
				while (left) {
					size_t n = left < sizeof(chunk) ? (size_t)left : sizeof(chunk);

					if (!EVP_DigestUpdate(md, chunk, n))
						goto out_end;
					left -= n;
				}
			}
			res = EVP_DigestFinal_ex(md, out_hash, &l) && l == 32 ?
			      MOD_OK : MOD_ERROR;
			break;
		}
		if (r == LZMA_OK && (got || strm.avail_in != in_before ||
				     (strm.avail_in == 0 && seg + 1 < nseg)))
			continue;
		if (r == LZMA_OK || r == LZMA_BUF_ERROR)
			res = MOD_TRUNCATED;
		else if (r == LZMA_DATA_ERROR || r == LZMA_FORMAT_ERROR ||
			 r == LZMA_OPTIONS_ERROR)
			res = MOD_CORRUPT;
		else if (r == LZMA_MEMLIMIT_ERROR || r == LZMA_MEM_ERROR)
			res = MOD_TOO_BIG;
		break;
	}
out_end:
	lzma_end(&strm);
out_md:
	EVP_MD_CTX_free(md);
	*produced = total;
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
			if (!digest_range(b, EVP_sha1(), pos, sz, dg, &dl) ||
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
		if (report)
			buf_release(b, pos, sz);
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
	unsigned int dl = 0;

	if (t->comp == 0) {
		t->r = digest_range(b, EVP_sha256(), (size_t)t->start, (size_t)t->len,
				    t->digest, &dl) ? MOD_OK : MOD_ERROR;
	} else {
		struct img_seg seg = { b->p + t->start, (size_t)t->len };

		t->r = img_lzma_sha256(img, b, &seg, 1, t->usz, false, t->digest,
				       &t->produced);
	}
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
		if (t[i].kind == K_HASH && t[i].comp == 2) {
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

void img_check_modules(struct mefw_image *img, const struct buf *b,
		       const struct mefw_img_manifest *m)
{
	char subj[48], base[16], name[17];
	size_t table, man_end;
	uint32_t i, n = m->num_modules;
	struct mod_task *tasks;

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
	if (n == 0)
		return;
	tasks = calloc(n, sizeof(*tasks));
	if (!tasks) {
		img_check(img, "module_hash", base, MEFW_CHECK_FAIL,
			  "could not hash the modules (out of memory)");
		return;
	}

	/* 1: headers */
	for (i = 0; i < n; i++) {
		size_t h = table + (size_t)i * MME_LEN;
		struct mod_task *t = &tasks[i];
		uint32_t off = 0, csz = 0, flags = 0;

		if (!match(b, h, "$MME", 4)) {
			t->kind = K_NOTAG;
			continue;
		}
		rd32(b, h + 0x38, &off);
		rd32(b, h + 0x3c, &t->usz);
		rd32(b, h + 0x40, &csz);
		rd32(b, h + 0x50, &flags);
		t->comp = (flags >> 4) & 7;
		if (t->comp == 1) {
			t->kind = K_HUFF;
			continue;
		}
		if (t->comp != 0 && t->comp != 2) {
			t->kind = K_BADCOMP;
			continue;
		}
		t->start = (uint64_t)m->offset + off;
		t->len = t->comp == 2 ? csz : (csz ? csz : t->usz);
		t->kind = t->start + t->len > m->limit || t->len == 0 ? K_OUTSIDE : K_HASH;
	}

	/* 2: hashes (maybe two at a time) */
	hash_tasks(img, b, tasks, n);

	/* 3: checks, in table order */
	for (i = 0; i < n; i++) {
		size_t h = table + (size_t)i * MME_LEN;
		const struct mod_task *t = &tasks[i];
		const char *what = t->comp == 2 ? "decompressed LZMA" : "uncompressed";

		img_name(name, sizeof(name), b->p + h + 4, 16);
		snprintf(subj, sizeof(subj), "%s/%s", base, name[0] ? name : "?");
		switch (t->kind) {
		case K_NOTAG:
			img_check(img, "module_table", subj, MEFW_CHECK_FAIL,
				  "module header %u at 0x%zx lacks the $MME tag", i, h);
			continue;
		case K_HUFF:
			img_check(img, "module_hash", subj, MEFW_CHECK_NOT_VERIFIED,
				  "Huffman-compressed: needs Intel's Huffman dictionary, not checked");
			continue;
		case K_BADCOMP:
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "unknown compression type %u", t->comp);
			continue;
		case K_OUTSIDE:
			img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
				  "module data 0x%llx + 0x%llx lies outside its partition",
				  (unsigned long long)t->start, (unsigned long long)t->len);
			continue;
		case K_HASH:
			break;
		}
		switch (t->r) {
		case MOD_OK:
			if (hash_eq_reversed(t->digest, b->p + h + 0x14))
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
	free(tasks);
}
