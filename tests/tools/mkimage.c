// SPDX-License-Identifier: GPL-2.0
/*
 * mefw-mkimage: write SYNTHETIC Intel-ME-format firmware images for tests.
 *
 * The images have the real layouts (flash descriptor, $FPT, $MAN / $MN2
 * manifests with $MME modules, $SKU, $DAT, CSME 11 $CPD) but contain no
 * Intel code: modules are filler, signed with the mefw TEST key
 * (tests/images/test-key.pem, RSA 2048, e=17).  Damaged variants exercise
 * every check of lib/image.
 *
 * Usage: mefw-mkimage --key PEM [--gen me5|me9|csme11] [--kind region|update|flash]
 *        [--version A.B.C.D] [--sku TEXT] [--svn N] [--vcn N] [--pv 0|1]
 *        [--date YYYY-MM-DD] [--pre] [--fit A.B.C.D] [--fitc] [--damage KIND]
 *        [--bomb N [--bomb-usz BYTES]] [--size BYTES] -o OUT
 *        mefw-mkimage --key PEM --print-key-hash
 * Damage kinds: none fpt-checksum manifest-flip module-flip truncate
 *   bad-length overlap past-end absurd-count absurd-modules sig-padding
 *   no-manifest; csme11 only: met-flip (a .met file) partition-flip (a
 *   byte covered only by the partition hash), met-rename / met-missing
 *   (pm.met renamed to fitc.cfg / dropped from the unsigned $CPD
 *   directory, pm changed, the directory checksum fixed), padding-bomb
 *   (the --bomb modules' .met declare 4 GiB after signing)
 * --bomb N (csme11): N more LZMA modules whose streams end before the
 *   size their .met declares (--bomb-usz, signed; default their real
 *   size): the verifier pads them up to it
 * --size: pad the file with 0xFF up to BYTES (an ordinary image of the
 *   same size as a crafted one, for `make bench`)
 * --sku for csme11: "Consumer H", "Corporate LP", "Slim H", "Server H"
 * --fitc (csme11): a FIT-configured partition (fitc.cfg after PartitionSize)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "mefw_image_layout.h"

struct opts {
	const char *gen, *kind, *out, *key, *sku, *damage;
	unsigned int ver[4];
	bool ver_set;
	unsigned int fit[4];
	unsigned int svn, vcn, pv;
	bool svn_set, vcn_set;
	unsigned int year, month, day;
	bool pre, print_hash, fitc;
	unsigned int bomb;	/* --bomb N: padding-bomb modules (csme11) */
	uint32_t bomb_usz;	/* --bomb-usz: their signed declared size */
	size_t size;		/* --size: pad the file with 0xFF to this size */
};

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "mefw-mkimage: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint8_t bcd(unsigned int v)
{
	return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

static bool damage(const struct opts *o, const char *k)
{
	return o->damage && !strcmp(o->damage, k);
}

/* ---- crypto ---- */

static EVP_PKEY *load_key(const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;

	if (!f)
		die("cannot open key %s", path);
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!k)
		die("cannot read private key %s", path);
	return k;
}

static void modulus_le(EVP_PKEY *k, uint8_t out[256], uint32_t *exp)
{
	BIGNUM *n = NULL, *e = NULL;

	if (!EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_E, &e) ||
	    BN_bn2lebinpad(n, out, 256) != 256)
		die("%s", "key is not RSA 2048");
	*exp = (uint32_t)BN_get_word(e);
	BN_free(n);
	BN_free(e);
}

static void sha(const EVP_MD *md, const void *a, size_t al, const void *b,
		size_t bl, uint8_t *out, unsigned int *outl)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (!c || !EVP_DigestInit_ex(c, md, NULL) || !EVP_DigestUpdate(c, a, al) ||
	    !EVP_DigestUpdate(c, b, bl) || !EVP_DigestFinal_ex(c, out, outl))
		die("%s", "digest failed");
	EVP_MD_CTX_free(c);
}

/* sign a manifest in place: key, exponent, signature (little-endian) */
static void sign_manifest(EVP_PKEY *k, uint8_t *man, bool sha1, bool bad_padding)
{
	const EVP_MD *md = sha1 ? EVP_sha1() : EVP_sha256();
	uint8_t dg[64], sig[256], block[256];
	unsigned int dl = 0;
	uint32_t size = 0, exp = 0;
	size_t sl = sizeof(sig), i;
	EVP_PKEY_CTX *c;

	modulus_le(k, man + MEFW_MAN_KEY, &exp);
	put32(man + MEFW_MAN_EXP, exp);
	memcpy(&size, man + MEFW_MAN_SIZE, 4);
	size = (size & 0x3fffffff) * 4;
	sha(md, man, MEFW_MAN_KEY, man + MEFW_MAN_HDR_LEN, size - MEFW_MAN_HDR_LEN, dg, &dl);
	c = EVP_PKEY_CTX_new(k, NULL);
	if (!c || EVP_PKEY_sign_init(c) <= 0)
		die("%s", "sign init failed");
	if (!bad_padding) {
		if (EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) <= 0 ||
		    EVP_PKEY_CTX_set_signature_md(c, md) <= 0 ||
		    EVP_PKEY_sign(c, sig, &sl, dg, dl) <= 0)
			die("%s", "signing failed");
	} else {
		/*
		 * A block whose tail is the right DigestInfo + hash but whose
		 * padding is wrong (one 0xFF byte changed): ME Analyzer and
		 * me_cleaner accept it, a strict PKCS#1 v1.5 check must not.
		 */
		static const uint8_t di256[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09,
			0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
			0x00, 0x04, 0x20 };
		static const uint8_t di1[] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05,
			0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14 };
		const uint8_t *di = sha1 ? di1 : di256;
		size_t dil = sha1 ? sizeof(di1) : sizeof(di256);

		memset(block, 0xff, sizeof(block));
		block[0] = 0;
		block[1] = 1;
		block[20] = 0x7f; /* broken padding byte */
		block[256 - dl - dil - 1] = 0;
		memcpy(block + 256 - dl - dil, di, dil);
		memcpy(block + 256 - dl, dg, dl);
		if (EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) <= 0 ||
		    EVP_PKEY_sign(c, sig, &sl, block, sizeof(block)) <= 0)
			die("%s", "raw signing failed");
	}
	EVP_PKEY_CTX_free(c);
	if (sl != 256)
		die("%s", "unexpected signature length");
	for (i = 0; i < 256; i++)
		man[MEFW_MAN_SIG + i] = sig[255 - i];
}

