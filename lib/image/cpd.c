// SPDX-License-Identifier: GPL-2.0
/*
 * CSME 11 code partition directory ($CPD, header version 1) and the
 * integrity data the partition manifest carries.
 *
 * $CPD header: "$CPD", NumModules u32, HeaderVersion 1, EntryVersion 1,
 * HeaderLength 0x10, Checksum-8 (header + entries sum to 0), name[4];
 * entries of 0x18 bytes at +0x10: Name[12], OffsetAttrib (bits 0-24
 * offset from $CPD, bit 25 Huffman), Size (uncompressed), Reserved.
 * The partition manifest is the "<NAME>.man" entry ($MN2, signed like
 * ME 6-10 but with exponent 65537).  After its 0x284-byte header come
 * extensions (Tag u32, Size u32 in bytes, data), covered by the signature:
 *
 *   Ext 0x03 partition information (0x58 bytes, then 0x34-byte module
 *	entries): +0x08 name[4], +0x0C PartitionSize, +0x10 SHA-256 of the
 *	stock partition ($CPD .. $CPD + PartitionSize without the manifest
 *	bytes [man, man + Size*4)), +0x30 VCN; each module entry: Name[12],
 *	Type, Compression, Reserved u16, MetadataSize, +0x14 SHA-256 of the
 *	module's "<name>.met" entry.
 *   Ext 0x0C client system information: +0x28 FWSKUAttrib u64, bits 4-6
 *	SKUType (0 Corporate, 1 Consumer, 2 Slim, 3 Server), bits 10-11
 *	SKUPlatform (0 H, 1 LP; meaningful from 11.0.0.1205 on).
 *
 * Each "<name>.met" entry holds extensions of its own; Ext 0x0A module
 * attributes (0x38 bytes): +0x08 Compression (0 none, 1 Huffman, 2 LZMA),
 * +0x09 Encryption, +0x0C SizeUncomp, +0x10 SizeComp, +0x18 SHA-256 of
 * the module: of the stored bytes when uncompressed, of the stored
 * (compressed) bytes for LZMA on most modules and of the decompressed
 * bytes on a few, of the decompressed bytes for Huffman.
 *
 * Every hash is stored byte-reversed (the little-endian integer of the
 * digest).  The chain: RSA signature -> manifest -> Ext 0x03 -> .met
 * hashes -> Ext 0x0A -> module hashes; plus the partition hash over the
 * stock partition.  Every check is driven by the SIGNED list (Ext 0x03):
 * a listed module whose .met or data is missing FAILs, a .met that fails
 * its hash is not used to hash its module, and only signed data exempts
 * anything: Huffman and encrypted modules (flags in the signed .met) are
 * NOT VERIFIED one by one, the partition hash covers them.  ME Analyzer
 * skips the partition hash when a directory entry is named fitc.cfg,
 * oem.key or fptemp; we do not (the directory is not signed), so a
 * FIT- or FWUpdate-modified FTPR is refused.  No real CSME 11 image of
 * the iwoka repository (187 of them) has such an entry in a code
 * partition.  The partition hash is skipped when the manifest carries
 * none and on CSME 11.8 Slim (PartitionSize 0x88000), where Intel's value
 * is known to be wrong (NOT VERIFIED).
 *
 * Facts: research/images.md 1.4, 2.3-2.5 and ME Analyzer's ext_anl /
 * mod_anl (MEA.py).  No real CSME 11 image is in our corpus: these rules
 * are exercised only by synthetic images (tests/tools/mkimage.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image_int.h"

#define EXT_MAX_WALK	100	/* extensions per manifest / metadata file */

bool img_is_cpd(const struct buf *b, size_t off)
{
	return match(b, off, MEFW_CPD_TAG, 4);
}

/* ---- $CPD entries and extensions ---- */

struct cpd {
	size_t off;		/* absolute offset of "$CPD" */
	size_t limit;		/* absolute end of the partition */
	uint32_t n;		/* entries (checked: in the buffer) */
	const char *name;	/* partition name for messages */
};

