// SPDX-License-Identifier: GPL-2.0
/*
 * LZMA modules (ME 6-10 $MME, CSME 11 .met): decompressed through
 * liblzma straight into SHA-256, within the module and image limits.
 */
#include <stdlib.h>
#include <string.h>

#include <lzma.h>
#include <openssl/evp.h>

#include "image_int.h"

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
struct lzma_job {
	struct mefw_image *img;
	const struct buf *b;
	const struct img_seg *in;
	unsigned int nseg, seg;
	const uint8_t *rel;	/* input before this was released */
	lzma_stream strm;
	EVP_MD_CTX *md;
	uint64_t total, declared, cap;
	uint32_t usz;
	bool pad_to_usz;
	uint8_t last;
	uint8_t chunk[16384];
};

/*
 * Decode the 13-byte header ourselves, for a raw LZMA1 decoder: that lets
 * us cap the dictionary (lzma_alone_decoder allocates what the header
 * asks for, up to the memory limit).
 */
static enum mod_result lzma_header(const uint8_t *p, uint64_t cap, lzma_options_lzma *lo,
				   uint64_t *declared)
{
	lzma_filter f = { .id = LZMA_FILTER_LZMA1, .options = NULL };
	uint8_t props[5];
	uint64_t room = (cap + 4095u) & ~(uint64_t)4095u;
	unsigned int i;

	memcpy(props, p, 5);
	*declared = 0;
	for (i = 0; i < 8; i++)
		*declared |= (uint64_t)p[5 + i] << (8 * i);
	if (lzma_properties_decode(&f, NULL, props, 5) != LZMA_OK)
		return MOD_CORRUPT;
	*lo = *(lzma_options_lzma *)f.options;
	free(f.options);
	/* never more than the output we accept (<= 16 MiB), whatever the header says */
	if (lo->dict_size > room)
		lo->dict_size = (uint32_t)room;
	if (lo->dict_size < LZMA_DICT_SIZE_MIN)
		lo->dict_size = LZMA_DICT_SIZE_MIN;
	return MOD_OK;
}

/* count @n more bytes of output against the image; false past the budget */
static bool budget_add(struct mefw_image *img, uint64_t n)
{
	/* atomic: modules may be decompressed two at a time */
	return __atomic_add_fetch(&img->bytes_decompressed, n, __ATOMIC_RELAXED) <=
	       img_inflate_budget(img);
}

/* the stream ended: pad up to the declared size when asked, then the hash */
static enum mod_result lzma_finish(struct lzma_job *j, uint8_t out_hash[32])
{
	unsigned int l = 0;

	if (j->declared != UINT64_MAX && j->total < j->declared)
		return MOD_TRUNCATED;
	if (j->pad_to_usz && j->total && j->total < j->usz) {
		uint64_t left = j->usz - j->total;

		if (!budget_add(j->img, left))
			return MOD_TOO_BIG;
		memset(j->chunk, j->last, sizeof(j->chunk));
		while (left) {
			size_t n = left < sizeof(j->chunk) ? (size_t)left : sizeof(j->chunk);

			if (!EVP_DigestUpdate(j->md, j->chunk, n))
				return MOD_ERROR;
			left -= n;
		}
	}
	return EVP_DigestFinal_ex(j->md, out_hash, &l) && l == 32 ? MOD_OK : MOD_ERROR;
}

static enum mod_result lzma_error(lzma_ret r)
{
	if (r == LZMA_OK || r == LZMA_BUF_ERROR)
		return MOD_TRUNCATED;
	if (r == LZMA_DATA_ERROR || r == LZMA_FORMAT_ERROR || r == LZMA_OPTIONS_ERROR)
		return MOD_CORRUPT;
	if (r == LZMA_MEMLIMIT_ERROR || r == LZMA_MEM_ERROR)
		return MOD_TOO_BIG;
	return MOD_ERROR;
}

/* hand back the input consumed so far, a chunk at a time */
static void lzma_release(struct lzma_job *j)
{
	if ((size_t)(j->strm.next_in - j->rel) >= IMG_SCAN_CHUNK) {
		buf_release(j->b, (size_t)(j->rel - j->b->p), (size_t)(j->strm.next_in - j->rel));
		j->rel = j->strm.next_in;
	}
}