static uint8_t *lzma_pack(const uint8_t *in, size_t inlen, size_t *outlen)
{
	lzma_options_lzma lo;
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = inlen + inlen / 2 + 4096;
	uint8_t *out = malloc(cap);

	if (!out || lzma_lzma_preset(&lo, 6) || lzma_alone_encoder(&s, &lo) != LZMA_OK)
		die("%s", "lzma init failed");
	s.next_in = in;
	s.avail_in = inlen;
	s.next_out = out;
	s.avail_out = cap;
	if (lzma_code(&s, LZMA_FINISH) != LZMA_STREAM_END)
		die("%s", "lzma compression failed");
	*outlen = cap - s.avail_out;
	lzma_end(&s);
	return out;
}

/* ---- manifests ---- */

struct module {
	const char *name;
	int comp;	/* 0 raw, 1 "Huffman" (filler), 2 LZMA */
	size_t size;	/* uncompressed */
	uint8_t fill;
};

static void fill_module(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)((i * 7 + seed) ^ (i >> 5)); /* compressible filler */
}

static void man_header(uint8_t *m, const struct opts *o, const char *tag,
		       uint32_t nmod, uint32_t flags)
{
	put32(m + MEFW_MAN_TYPE, MEFW_MAN_TYPE_VALUE);
	put32(m + MEFW_MAN_HDR_LENGTH, MEFW_MAN_HDR_LEN / 4);
	put32(m + MEFW_MAN_HDR_VERSION, MEFW_MAN_HDR_VERSION_VALUE);
	put32(m + MEFW_MAN_FLAGS, flags | (o->pre ? MEFW_MAN_FLAG_PRE : 0));
	put32(m + MEFW_MAN_VENDOR, MEFW_MAN_VENDOR_INTEL);
	m[MEFW_MAN_DATE] = bcd(o->day);
	m[MEFW_MAN_DATE + 1] = bcd(o->month);
	m[MEFW_MAN_DATE + 2] = bcd(o->year % 100);
	m[MEFW_MAN_DATE + 3] = bcd(o->year / 100);
	memcpy(m + MEFW_MAN_TAG_OFF, tag, 4);
	put32(m + MEFW_MAN_NUM_MODULES, nmod);
	put16(m + MEFW_MAN_MAJOR, (uint16_t)o->ver[0]);
	put16(m + MEFW_MAN_MINOR, (uint16_t)o->ver[1]);
	put16(m + MEFW_MAN_HOTFIX, (uint16_t)o->ver[2]);
	put16(m + MEFW_MAN_BUILD, (uint16_t)o->ver[3]);
	if (o->ver[0] >= 9 || o->ver[0] == 11)
		put32(m + MEFW_MAN_SVN, o->svn);
	if (o->ver[0] == 8)
		put32(m + MEFW_MAN_SVN8, o->svn);
	if (o->ver[0] >= 8 && o->ver[0] <= 10)
		put32(m + MEFW_MAN_VCN, o->vcn);
	put32(m + MEFW_MAN_KEY_SIZE, MEFW_MAN_RSA_LEN / 4);
	put32(m + MEFW_MAN_EXP_SIZE, 1);
}

static uint8_t sku_byte9(const char *sku)
{
	if (!strcmp(sku, "5MB"))
		return 0x0a; /* type 0, size 10 */
	if (!strcmp(sku, "Slim"))
		return 0x23;
	return 0x13; /* 1.5MB: type 1, size 3 */
}

static uint32_t sku_me5(const char *sku)
{
	if (!strcmp(sku, "Base Consumer"))
		return 0x060d0000;
	return 0x3e080000; /* Digital Office */
}

/*
 * Build a $MN2 partition (manifest + modules) for ME 6-10 into @p (size
 * @cap); returns bytes used.  @name: partition name.
 */