struct cpd_ent {
	char name[13];
	uint64_t start;		/* absolute */
	uint32_t size;		/* as stored: uncompressed for modules */
	bool huff;
};

static void cpd_entry(const struct buf *b, const struct cpd *c, uint32_t i,
		      struct cpd_ent *e)
{
	size_t p = c->off + MEFW_CPD_HDR_LEN + (size_t)i * MEFW_CPD_ENTRY_LEN;
	uint32_t oa = 0;

	img_name(e->name, sizeof(e->name), b->p + p + MEFW_CPD_E_NAME, MEFW_CPD_E_NAME_LEN);
	rd32(b, p + MEFW_CPD_E_OFFSET, &oa);
	rd32(b, p + MEFW_CPD_E_SIZE, &e->size);
	e->start = (uint64_t)c->off + (oa & MEFW_CPD_OFFSET_MASK);
	e->huff = (oa >> MEFW_CPD_HUFFMAN_BIT) & 1;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t l = strlen(s), m = strlen(suf);

	return l >= m && !strcmp(s + l - m, suf);
}

/* the $CPD header at @off: version and entry count, entries inside @limit */
static int parse_cpd_header(struct mefw_image *img, const struct buf *b, size_t off,
			    size_t limit, uint32_t *n)
{
	uint8_t hv = 0, hl = 0;

	if (!rd32(b, off + MEFW_CPD_NUM_ENTRIES, n) ||
	    !rd8(b, off + MEFW_CPD_HDR_VERSION, &hv) ||
	    !rd8(b, off + MEFW_CPD_HDR_LENGTH, &hl) || !in_buf(b, off, MEFW_CPD_HDR_LEN))
		return img_err(img, -EBADMSG,
			       "truncated: $CPD header at 0x%zx ends past the end of the file",
			       off);
	if (hv != 1 || hl != MEFW_CPD_HDR_LEN)
		return img_err(img, -ENOTSUP,
			       "$CPD header version %u at 0x%zx: only CSME 11 (version 1) is supported",
			       hv, off);
	if (*n == 0 || *n > MEFW_IMG_MAX_MODULES)
		return img_err(img, -EBADMSG,
			       "$CPD at 0x%zx: absurd entry count %u (limit %u)", off, *n,
			       MEFW_IMG_MAX_MODULES);
	if (!in_buf(b, off + MEFW_CPD_HDR_LEN, (size_t)*n * MEFW_CPD_ENTRY_LEN) ||
	    off + MEFW_CPD_HDR_LEN + (uint64_t)*n * MEFW_CPD_ENTRY_LEN > limit)
		return img_err(img, -EBADMSG,
			       "truncated: $CPD at 0x%zx lists %u entries past the end of its partition",
			       off, *n);
	return 0;
}

int img_parse_cpd(struct mefw_image *img, const struct buf *b, size_t off,
		  size_t limit, const char *partition)
{
	struct cpd c = { .off = off, .limit = limit };
	struct cpd_ent e;
	char pname[5];
	uint32_t i;
	int rc;

	rc = parse_cpd_header(img, b, off, limit, &c.n);
	if (rc)
		return rc;
	img_name(pname, sizeof(pname), b->p + off + MEFW_CPD_NAME, 4);
	img->gen = MEFW_GEN_CPD;
	if (!img->has_cpd) {
		img->has_cpd = true;
		img->cpd_offset = off;
	}
	for (i = 0; i < c.n; i++) {
		cpd_entry(b, &c, i, &e);
		if (!ends_with(e.name, ".man"))
			continue;
		if (e.start + MEFW_MAN_HDR_LEN > limit || !img_is_manifest(b, (size_t)e.start))
			return img_err(img, -EBADMSG,
				       "$CPD entry %s does not point at a manifest (0x%llx)",
				       e.name, (unsigned long long)e.start);
		rc = img_add_manifest(img, b, (size_t)e.start, limit,
				      partition && partition[0] ? partition : pname);
		return rc == -E2BIG ? 0 : rc;
	}
	if (partition && strcmp(partition, "FTPR"))
		return 0; /* not a code partition of ours: listed, not verified */
	return img_err(img, -EBADMSG, "$CPD at 0x%zx has no .man entry", off);
}