/* one chunk of output into the hash; false when done (*res says how) */
static bool lzma_step(struct lzma_job *j, uint8_t out_hash[32], enum mod_result *res)
{
	size_t want = sizeof(j->chunk), in_before, got;
	bool more_in;
	lzma_ret r;

	/* never ask for more than the declared size: the raw decoder has no end otherwise */
	if (j->declared != UINT64_MAX && j->declared - j->total < want)
		want = (size_t)(j->declared - j->total);
	if (j->strm.avail_in == 0 && j->seg + 1 < j->nseg) {
		j->seg++;
		j->strm.next_in = j->in[j->seg].p;
		j->strm.avail_in = j->in[j->seg].len;
		j->rel = j->strm.next_in;
	}
	more_in = j->seg + 1 < j->nseg;
	in_before = j->strm.avail_in;
	j->strm.next_out = j->chunk;
	j->strm.avail_out = want;
	r = want ? lzma_code(&j->strm, more_in ? LZMA_RUN : LZMA_FINISH) : LZMA_STREAM_END;
	lzma_release(j);
	got = want - j->strm.avail_out;
	if (got) {
		j->total += got;
		if (j->total > j->cap || !budget_add(j->img, got)) {
			*res = MOD_TOO_BIG;
			return false;
		}
		j->last = j->chunk[got - 1];
		if (!EVP_DigestUpdate(j->md, j->chunk, got))
			return false;
	}
	if (j->declared != UINT64_MAX && j->total == j->declared)
		r = LZMA_STREAM_END;
	if (r == LZMA_STREAM_END) {
		*res = lzma_finish(j, out_hash);
		return false;
	}
	if (r == LZMA_OK && (got || j->strm.avail_in != in_before ||
			     (j->strm.avail_in == 0 && more_in)))
		return true;
	*res = lzma_error(r);
	return false;
}

enum mod_result img_lzma_sha256(struct mefw_image *img, const struct buf *b,
				const struct img_seg *in, unsigned int nseg, uint32_t usz,
				bool pad_to_usz, uint8_t out_hash[32], uint64_t *produced)
{
	struct lzma_job j = { .img = img, .b = b, .in = in, .nseg = nseg,
			      .strm = LZMA_STREAM_INIT, .usz = usz,
			      .pad_to_usz = pad_to_usz };
	lzma_options_lzma lo;
	lzma_filter filters[2];
	enum mod_result res;

	*produced = 0;
	if (nseg == 0 || in[0].len < MEFW_LZMA_HDR_LEN)
		return MOD_TRUNCATED;
	if (pad_to_usz && usz > MEFW_IMG_MAX_MODULE_OUT)
		return MOD_TOO_BIG;
	j.cap = usz < MEFW_IMG_MAX_MODULE_OUT ? usz : MEFW_IMG_MAX_MODULE_OUT;
	res = lzma_header(in[0].p, j.cap, &lo, &j.declared);
	if (res != MOD_OK)
		return res;
	filters[0] = (lzma_filter){ .id = LZMA_FILTER_LZMA1, .options = &lo };
	filters[1] = (lzma_filter){ .id = LZMA_VLI_UNKNOWN, .options = NULL };
	/* a known size in the header ends the stream there, like the alone decoder */
	if (j.declared != UINT64_MAX && j.declared < j.cap)
		j.cap = j.declared;

	res = MOD_ERROR;
	j.md = EVP_MD_CTX_new();
	if (j.md && EVP_DigestInit_ex(j.md, EVP_sha256(), NULL) &&
	    lzma_raw_decoder(&j.strm, filters) == LZMA_OK) {
		j.rel = in[0].p;
		j.strm.next_in = in[0].p + MEFW_LZMA_HDR_LEN;
		j.strm.avail_in = in[0].len - MEFW_LZMA_HDR_LEN;
		while (lzma_step(&j, out_hash, &res))
			;
		lzma_end(&j.strm);
	}
	EVP_MD_CTX_free(j.md);
	*produced = j.total;
	return res;
}