static size_t build_mn2(uint8_t *p, size_t cap, const struct opts *o,
			EVP_PKEY *k, const char *name, const struct module *mods,
			uint32_t nmod)
{
	uint32_t i, nm_hdr = nmod;
	size_t man_size, data, mlen, end;
	uint8_t *raw, *packed, dg[32];
	unsigned int dl;
	size_t plen;

	memset(p, 0xff, cap);
	man_size = MEFW_MAN_MODULES + (nmod + 1) * MEFW_MME_LEN + MEFW_MCP_LEN +
		   MEFW_SKU_LEN;
	man_size = (man_size + 0x3f) & ~(size_t)0x3f;
	memset(p, 0, man_size);
	if (damage(o, "absurd-modules"))
		nm_hdr = 0x7fffffff;
	man_header(p, o, MEFW_MAN_TAG_MN2, nm_hdr, !strcmp(name, "FTPR") ? 0x40000004u : 0);
	put32(p + MEFW_MAN_SIZE, (uint32_t)(man_size / 4));
	memcpy(p + MEFW_MN2_PART_NAME, name, strlen(name));
	data = end = man_size;
	for (i = 0; i < nmod; i++) {
		uint8_t *h = p + MEFW_MAN_MODULES + i * MEFW_MME_LEN;
		const struct module *md = &mods[i];

		memcpy(h, MEFW_MME_TAG, 4);
		memcpy(h + MEFW_MME_NAME, md->name, strlen(md->name));
		raw = malloc(md->size);
		if (!raw)
			die("%s", "out of memory");
		fill_module(raw, md->size, md->fill);
		sha(EVP_sha256(), raw, md->size, "", 0, dg, &dl);
		for (dl = 0; dl < 32; dl++)
			h[MEFW_MME_HASH + dl] = dg[31 - dl];
		put32(h + MEFW_MME_LOAD, 0x20000000u + (uint32_t)data);
		put32(h + MEFW_MME_SIZE_UNCOMP, (uint32_t)md->size);
		put32(h + MEFW_MME_FLAGS, (uint32_t)md->comp << 4);
		if (md->comp == MEFW_COMP_LZMA) {
			packed = lzma_pack(raw, md->size, &plen);
			mlen = plen;
			if (data + mlen > cap)
				die("%s", "partition too small");
			memcpy(p + data, packed, mlen);
			free(packed);
		} else {
			mlen = md->size / (md->comp == MEFW_COMP_HUFFMAN ? 2 : 1);
			if (data + mlen > cap)
				die("%s", "partition too small");
			memcpy(p + data, raw, mlen);
		}
		put32(h + MEFW_MME_OFFSET, (uint32_t)data);
		put32(h + MEFW_MME_SIZE_COMP, (uint32_t)mlen);
		end = data + mlen;
		data = (data + mlen + 0xf) & ~(size_t)0xf;
		free(raw);
	}
	/* $MCP (code extent) after one empty header slot, then $SKU */
	{
		uint8_t *c = p + MEFW_MAN_MODULES + (nmod + 1) * MEFW_MME_LEN;

		memcpy(c, MEFW_MCP_TAG, 4);
		put32(c + 4, 0x11);
		put32(c + MEFW_MCP_CODE_SIZE, (uint32_t)(end - man_size));
		put32(c + MEFW_MCP_CODE_OFF, (uint32_t)man_size);
		put32(c + 0x10, 0x20000000u);
	}
	{
		uint8_t *s = p + MEFW_MAN_MODULES + (nmod + 1) * MEFW_MME_LEN + MEFW_MCP_LEN;

		memcpy(s, MEFW_SKU_TAG, 4);
		put32(s + MEFW_SKU_HDR_LENGTH, 4);
		s[MEFW_SKU_VALUE_BE] = 0x70;
		s[MEFW_SKU_VALUE_BE + 1] = 0x1c;
		s[MEFW_SKU_BYTE_C] = sku_byte9(o->sku);
		s[MEFW_SKU_BYTE_C + 1] = 0x22;
	}
	sign_manifest(k, p, false, damage(o, "sig-padding") && !strcmp(name, "FTPR"));
	return end; /* end of the last module's data */
}

/* $MAN (ME 2-5): header, 0x50-byte $MME headers, $SKU, then $MOD blocks */
static size_t build_man(uint8_t *p, size_t cap, const struct opts *o, EVP_PKEY *k)
{
	static const struct { const char *name; size_t size; } mods[] = {
		{ "BRINGUP", 0x200 }, { "KERNEL", 0x340 },
	};
	const uint32_t nm = 2;
	size_t man_size = MEFW_MAN_MODULES + nm * MEFW_MME_OLD_LEN + 0xc, pos, i;
	uint32_t v = sku_me5(o->sku);
	uint8_t dg[20];
	unsigned int dl, j;

	memset(p, 0xff, cap);
	memset(p, 0, man_size);
	man_header(p, o, MEFW_MAN_TAG_MAN, nm, 0);
	put32(p + MEFW_MAN_SIZE, (uint32_t)(man_size / 4));
	pos = man_size;
	for (i = 0; i < nm; i++) {
		uint8_t *h = p + MEFW_MAN_MODULES + i * MEFW_MME_OLD_LEN;

		if (pos + mods[i].size > cap)
			die("%s", "partition too small");
		memcpy(h, MEFW_MME_TAG, 4);
		memcpy(h + MEFW_MME_OLD_NAME, mods[i].name, strlen(mods[i].name));
		put32(h + MEFW_MME_OLD_SIZE, (uint32_t)mods[i].size);
		fill_module(p + pos, mods[i].size, (uint8_t)(9 + i));
		memcpy(p + pos, MEFW_MOD_TAG, 4);
		sha(EVP_sha1(), p + pos, mods[i].size, "", 0, dg, &dl);
		for (j = 0; j < 20; j++)
			h[MEFW_MME_OLD_HASH + j] = dg[19 - j];
		pos += mods[i].size;
	}
	{
		uint8_t *s = p + MEFW_MAN_MODULES + nm * MEFW_MME_OLD_LEN;

		memcpy(s, MEFW_SKU_TAG, 4);
		put32(s + MEFW_SKU_HDR_LENGTH, 3);
		s[MEFW_SKU_VALUE_BE] = (uint8_t)(v >> 24);
		s[MEFW_SKU_VALUE_BE + 1] = (uint8_t)(v >> 16);
		s[MEFW_SKU_VALUE_BE + 2] = (uint8_t)(v >> 8);
		s[MEFW_SKU_VALUE_BE + 3] = (uint8_t)v;
	}
	sign_manifest(k, p, true, damage(o, "sig-padding"));
	return pos;
}

/*
 * CSME 11 $CPD partition (layout: lib/image/cpd.c): FTPR.man with Ext 0x03
 * (partition size, partition hash, VCN, one entry per .met with its hash)
 * and Ext 0x0C (SKU), then per module a .met (Ext 0x0A: compression,
 * sizes, module hash) and the module: "rbe" uncompressed, "kernel"
 * "Huffman" (filler: not decodable, hash of the uncompressed data as
 * Intel's), "pm" LZMA hashed compressed (most CSME modules), "syslib"
 * LZMA hashed decompressed (a few CSME modules).  LZMA streams carry
 * Intel's three extra zero bytes after byte 0xD of the header.
 * --fitc appends a non-empty fitc.cfg after PartitionSize, as FIT does.
 */
#define CSE_MET_LEN	MEFW_EXT0A_LEN
#define CSE_MAX_MODS	60	/* 1 + 2 * 60 + 1 $CPD entries <= 128 */

/* layout of the partition, set by build_cpd (more modules, more room) */
static size_t CSE_MAN_OFF = 0x200, CSE_MET_OFF = 0x600, CSE_MOD_OFF = 0x800;
static size_t CSE_EXT03, CSE_MAN_SIZE;

struct cse_mod {
	const char *name;
	int comp;		/* 0 raw, 1 "Huffman", 2 LZMA */
	size_t usz;
	uint8_t fill;
	bool hash_plain;	/* LZMA module hashed decompressed */
};