static bool cpd_find(const struct buf *b, const struct cpd *c, const char *name,
		     struct cpd_ent *e)
{
	uint32_t i;

	for (i = 0; i < c->n; i++) {
		cpd_entry(b, c, i, e);
		if (!strcmp(e->name, name))
			return true;
	}
	return false;
}

/*
 * Extension walk over [from, to): returns the offset of the first
 * extension with @tag whose size is at least @minlen (its size in
 * *len), or SIZE_MAX.  *bad is set when the chain is malformed (size
 * below 8 or running past @to) before the tag was found.
 */
static size_t ext_find(const struct buf *b, size_t from, size_t to, uint32_t tag,
		       uint32_t minlen, uint32_t *len, bool *bad)
{
	unsigned int k;
	uint32_t t = 0, sz = 0;

	*bad = false;
	if (to > b->len)
		to = b->len;
	for (k = 0; k < EXT_MAX_WALK && from + MEFW_EXT_HDR_LEN <= to; k++) {
		rd32(b, from + MEFW_EXT_TAG, &t);
		rd32(b, from + MEFW_EXT_SIZE, &sz);
		if (sz < MEFW_EXT_HDR_LEN || sz > to - from) {
			*bad = true;
			return SIZE_MAX;
		}
		if (t == tag && sz >= minlen) {
			*len = sz;
			return from;
		}
		from += sz;
	}
	return SIZE_MAX;
}