static const struct cse_mod cse_mods[] = {
	{ "rbe", 0, 0x400, 3, false },
	{ "kernel", 1, 0x1000, 5, false },
	{ "pm", 2, 0x3000, 7, false },
	{ "syslib", 2, 0x2000, 9, true },
};

/* where build_cpd put things (offsets from $CPD), for --damage */
static struct {
	size_t pm_off, pm_len, pm_met, psize;
	uint32_t nmod;
} cse_at;

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/*
 * the modules: cse_mods, then --bomb N LZMA modules "bombNN" hashed
 * decompressed whose .met declares --bomb-usz bytes (signed): a stream
 * that ends early is padded up to that size by the verifier
 */
static uint32_t cse_module_list(const struct opts *o, struct cse_mod *mods)
{
	static char names[CSE_MAX_MODS][12];
	uint32_t n = sizeof(cse_mods) / sizeof(cse_mods[0]), i;

	memcpy(mods, cse_mods, sizeof(cse_mods));
	for (i = 0; i < o->bomb && n < CSE_MAX_MODS; i++, n++) {
		snprintf(names[i], sizeof(names[i]), "bomb%02u", i);
		mods[n] = (struct cse_mod){ names[i], 2, 0x1000, (uint8_t)(11 + i), true };
	}
	return n;
}

/* offsets that fit @nmod modules; the 4-module layout is the historical one */
static void cse_layout(uint32_t n, uint32_t nmod)
{
	CSE_EXT03 = MEFW_EXT03_LEN + nmod * MEFW_EXT03_MOD_LEN;
	CSE_MAN_SIZE = MEFW_MAN_HDR_LEN + CSE_EXT03 + MEFW_EXT0C_LEN;
	CSE_MAN_OFF = align_up(MEFW_CPD_HDR_LEN + n * MEFW_CPD_ENTRY_LEN, 0x100);
	if (CSE_MAN_OFF < 0x200)
		CSE_MAN_OFF = 0x200;
	CSE_MET_OFF = align_up(CSE_MAN_OFF + CSE_MAN_SIZE, 0x100);
	if (CSE_MET_OFF < 0x600)
		CSE_MET_OFF = 0x600;
	CSE_MOD_OFF = align_up(CSE_MET_OFF + nmod * 0x40, 0x100);
	if (CSE_MOD_OFF < 0x800)
		CSE_MOD_OFF = 0x800;
}

static uint8_t *lzma_pack_cse(const uint8_t *in, size_t inlen, size_t *outlen)
{
	lzma_options_lzma lo;
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = inlen + inlen / 2 + 4096, n;
	uint8_t *out = malloc(cap + 3);

	if (!out || lzma_lzma_preset(&lo, 6))
		die("%s", "lzma init failed");
	lo.lc = 0;		/* header 36 00 40 00 00 like Intel's */
	lo.lp = 1;
	lo.pb = 1;
	lo.dict_size = 0x4000;
	if (lzma_alone_encoder(&s, &lo) != LZMA_OK)
		die("%s", "lzma init failed");
	s.next_in = in;
	s.avail_in = inlen;
	s.next_out = out;
	s.avail_out = cap;
	if (lzma_code(&s, LZMA_FINISH) != LZMA_STREAM_END)
		die("%s", "lzma compression failed");
	n = cap - s.avail_out;
	lzma_end(&s);
	/* Intel's CSME streams: three zero bytes after byte 0xD */
	memmove(out + MEFW_CSE_LZMA_GAP + MEFW_CSE_LZMA_GAP_LEN, out + MEFW_CSE_LZMA_GAP,
		n - MEFW_CSE_LZMA_GAP);
	memset(out + MEFW_CSE_LZMA_GAP, 0, MEFW_CSE_LZMA_GAP_LEN);
	*outlen = n + MEFW_CSE_LZMA_GAP_LEN;
	return out;
}

static void put_rev_hash(uint8_t *dst, const void *a, size_t al, const void *b,
			 size_t bl)
{
	uint8_t dg[32];
	unsigned int dl = 0, i;

	sha(EVP_sha256(), a, al, b, bl, dg, &dl);
	for (i = 0; i < 32; i++)
		dst[i] = dg[31 - i];
}

static void cse_sku(const char *sku, unsigned int *type, unsigned int *plat)
{
	static const char *const t[] = { "Corporate", "Consumer", "Slim", "Server" };
	unsigned int i;

	*type = 1;
	*plat = strstr(sku, " LP") ? 1 : 0;
	for (i = 0; i < 4; i++)
		if (!strncmp(sku, t[i], strlen(t[i])))
			*type = i;
}

static size_t build_cpd(uint8_t *p, size_t cap, const struct opts *o, EVP_PKEY *k)
{
	struct cse_mod mods[CSE_MAX_MODS];
	const uint32_t nmod = cse_module_list(o, mods);
	uint32_t n = 1 + 2 * nmod + (o->fitc ? 1 : 0), i, e = 0;
	size_t pos, psize, end;
	uint8_t sum = 0, *m, *x;
	unsigned int type, plat;

	cse_layout(n, nmod);
	cse_at.nmod = nmod;
	pos = CSE_MOD_OFF;
	m = p + CSE_MAN_OFF;

	memset(p, 0xff, cap);
	memset(p, 0, CSE_MOD_OFF);
	memcpy(p, MEFW_CPD_TAG, 4);
	put32(p + MEFW_CPD_NUM_ENTRIES, n);
	p[MEFW_CPD_HDR_VERSION] = 1;
	p[MEFW_CPD_ENTRY_VERSION] = 1;
	p[MEFW_CPD_HDR_LENGTH] = MEFW_CPD_HDR_LEN;
	memcpy(p + MEFW_CPD_NAME, "FTPR", 4);

#define CPD_ENT(nm, off, size, huff) do {				\
		uint8_t *ent_ = p + MEFW_CPD_HDR_LEN + e++ * MEFW_CPD_ENTRY_LEN; \
		memset(ent_, 0, MEFW_CPD_ENTRY_LEN);			\
		memcpy(ent_ + MEFW_CPD_E_NAME, nm, strlen(nm));		\
		put32(ent_ + MEFW_CPD_E_OFFSET, (uint32_t)(off) |	\
		      ((huff) ? 1u << MEFW_CPD_HUFFMAN_BIT : 0));	\
		put32(ent_ + MEFW_CPD_E_SIZE, (uint32_t)(size));	\
	} while (0)

	CPD_ENT("FTPR.man", CSE_MAN_OFF, CSE_MAN_SIZE, 0);
	/* modules and their .met (Ext 0x0A) */
	for (i = 0; i < nmod; i++) {
		const struct cse_mod *md = &mods[i];
		uint8_t *raw = malloc(md->usz), *met = p + CSE_MET_OFF + i * 0x40;
		uint8_t *stored = raw;
		size_t slen = md->usz;
		char mname[16];

		if (!raw)
			die("%s", "out of memory");
		fill_module(raw, md->usz, md->fill);
		if (md->comp == MEFW_COMP_LZMA)
			stored = lzma_pack_cse(raw, md->usz, &slen);
		else if (md->comp == MEFW_COMP_HUFFMAN)
			slen = md->usz / 2;
		if (pos + slen > cap)
			die("%s", "partition too small");
		memcpy(p + pos, stored, slen);
		memset(met, 0, CSE_MET_LEN);
		put32(met + MEFW_EXT_TAG, MEFW_EXT0A);
		put32(met + MEFW_EXT_SIZE, CSE_MET_LEN);
		met[MEFW_EXT0A_COMP] = (uint8_t)md->comp;
		put32(met + MEFW_EXT0A_SIZE_UNCOMP,
		      (uint32_t)(i >= 4 && o->bomb_usz ? o->bomb_usz : md->usz));
		put32(met + MEFW_EXT0A_SIZE_COMP, (uint32_t)slen);
		put16(met + MEFW_EXT0A_DEV_ID, 0x1234);
		put16(met + MEFW_EXT0A_VEN_ID, 0x8086);
		if (md->comp == MEFW_COMP_LZMA && !md->hash_plain)
			put_rev_hash(met + MEFW_EXT0A_HASH, stored, slen, "", 0);
		else
			put_rev_hash(met + MEFW_EXT0A_HASH, raw, md->usz, "", 0);
		snprintf(mname, sizeof(mname), "%s.met", md->name);
		CPD_ENT(mname, met - p, CSE_MET_LEN, 0);
		CPD_ENT(md->name, pos, md->usz, md->comp == MEFW_COMP_HUFFMAN);
		if (!strcmp(md->name, "pm")) {
			cse_at.pm_off = pos;
			cse_at.pm_len = slen;
			cse_at.pm_met = (size_t)(met - p);
		}
		pos = (pos + slen + 0xff) & ~(size_t)0xff;
		if (stored != raw)
			free(stored);
		free(raw);
	}
	psize = (pos + 0x100 + 0xfff) & ~(size_t)0xfff;
	end = psize;
	if (o->fitc) {
		if (psize + 0x100 > cap)
			die("%s", "partition too small");
		fill_module(p + psize, 0x100, 0x42);
		CPD_ENT("fitc.cfg", psize, 0x100, 0);
		end = psize + 0x1000;
	}
#undef CPD_ENT
	if (end > cap)
		die("%s", "partition too small");
	cse_at.psize = psize;
	for (i = 0; i < MEFW_CPD_HDR_LEN + n * MEFW_CPD_ENTRY_LEN; i++)
		sum = (uint8_t)(sum + p[i]);
	p[MEFW_CPD_CHECKSUM] = (uint8_t)(0x100 - sum);

	/* the manifest: header, Ext 0x03, Ext 0x0C */
	man_header(m, o, MEFW_MAN_TAG_MN2, 0, o->pv ? 1 : 0);
	put32(m + MEFW_MAN_SIZE, CSE_MAN_SIZE / 4);
	x = m + MEFW_MAN_HDR_LEN;
	memset(x, 0, CSE_EXT03);
	put32(x + MEFW_EXT_TAG, MEFW_EXT03);
	put32(x + MEFW_EXT_SIZE, CSE_EXT03);
	memcpy(x + MEFW_EXT03_NAME, "FTPR", 4);
	put32(x + MEFW_EXT03_PART_SIZE, (uint32_t)psize);
	put32(x + MEFW_EXT03_VCN, o->vcn);
	put16(x + MEFW_EXT03_VER_MAJOR, 0);
	put16(x + MEFW_EXT03_VER_MINOR, 1);
	memset(x + MEFW_EXT03_RESERVED, 0xff, 16);
	for (i = 0; i < nmod; i++) {
		uint8_t *me = x + MEFW_EXT03_LEN + i * MEFW_EXT03_MOD_LEN;

		memcpy(me + MEFW_EXT03_M_NAME, mods[i].name, strlen(mods[i].name));
		me[MEFW_EXT03_M_TYPE] = 0;
		me[MEFW_EXT03_M_COMP] = (uint8_t)mods[i].comp;
		put16(me + MEFW_EXT03_M_RESERVED, 0xffff);
		put32(me + MEFW_EXT03_M_MET_SIZE, CSE_MET_LEN);
		put_rev_hash(me + MEFW_EXT03_M_MET_HASH, p + CSE_MET_OFF + i * 0x40,
			     CSE_MET_LEN, "", 0);
	}
	x += CSE_EXT03;
	memset(x, 0, MEFW_EXT0C_LEN);
	put32(x + MEFW_EXT_TAG, MEFW_EXT0C);
	put32(x + MEFW_EXT_SIZE, MEFW_EXT0C_LEN);
	put32(x + MEFW_EXT0C_SKU_CAPS, 0x00c00381); /* FWSKUCaps: some capability bits */
	memset(x + MEFW_EXT0C_RESERVED, 0xff, 28);
	cse_sku(o->sku, &type, &plat);
	put32(x + MEFW_EXT0C_SKU_ATTRIB, (type << 4) | (1u << 9) | (plat << 10) | (2u << 12));
	/* partition hash: $CPD .. PartitionSize without the manifest */
	put_rev_hash(m + MEFW_MAN_HDR_LEN + MEFW_EXT03_HASH, p, CSE_MAN_OFF, m + CSE_MAN_SIZE,
		     psize - CSE_MAN_OFF - CSE_MAN_SIZE);
	sign_manifest(k, m, false, damage(o, "sig-padding"));
	return end;
}