/* the signed extension area of a manifest: [hdr end, Size*4) in its partition */
static bool man_ext_range(const struct buf *b, size_t moff, size_t limit,
			  size_t *from, size_t *to, uint32_t *msize)
{
	uint32_t hl = 0, sz = 0;

	if (!rd32(b, moff + MEFW_MAN_HDR_LENGTH, &hl) || !rd32(b, moff + MEFW_MAN_SIZE, &sz) ||
	    hl != MEFW_MAN_HDR_LEN / 4 || sz > 0x3fffffffu)
		return false;
	sz *= 4;
	if (sz < MEFW_MAN_HDR_LEN || moff + (uint64_t)sz > limit || moff + (uint64_t)sz > b->len)
		return false;
	*from = moff + MEFW_MAN_HDR_LEN;
	*to = moff + sz;
	*msize = sz;
	return true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* ---- identity: SKU (Ext 0x0C) and VCN (Ext 0x03) ---- */

void img_cpd_identity(struct mefw_image *img, const struct buf *b,
		      const struct mefw_img_manifest *m)
{
	static const char *const types[] = { "Corporate", "Consumer", "Slim", "Server" };
	size_t from, to, e;
	uint32_t msize, len = 0, lo = 0, vcn = 0;
	unsigned int type, plat;
	bool bad;

	if (!man_ext_range(b, m->offset, m->limit, &from, &to, &msize))
		return;
	e = ext_find(b, from, to, MEFW_EXT03, MEFW_EXT03_LEN, &len, &bad);
	if (e != SIZE_MAX && rd32(b, e + MEFW_EXT03_VCN, &vcn)) {
		img->has_vcn = true;
		img->vcn = vcn;
	}
	e = ext_find(b, from, to, MEFW_EXT0C, MEFW_EXT0C_LEN, &len, &bad);
	if (e == SIZE_MAX || !rd32(b, e + MEFW_EXT0C_SKU_ATTRIB, &lo))
		return;
	type = MEFW_EXT0C_SKU_TYPE(lo);
	plat = MEFW_EXT0C_SKU_PLATFORM(lo);
	img->sku_valid = true;
	img->sku_raw = lo;
	/*
	 * ME Analyzer: "<type> <platform>"; the platform field is defined
	 * from 11.0.0.1205 on (build 7101 excepted); before that MEA scans
	 * the Huffman-compressed kernel or its database, which we cannot:
	 * the type alone is reported.
	 */
	if (type >= sizeof(types) / sizeof(types[0]))
		snprintf(img->sku, sizeof(img->sku), "Unknown (SKU type %u)", type);
	else if ((img->minor > 0 || img->hotfix > 0 ||
		  (img->build >= 1205 && img->build != 7101)) && plat <= 1)
		snprintf(img->sku, sizeof(img->sku), "%s %s", types[type],
			 plat ? "LP" : "H");
	else
		snprintf(img->sku, sizeof(img->sku), "%s", types[type]);
}

/* ---- verification ---- */

/* size of a module's data: SizeComp from its Ext 0x0A when known */
static bool met_attr(const struct buf *b, const struct cpd *c, const struct cpd_ent *met,
		     size_t *attr)
{
	uint64_t end = met->start + met->size;
	uint32_t len = 0;
	bool bad;

	if (end > c->limit || end > b->len)
		return false;
	*attr = ext_find(b, (size_t)met->start, (size_t)end, MEFW_EXT0A, MEFW_EXT0A_LEN,
			 &len, &bad);
	return *attr != SIZE_MAX;
}

static void check_layout(struct mefw_image *img, const struct buf *b,
			 const struct cpd *c)
{
	struct cpd_ent e, met;
	char mname[24];
	uint32_t i, csz;
	size_t attr;
	uint64_t len;

	for (i = 0; i < c->n; i++) {
		cpd_entry(b, c, i, &e);
		len = e.size;
		/* a module's $CPD size is its uncompressed size: use SizeComp */
		snprintf(mname, sizeof(mname), "%s.met", e.name);
		if (!ends_with(e.name, ".man") && !ends_with(e.name, ".met") &&
		    cpd_find(b, c, mname, &met) && met_attr(b, c, &met, &attr) &&
		    rd32(b, attr + MEFW_EXT0A_SIZE_COMP, &csz) && csz)
			len = csz;
		else if (e.huff)
			len = 0; /* compressed size unknown: check the start only */
		if (e.start + len > c->limit)
			img_check(img, "partition_layout", c->name, MEFW_CHECK_FAIL,
				  "$CPD entry %s (0x%llx + 0x%llx) lies outside its partition",
				  e.name, (unsigned long long)e.start,
				  (unsigned long long)len);
	}
}

/* one module of a .met, as its Ext 0x0A describes it */
struct cse_mod {
	char subj[48];		/* "<partition>/<module>" */
	const char *met;	/* "<module>.met" */
	struct cpd_ent e;	/* the module's directory entry */
	uint8_t comp, enc;
	uint32_t usz, csz;
	uint64_t len;		/* bytes hashed: SizeComp, else the entry's size */
	const uint8_t *want;	/* the stored (byte-reversed) hash */
};

static void mod_fail(struct mefw_image *img, const struct cse_mod *md, const char *why)
{
	img_check(img, "module_hash", md->subj, MEFW_CHECK_FAIL, "%s", why);
}

/* the module's Ext 0x0A and directory entry; false (reported) when missing */
static bool cse_mod_find(struct mefw_image *img, const struct buf *b, const struct cpd *c,
			 const struct cpd_ent *met, struct cse_mod *md)
{
	char mod[13];
	size_t attr;

	snprintf(mod, sizeof(mod), "%s", met->name);
	mod[strlen(mod) - 4] = '\0';
	snprintf(md->subj, sizeof(md->subj), "%s/%s", c->name, mod);
	md->met = met->name;
	if (!met_attr(b, c, met, &attr)) {
		img_check(img, "module_hash", md->subj, MEFW_CHECK_FAIL,
			  "%s has no module attributes (Ext 0x0A): the module is not covered by the signature",
			  met->name);
		return false;
	}
	if (!cpd_find(b, c, mod, &md->e)) {
		img_check(img, "module_hash", md->subj, MEFW_CHECK_FAIL,
			  "module listed in the signed manifest and %s is missing from the $CPD directory",
			  met->name);
		return false;
	}
	rd8(b, attr + MEFW_EXT0A_COMP, &md->comp);
	rd8(b, attr + MEFW_EXT0A_ENCRYPTED, &md->enc);
	rd32(b, attr + MEFW_EXT0A_SIZE_UNCOMP, &md->usz);
	rd32(b, attr + MEFW_EXT0A_SIZE_COMP, &md->csz);
	md->want = b->p + attr + MEFW_EXT0A_HASH;
	md->len = md->csz ? md->csz : md->e.size;
	return true;
}

/* modules the signed .met exempts or that cannot be hashed; true when reported */
static bool cse_mod_unhashable(struct mefw_image *img, const struct buf *b,
			       const struct cpd *c, const struct cse_mod *md)
{
	if (md->enc) {
		img_check(img, "module_hash", md->subj, MEFW_CHECK_NOT_VERIFIED,
			  "encrypted module: its hash covers the plain text");
		return true;
	}
	if (md->comp == MEFW_COMP_HUFFMAN) {
		img_check(img, "module_hash", md->subj, MEFW_CHECK_NOT_VERIFIED,
			  "Huffman-compressed: the hash covers the decompressed module, which needs Intel's Huffman dictionary");
		return true;
	}
	if (md->comp > MEFW_COMP_LZMA) {
		img_check(img, "module_hash", md->subj, MEFW_CHECK_FAIL,
			  "unknown compression type %u in %s", md->comp, md->met);
		return true;
	}
	if (md->len == 0 || md->e.start + md->len > c->limit ||
	    md->e.start + md->len > b->len) {
		img_check(img, "module_hash", md->subj, MEFW_CHECK_FAIL,
			  "module data 0x%llx + 0x%llx lies outside its partition",
			  (unsigned long long)md->e.start, (unsigned long long)md->len);
		return true;
	}
	return false;
}

/*
 * A few LZMA modules are hashed decompressed (ME Analyzer accepts
 * either).  CSME LZMA streams carry three zero bytes after byte 0xD
 * of the .lzma header ("36 00 40 00 00"); skip them to decode.
 */
static enum mod_result cse_lzma_sha256(struct mefw_image *img, const struct buf *b,
				       const struct cse_mod *md, uint8_t dg[32],
				       uint64_t *produced)
{
	struct img_seg s[2] = { { b->p + md->e.start, (size_t)md->len }, { NULL, 0 } };
	const size_t gap_end = MEFW_CSE_LZMA_GAP + MEFW_CSE_LZMA_GAP_LEN;
	unsigned int ns = 1;
	enum mod_result r;

	if (md->len > gap_end && !memcmp(s[0].p, MEFW_CSE_LZMA_PROPS, 5) &&
	    all_zero(s[0].p + MEFW_CSE_LZMA_GAP, MEFW_CSE_LZMA_GAP_LEN)) {
		s[1].p = s[0].p + gap_end;
		s[1].len = (size_t)md->len - gap_end;
		s[0].len = MEFW_CSE_LZMA_GAP;
		ns = 2;
	}
	r = img_lzma_sha256(img, b, s, ns, md->usz, true, dg, produced);
	buf_release(b, (size_t)md->e.start, (size_t)md->len);
	return r;
}

static void report_lzma(struct mefw_image *img, const struct cse_mod *md,
			enum mod_result r, const uint8_t dg[32], uint64_t produced)
{
	switch (r) {
	case MOD_OK:
		if (img_hash_reversed_eq(dg, md->want, 32))
			img_check(img, "module_hash", md->subj, MEFW_CHECK_PASS,
				  "SHA-256 of the decompressed LZMA module matches its %s",
				  md->met);
		else
			img_check(img, "module_hash", md->subj, MEFW_CHECK_FAIL,
				  "SHA-256 of the LZMA module (compressed or decompressed) does not match its %s",
				  md->met);
		break;
	case MOD_CORRUPT:
	case MOD_TRUNCATED:
		img_check(img, "module_hash", md->subj, MEFW_CHECK_FAIL,
			  "SHA-256 of the compressed module does not match its %s and the LZMA data is %s (after 0x%llx bytes): the module was modified",
			  md->met, r == MOD_CORRUPT ? "corrupt" : "cut short",
			  (unsigned long long)produced);
		break;
	case MOD_TOO_BIG:
		img_check(img, "module_hash", md->subj, MEFW_CHECK_FAIL,
			  "compressed SHA-256 does not match %s; decompressed and padded to 0x%x bytes it exceeds the module limit or the inflate budget",
			  md->met, md->usz);
		break;
	default:
		mod_fail(img, md, "could not hash the module (library error)");
		break;
	}
}

/* one module of a .met: Ext 0x0A hash, of the stored bytes, else decompressed */
static void check_module(struct mefw_image *img, const struct buf *b,
			 const struct cpd *c, const struct cpd_ent *met)
{
	struct cse_mod md = { 0 };
	struct img_seg s;
	uint64_t produced = 0;
	uint8_t dg[32];
	enum mod_result r;

	if (!cse_mod_find(img, b, c, met, &md) || cse_mod_unhashable(img, b, c, &md))
		return;
	s = (struct img_seg){ b->p + md.e.start, (size_t)md.len };
	if (!img_digest_segs(b, false, &s, 1, dg)) {
		mod_fail(img, &md, "could not hash the module (library error)");
		return;
	}
	if (img_hash_reversed_eq(dg, md.want, 32)) {
		img_check(img, "module_hash", md.subj, MEFW_CHECK_PASS,
			  "SHA-256 of the %s module matches its %s",
			  md.comp == MEFW_COMP_LZMA ? "LZMA-compressed" : "uncompressed",
			  met->name);
		return;
	}
	if (md.comp == MEFW_COMP_NONE) {
		img_check(img, "module_hash", md.subj, MEFW_CHECK_FAIL,
			  "SHA-256 of the uncompressed module does not match its %s",
			  met->name);
		return;
	}
	r = cse_lzma_sha256(img, b, &md, dg, &produced);
	report_lzma(img, &md, r, dg, produced);
}

/* "<name>.met" for an Ext 0x03 module entry (some names carry .met already) */
static void ext03_met_name(const struct buf *b, size_t p, char nm[17])
{
	img_name(nm, 13, b->p + p + MEFW_EXT03_M_NAME, 12);
	if (!ends_with(nm, ".met"))
		strcat(nm, ".met");
}

/* Ext 0x03 module entry for "<name>.met" ("<name>.met" itself is seen too) */
static size_t ext03_entry(const struct buf *b, size_t e03, uint32_t len03,
			  const char *met)
{
	char nm[17];
	size_t p;

	for (p = e03 + MEFW_EXT03_LEN; p + MEFW_EXT03_MOD_LEN <= e03 + len03;
	     p += MEFW_EXT03_MOD_LEN) {
		ext03_met_name(b, p, nm);
		if (!strcmp(nm, met))
			return p;
	}
	return SIZE_MAX;
}

/* one signed .met: its SHA-256 against Ext 0x03; true when it matches */
static bool check_met(struct mefw_image *img, const struct buf *b,
		      const struct cpd *c, const struct cpd_ent *e, size_t p03)
{
	struct img_seg s = { NULL, e->size };
	char subj[48];
	uint8_t dg[32];

	snprintf(subj, sizeof(subj), "%s/%s", c->name, e->name);
	if (e->size == 0 || e->start + e->size > c->limit || e->start + e->size > b->len) {
		img_check(img, "metadata_hash", subj, MEFW_CHECK_FAIL,
			  "metadata 0x%llx + 0x%x lies outside its partition",
			  (unsigned long long)e->start, e->size);
		return false;
	}
	s.p = b->p + e->start;
	if (!img_digest_segs(b, false, &s, 1, dg)) {
		img_check(img, "metadata_hash", subj, MEFW_CHECK_FAIL,
			  "could not hash the metadata (library error)");
		return false;
	}
	if (!img_hash_reversed_eq(dg, b->p + p03 + MEFW_EXT03_M_MET_HASH, 32)) {
		img_check(img, "metadata_hash", subj, MEFW_CHECK_FAIL,
			  "SHA-256 does not match the manifest's Ext 0x03: the metadata was modified");
		return false;
	}
	img_check(img, "metadata_hash", subj, MEFW_CHECK_PASS,
		  "SHA-256 matches the manifest's Ext 0x03");
	return true;
}

/*
 * Every module the SIGNED manifest lists (Ext 0x03) must be in the
 * directory with its .met, and the .met must match before its module is
 * hashed: the unsigned directory can neither hide a module nor steer
 * what gets hashed.  A .met the manifest does not list FAILs too.
 */
static void check_signed_modules(struct mefw_image *img, const struct buf *b,
				 const struct cpd *c, size_t e03, uint32_t len03)
{
	struct cpd_ent e;
	char subj[48], nm[17];
	size_t p;
	uint32_t i;

	for (p = e03 + MEFW_EXT03_LEN; p + MEFW_EXT03_MOD_LEN <= e03 + len03;
	     p += MEFW_EXT03_MOD_LEN) {
		ext03_met_name(b, p, nm);
		snprintf(subj, sizeof(subj), "%s/%s", c->name, nm);
		if (!cpd_find(b, c, nm, &e)) {
			img_check(img, "metadata_hash", subj, MEFW_CHECK_FAIL,
				  "listed in the signed manifest but missing from the $CPD directory");
			continue;
		}
		if (check_met(img, b, c, &e, p)) {
			check_module(img, b, c, &e);
			continue;
		}
		nm[strlen(nm) - 4] = '\0';
		snprintf(subj, sizeof(subj), "%s/%s", c->name, nm);
		img_check(img, "module_hash", subj, MEFW_CHECK_FAIL,
			  "not hashed: its metadata (%s.met) failed its check, so its size and hash are not trusted",
			  nm);
	}
	for (i = 0; i < c->n; i++) {
		cpd_entry(b, c, i, &e);
		if (ends_with(e.name, ".met") && ext03_entry(b, e03, len03, e.name) == SIZE_MAX) {
			snprintf(subj, sizeof(subj), "%s/%s", c->name, e.name);
			img_check(img, "metadata_hash", subj, MEFW_CHECK_FAIL,
				  "not listed in the manifest's Ext 0x03: not covered by the signature");
		}
	}
}

/*
 * Intel's partition hash: SHA-256 of [$CPD, $CPD + PartitionSize) without
 * the manifest.  It covers what the module hashes cannot (Huffman and
 * encrypted modules, the directory).  Skipped only on signed grounds: no
 * hash in the manifest (all zero), or CSME 11.8 Slim, where Intel's value
 * is known to be wrong (ME Analyzer ignores it too).  A directory entry's
 * name (fitc.cfg, oem.key, fptemp) is not signed and exempts nothing.
 */
static void check_partition_hash(struct mefw_image *img, const struct buf *b,
				 const struct cpd *c, size_t moff, uint32_t msize,
				 size_t e03)
{
	size_t pend, mend = moff + msize;
	uint32_t psize = 0;
	uint8_t dg[32];

	rd32(b, e03 + MEFW_EXT03_PART_SIZE, &psize);
	if (all_zero(b->p + e03 + MEFW_EXT03_HASH, 32)) {
		img_check(img, "partition_hash", c->name, MEFW_CHECK_NOT_VERIFIED,
			  "the signed manifest carries no partition hash (all zero)");
		return;
	}
	if (psize == 0 || c->off + (uint64_t)psize > c->limit) {
		img_check(img, "partition_hash", c->name, MEFW_CHECK_FAIL,
			  "partition size 0x%x in the manifest runs past the end of the partition (0x%zx bytes): truncated",
			  psize, c->limit - c->off);
		return;
	}
	pend = c->off + psize;
	{
		struct img_seg s[2] = {
			{ b->p + c->off, moff < pend ? moff - c->off : psize },
			{ b->p + mend, mend < pend ? pend - mend : 0 },
		};

		if (!img_digest_segs(b, false, s, 2, dg)) {
			img_check(img, "partition_hash", c->name, MEFW_CHECK_FAIL,
				  "could not hash the partition (library error)");
			return;
		}
	}
	if (img_hash_reversed_eq(dg, b->p + e03 + MEFW_EXT03_HASH, 32))
		img_check(img, "partition_hash", c->name, MEFW_CHECK_PASS,
			  "SHA-256 of the partition (0x%x bytes without the manifest) matches Ext 0x03",
			  psize);
	else if (img->major == 11 && img->minor == 8 && psize == 0x88000)
		img_check(img, "partition_hash", c->name, MEFW_CHECK_NOT_VERIFIED,
			  "CSME 11.8 Slim: Intel's partition hash is known to be wrong (ME Analyzer ignores it too)");
	else
		img_check(img, "partition_hash", c->name, MEFW_CHECK_FAIL,
			  "SHA-256 of the partition (0x%x bytes without the manifest) does not match Ext 0x03: the partition or its $CPD directory was modified",
			  psize);
}

static void check_hashes(struct mefw_image *img, const struct buf *b,
			 const struct cpd *c)
{
	struct cpd_ent man = { 0 };
	size_t moff, from, to, e03;
	uint32_t msize = 0, len03 = 0, i;
	bool bad = false, found = false;

	for (i = 0; i < c->n && !found; i++) {
		cpd_entry(b, c, i, &man);
		found = ends_with(man.name, ".man");
	}
	if (!found)
		return; /* not a partition with a manifest (parse said so) */
	moff = (size_t)man.start;
	if (!img_is_manifest(b, moff) || !man_ext_range(b, moff, c->limit, &from, &to, &msize))
		return; /* manifest_header FAILs */
	e03 = ext_find(b, from, to, MEFW_EXT03, MEFW_EXT03_LEN, &len03, &bad);
	if (e03 == SIZE_MAX) {
		img_check(img, "module_table", c->name, MEFW_CHECK_FAIL,
			  bad ? "the signed extensions of %s are malformed (size field out of range)" :
			  "%s has no partition information extension (0x03): its modules are not covered by the signature",
			  man.name);
		return;
	}
	check_signed_modules(img, b, c, e03, len03);
	check_partition_hash(img, b, c, moff, msize, e03);
}

static void check_one(struct mefw_image *img, const struct buf *b, size_t off,
		      size_t limit, const char *name, bool hashes)
{
	struct cpd c = { .off = off, .limit = limit > b->len ? b->len : limit, .name = name };
	uint8_t sum = 0, stored = 0;
	size_t i, len;

	if (!rd32(b, off + MEFW_CPD_NUM_ENTRIES, &c.n) || c.n > MEFW_IMG_MAX_MODULES ||
	    !rd8(b, off + MEFW_CPD_CHECKSUM, &stored))
		return;
	len = MEFW_CPD_HDR_LEN + (size_t)c.n * MEFW_CPD_ENTRY_LEN;
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
			  "checksum 0x%02x over %u entries", stored, c.n);
	check_layout(img, b, &c);
	if (hashes)
		check_hashes(img, b, &c);
}

void img_check_cpd(struct mefw_image *img, const struct buf *b, bool hashes)
{
	unsigned int i;

	if (img->kind != MEFW_IMG_REGION) {
		check_one(img, b, img->region_offset,
			  img->region_offset + img->region_size, "FTPR", hashes);
	} else {
		for (i = 0; i < img->nparts; i++) {
			const struct mefw_img_part *p = &img->parts[i];
			size_t off = img->region_offset + p->offset;

			if (p->present && !p->empty && p->end <= img->region_size &&
			    img_is_cpd(b, off))
				check_one(img, b, off,
					  img->region_offset + (size_t)p->end, p->name,
					  hashes);
		}
	}
}