/* ---- regions ---- */

struct fpt_ent {
	const char *name, *owner;
	uint32_t off, size, flags;
};

static void write_fpt(uint8_t *r, const struct fpt_ent *e, uint32_t n,
		      const struct opts *o, uint8_t hl)
{
	uint8_t *f = r + MEFW_FPT_OFF, sum = 0;
	size_t i, start;
	uint32_t cnt = damage(o, "absurd-count") ? 0xffffffffu : n;

	memset(r, 0, MEFW_FPT_OFF);
	memcpy(f, MEFW_FPT_TAG, 4);
	f[MEFW_FPT_HDR_VERSION] = 0x20;
	f[MEFW_FPT_ENTRY_VERSION] = 0x10;
	f[MEFW_FPT_HDR_LENGTH] = hl;
	f[MEFW_FPT_CHECKSUM] = 0;
	put32(f + MEFW_FPT_NUM_ENTRIES, cnt);
	put16(f + 0xc, 0);
	for (i = 0; i < 4; i++)
		put16(f + MEFW_FPT_FIT_VERSION + 2 * i, (uint16_t)o->fit[i]);
	for (i = 0; i < n; i++) {
		uint8_t *x = f + MEFW_FPT_HDR_LEN + i * MEFW_FPT_ENTRY_LEN;

		memset(x, 0, MEFW_FPT_ENTRY_LEN);
		memcpy(x + MEFW_FPT_E_NAME, e[i].name, 4);
		if (e[i].owner)
			memcpy(x + MEFW_FPT_E_OWNER, e[i].owner, 4);
		else
			memset(x + MEFW_FPT_E_OWNER, 0xff, 4);
		put32(x + MEFW_FPT_E_OFFSET, e[i].off);
		put32(x + MEFW_FPT_E_SIZE, e[i].size);
		put32(x + MEFW_FPT_E_FLAGS, e[i].flags);
	}
	start = hl > MEFW_FPT_HDR_LEN ? 0 : MEFW_FPT_OFF;
	for (i = 0; i < hl; i++)
		sum = (uint8_t)(sum + r[start + i]);
	f[MEFW_FPT_CHECKSUM] = (uint8_t)(0x100 - sum);
	if (damage(o, "fpt-checksum"))
		f[MEFW_FPT_CHECKSUM] ^= 0x01;
}

static size_t build_me9_region(uint8_t *r, size_t cap, const struct opts *o,
			       EVP_PKEY *k)
{
	static const struct module ftpr_mods[] = {
		{ "UPDATE", 0, 0x1000, 1 },
		{ "KERNEL", 1, 0x4000, 2 },
		{ "HOSTCOMM", 2, 0x6000, 3 },
	};
	static const struct module nftp_mods[] = {
		{ "ICC", 2, 0x3000, 4 },
	};
	const size_t rsz = 0x80000;
	struct fpt_ent e[] = {
		{ "FOVD", "KRID", 0x1000, 0x1000, 0x783 },
		{ "EFFS", "OSID", 0x2000, 0x6000, 0xa704 },
		{ "NVKR", NULL, 0xffffffffu, 0x5c3a, 0x2 },
		{ "FTPR", NULL, 0x8000, 0x40000, 0xa780 },
		{ "NFTP", NULL, 0x48000, 0x38000, 0xa780 },
	};
	uint8_t *d;

	if (cap < rsz)
		die("%s", "buffer too small");
	memset(r, 0xff, rsz);
	if (damage(o, "overlap"))
		e[4].off = 0x40000; /* NFTP starts inside FTPR */
	if (damage(o, "past-end"))
		e[1].size = 0x100000; /* EFFS runs past the region */
	build_mn2(r + 0x8000, 0x40000, o, k, "FTPR", ftpr_mods, 3);
	build_mn2(r + 0x48000, 0x38000, o, k, "NFTP", nftp_mods, 1);
	/* EFFS with $DAT carrying the production-ready (PV) bit */
	d = r + 0x2000;
	memset(d, 0, 0x100);
	memcpy(d + 0x40, MEFW_DAT_TAG, 4);
	put32(d + 0x44, 0x29);
	d[0x40 + MEFW_DAT_PV] = (uint8_t)o->pv;
	memcpy(d + 0x40 + MEFW_DAT_IFRP, MEFW_DAT_IFRP_TAG, 4);
	write_fpt(r, e, sizeof(e) / sizeof(e[0]), o, 0x30);
	return rsz;
}

static size_t build_me5_region(uint8_t *r, size_t cap, const struct opts *o,
			       EVP_PKEY *k)
{
	const size_t rsz = 0x20000;
	struct fpt_ent e[] = {
		{ "FOVD", "KRID", 0x400, 0xc00, 0x783 },
		{ "EFFS", "OSID", 0x1000, 0x3000, 0x2084 },
		{ "CODE", NULL, 0x10000, 0xffffffffu, 0x2780 },
	};

	if (cap < rsz)
		die("%s", "buffer too small");
	memset(r, 0xff, rsz);
	if (damage(o, "overlap"))
		e[1].size = 0x10000; /* EFFS runs into CODE */
	if (damage(o, "past-end"))
		e[1].size = 0x40000;
	build_man(r + 0x10000, 0x10000, o, k);
	write_fpt(r, e, sizeof(e) / sizeof(e[0]), o, 0x30);
	return rsz;
}

static size_t build_csme11_region(uint8_t *r, size_t cap, const struct opts *o,
				  EVP_PKEY *k)
{
	const size_t rsz = 0x10000;
	struct fpt_ent e[] = {
		{ "FOVD", "KRID", 0x1000, 0x1000, 0x783 },
		{ "FTPR", NULL, 0x4000, 0x8000, 0xa780 },
		{ "MFS", NULL, 0xc000, 0x4000, 0xa701 },
	};

	if (cap < rsz)
		die("%s", "buffer too small");
	memset(r, 0xff, rsz);
	if (damage(o, "overlap"))
		e[2].off = 0x8000;
	if (damage(o, "past-end"))
		e[2].size = 0x40000;
	build_cpd(r + 0x4000, 0x8000, o, k);
	memset(r + 0xc000, 0, 0x100); /* MFS with data: a configured region */
	write_fpt(r, e, sizeof(e) / sizeof(e[0]), o, 0x20);
	return rsz;
}

/* full flash: descriptor at 0x10, ME region at 0x1000 */
static size_t wrap_flash(uint8_t *img, size_t rlen)
{
	size_t total = 0x1000 + rlen + 0x1000;
	uint32_t limit = (uint32_t)((0x1000 + rlen - 1) >> 12);

	memmove(img + 0x1000, img, rlen);
	memset(img, 0xff, 0x1000);
	memset(img + 0x1000 + rlen, 0xff, 0x1000);
	put32(img + MEFW_FD_SIG_OFF, MEFW_FD_SIG);
	put32(img + MEFW_FD_SIG_OFF + MEFW_FD_FLMAP0, 0x00040000); /* FRBA = 0x40 */
	put32(img + 0x40, 0x00000000); /* FLREG0 descriptor: 0-0xfff */
	put32(img + 0x44, 0x00007fff); /* FLREG1 BIOS: unused */
	put32(img + 0x40 + MEFW_FD_FLREG_ME, 1 | (limit << 16)); /* FLREG2 ME */
	return total;
}

/*
 * The unsigned $CPD directory, tampered with after signing: pm.met
 * renamed to fitc.cfg (@drop false) or removed (@drop true), a byte of
 * the pm module changed, the directory checksum fixed.
 */
static void cpd_drop_met(uint8_t *cpd, const struct opts *o, bool drop)
{
	uint32_t n, i, j;
	uint8_t sum = 0;

	uint8_t *ent = cpd + MEFW_CPD_HDR_LEN;

	memcpy(&n, cpd + MEFW_CPD_NUM_ENTRIES, 4);
	for (i = 0; i < n && memcmp(ent + i * MEFW_CPD_ENTRY_LEN, "pm.met", 7); i++)
		;
	if (i == n)
		die("%s", "no pm.met entry");
	if (drop) {
		memmove(ent + i * MEFW_CPD_ENTRY_LEN, ent + (i + 1) * MEFW_CPD_ENTRY_LEN,
			(n - i - 1) * MEFW_CPD_ENTRY_LEN);
		memset(ent + (n - 1) * MEFW_CPD_ENTRY_LEN, 0, MEFW_CPD_ENTRY_LEN);
		put32(cpd + MEFW_CPD_NUM_ENTRIES, --n);
	} else {
		memset(ent + i * MEFW_CPD_ENTRY_LEN, 0, MEFW_CPD_E_NAME_LEN);
		memcpy(ent + i * MEFW_CPD_ENTRY_LEN, "fitc.cfg", 8);
	}
	cpd[cse_at.pm_off + cse_at.pm_len / 2] ^= 0x55;
	cpd[MEFW_CPD_CHECKSUM] = 0;
	for (j = 0; j < MEFW_CPD_HDR_LEN + n * MEFW_CPD_ENTRY_LEN; j++)
		sum = (uint8_t)(sum + cpd[j]);
	cpd[MEFW_CPD_CHECKSUM] = (uint8_t)(0x100 - sum);
	(void)o;
}

static void parse_ver(const char *s, unsigned int v[4])
{
	if (sscanf(s, "%u.%u.%u.%u", &v[0], &v[1], &v[2], &v[3]) != 4)
		die("bad version '%s' (want A.B.C.D)", s);
}

int main(int argc, char **argv)
{
	struct opts o = { .gen = "me9", .kind = "region", .damage = "none",
			  .pv = 1, .year = 2020, .month = 1, .day = 2 };
	size_t cap = 8u << 20, len = 0;
	uint8_t *img;
	EVP_PKEY *k;
	FILE *f;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

#define ARG(n) (!strcmp(a, n) && (v || (die("%s needs a value", n), 0)) && ++i)
		if (ARG("--gen"))
			o.gen = v;
		else if (ARG("--kind"))
			o.kind = v;
		else if (ARG("-o"))
			o.out = v;
		else if (ARG("--key"))
			o.key = v;
		else if (ARG("--sku"))
			o.sku = v;
		else if (ARG("--damage"))
			o.damage = v;
		else if (ARG("--version")) {
			parse_ver(v, o.ver);
			o.ver_set = true;
		} else if (ARG("--fit"))
			parse_ver(v, o.fit);
		else if (ARG("--svn")) {
			o.svn = (unsigned int)strtoul(v, NULL, 0);
			o.svn_set = true;
		} else if (ARG("--vcn")) {
			o.vcn = (unsigned int)strtoul(v, NULL, 0);
			o.vcn_set = true;
		} else if (ARG("--pv"))
			o.pv = (unsigned int)strtoul(v, NULL, 0);
		else if (ARG("--date")) {
			if (sscanf(v, "%u-%u-%u", &o.year, &o.month, &o.day) != 3)
				die("bad date '%s'", v);
		} else if (!strcmp(a, "--pre"))
			o.pre = true;
		else if (!strcmp(a, "--fitc"))
			o.fitc = true;
		else if (ARG("--bomb"))
			o.bomb = (unsigned int)strtoul(v, NULL, 0);
		else if (ARG("--bomb-usz"))
			o.bomb_usz = (uint32_t)strtoul(v, NULL, 0);
		else if (ARG("--size"))
			o.size = (size_t)strtoul(v, NULL, 0);
		else if (!strcmp(a, "--print-key-hash"))
			o.print_hash = true;
		else
			die("unknown argument '%s'", a);
#undef ARG
	}
	if (!o.key)
		die("%s", "--key PEM is required (tests/images/test-key.pem)");
	k = load_key(o.key);
	if (o.print_hash) {
		uint8_t mod[256], h[32];
		unsigned int hl;
		uint32_t e;

		modulus_le(k, mod, &e);
		sha(EVP_sha256(), mod, 256, "", 0, h, &hl);
		for (hl = 0; hl < 32; hl++)
			printf("%02X", h[hl]);
		printf("\n");
		EVP_PKEY_free(k);
		return 0;
	}
	if (!o.out)
		die("%s", "-o OUT is required");
	{
		bool upd = !strcmp(o.kind, "update");
		const char *d = o.damage;

		if ((upd && (!strcmp(d, "fpt-checksum") || !strcmp(d, "overlap") ||
			     !strcmp(d, "past-end") || !strcmp(d, "absurd-count"))) ||
		    (strcmp(o.gen, "csme11") && (!strcmp(d, "met-flip") ||
						  !strcmp(d, "partition-flip") ||
						  !strcmp(d, "met-rename") ||
						  !strcmp(d, "met-missing") ||
						  !strcmp(d, "padding-bomb"))) ||
		    (strcmp(o.gen, "me9") && !strcmp(d, "absurd-modules")))
			die("damage '%s' does not apply to this generation/kind", d);
	}
	if (!o.ver_set) {
		if (!strcmp(o.gen, "me5"))
			parse_ver("5.2.71.1048", o.ver);
		else if (!strcmp(o.gen, "csme11"))
			parse_ver("11.8.50.3425", o.ver);
		else
			parse_ver("9.0.20.1447", o.ver);
	}
	if (!o.sku)
		o.sku = !strcmp(o.gen, "me5") ? "Digital Office" :
			!strcmp(o.gen, "csme11") ? "Consumer H" : "1.5MB";
	if (!o.svn_set)
		o.svn = 1;
	if (!o.vcn_set)
		o.vcn = 3;

	img = calloc(1, cap);
	if (!img)
		die("%s", "out of memory");
	if (!strcmp(o.kind, "update")) {
		if (!strcmp(o.gen, "me5")) {
			len = build_man(img, cap, &o, k);
		} else if (!strcmp(o.gen, "csme11")) {
			len = build_cpd(img, cap, &o, k);
		} else {
			static const struct module fm[] = {
				{ "UPDATE", 0, 0x1000, 1 },
				{ "KERNEL", 1, 0x4000, 2 },
				{ "HOSTCOMM", 2, 0x6000, 3 },
			};
			static const struct module nm[] = { { "ICC", 2, 0x3000, 4 } };
			size_t a = build_mn2(img, 0x40000, &o, k, "FTPR", fm, 3);

			a = (a + 0xfff) & ~(size_t)0xfff;
			len = a + build_mn2(img + a, 0x38000, &o, k, "NFTP", nm, 1);
		}
	} else if (!strcmp(o.kind, "region") || !strcmp(o.kind, "flash")) {
		if (!strcmp(o.gen, "me5"))
			len = build_me5_region(img, cap, &o, k);
		else if (!strcmp(o.gen, "csme11"))
			len = build_csme11_region(img, cap, &o, k);
		else
			len = build_me9_region(img, cap, &o, k);
		if (!strcmp(o.kind, "flash"))
			len = wrap_flash(img, len);
	} else {
		die("unknown kind '%s'", o.kind);
	}

	/* damage applied after signing */
	{
		size_t base = !strcmp(o.kind, "flash") ? 0x1000 : 0;
		size_t man = 0;

		size_t cpd = !strcmp(o.kind, "update") ? 0 : base + 0x4000;

		if (!strcmp(o.kind, "update"))
			man = !strcmp(o.gen, "csme11") ? CSE_MAN_OFF : 0;
		else if (!strcmp(o.gen, "me5"))
			man = base + 0x10000;
		else if (!strcmp(o.gen, "csme11"))
			man = base + 0x4000 + CSE_MAN_OFF;
		else
			man = base + 0x8000;
		if (damage(&o, "manifest-flip"))
			img[man + MEFW_MAN_BUILD] ^= 0x01; /* inside the signed header */
		if (damage(&o, "module-flip")) {
			uint32_t off = 0, sz = 0;

			if (!strcmp(o.gen, "csme11")) {
				/* LZMA module "pm", mid-stream */
				img[cpd + cse_at.pm_off + cse_at.pm_len / 2] ^= 0x55;
			} else if (!strcmp(o.gen, "me5")) {
				/* first $MOD block, after the manifest */
				memcpy(&sz, img + man + MEFW_MAN_SIZE, 4);
				img[man + sz * 4 + 0x100] ^= 0x55;
			} else {
				/* third module (LZMA HOSTCOMM): flip a byte mid-stream */
				const uint8_t *h = img + man + MEFW_MAN_MODULES + 2 * MEFW_MME_LEN;

				memcpy(&off, h + MEFW_MME_OFFSET, 4);
				memcpy(&sz, h + MEFW_MME_SIZE_COMP, 4);
				img[man + off + sz / 2] ^= 0x55;
			}
		}
		if (damage(&o, "met-rename") || damage(&o, "met-missing"))
			cpd_drop_met(img + cpd, &o, damage(&o, "met-missing"));
		if (damage(&o, "padding-bomb"))
			for (i = 4; i < (int)cse_at.nmod; i++)
				put32(img + cpd + CSE_MET_OFF + i * 0x40 + MEFW_EXT0A_SIZE_UNCOMP,
				      0xfffff000u);
		if (damage(&o, "met-flip"))
			img[cpd + cse_at.pm_met + MEFW_EXT0A_DEV_ID] ^= 0x01; /* in pm.met */
		if (damage(&o, "partition-flip"))
			img[cpd + cse_at.psize - 0x10] ^= 0x01; /* padding, in no module */
		if (damage(&o, "bad-length"))
			put32(img + man + MEFW_MAN_SIZE, 0x00800000); /* 32 MiB manifest */
		if (damage(&o, "no-manifest"))
			memset(img + man + MEFW_MAN_TAG_OFF, 0, 4);
		if (damage(&o, "truncate"))
			len = len / 2 + 3;
	}

	if (o.size > len && o.size <= cap) {
		memset(img + len, 0xff, o.size - len);
		len = o.size;
	}
	f = fopen(o.out, "wb");
	if (!f || fwrite(img, 1, len, f) != len || fclose(f))
		die("cannot write %s", o.out);
	free(img);
	EVP_PKEY_free(k);
	return 0;
}
