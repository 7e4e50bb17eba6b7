// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: image verification, done by the simulated ME on FWU END before
 * it accepts an update.  The image is untrusted input: every read below
 * is bounds-checked against the received length.
 *
 * Layouts (kernel/common/mefw_image_layout.h, shared with the image
 * parser and generator; research/images.md 1.1-1.5, 2.2): an update
 * image starts with the FTPR $MN2 manifest; an ME region has $FPT at
 * 0x10 (ME 3-10) or 0 and an FTPR partition entry; a full flash image
 * has the descriptor signature 0x0FF0A55A at 0x10 (or 0) and the ME
 * region in FLREG2.  The RSA-2048 PKCS#1 v1.5 SHA-256 signature covers
 * manifest bytes [0, 0x80) and [HeaderLength * 4, Size * 4); modulus and
 * signature are stored little-endian.  FTPR is verified, then NFTP and
 * MDMV when the image has them.  Only $MN2 (ME 6-10) manifests are accepted; $MME
 * module hashes and the $FPT checksum are not checked (the ME does, but
 * they need Intel's Huffman tables / an LZMA decoder).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/akcipher.h>
#include <crypto/sha2.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "mefw_image_layout.h"
#include "mefw_test_key.h"
#include "sim.h"

#define SIM_FPT_MAX_ENTRIES	256
#define SIM_RSA_BYTES		MEFW_MAN_RSA_LEN
#define SIM_DER_MAX		(SIM_RSA_BYTES + 32)

/*
 * SHA-256 of the 256-byte little-endian modulus as a manifest stores it.
 * test: tests/images/test-key.pem (kernel/common/mefw_test_key.h, shared
 * with the image verifier); intel-me9: Intel's ME 9.0-9.1 production key (ME Analyzer's
 * RSAPKEY_ME_B41F8F51..., full hash computed from the corpus images).
 */
static const char sim_key_test[] = MEFW_TEST_KEY_SHA256_HEX;
static const char sim_key_intel_me9[] =
	"B41F8F516722BF6ED5E950E45FCFA6296A851F2BFB2A6608AF74B33EE22DD06E";

u8 sim_fused_key[32];

/**
 * sim_verify_params_init() - resolve the fused_key module parameter
 * @fused_key: "test", "intel-me9" or 64 hex digits
 *
 * Return: 0 or -EINVAL (logged).
 */
int sim_verify_params_init(const char *fused_key)
{
	const char *hex = fused_key;

	if (sysfs_streq(fused_key, "test"))
		hex = sim_key_test;
	else if (sysfs_streq(fused_key, "intel-me9"))
		hex = sim_key_intel_me9;
	if (strlen(hex) != 2 * sizeof(sim_fused_key) ||
	    hex2bin(sim_fused_key, hex, sizeof(sim_fused_key))) {
		pr_err("invalid parameter fused_key=\"%s\": expected test, intel-me9 or 64 hex digits (SHA-256 of the little-endian modulus)\n",
		       fused_key);
		return -EINVAL;
	}
	return 0;
}

static bool sim_in(size_t len, size_t off, size_t n)
{
	return off <= len && n <= len - off;
}

static u32 sim_rd32(const u8 *p, size_t off)
{
	return get_unaligned_le32(p + off);
}

static u16 sim_rd16(const u8 *p, size_t off)
{
	return get_unaligned_le16(p + off);
}

/* the ME region inside a full flash image, from the descriptor's FLREG2 */
static u32 sim_locate_region(const u8 *img, size_t len, size_t *base,
			     size_t *rlen)
{
	static const size_t sig_offs[] = { MEFW_FD_SIG_OFF, 0 };
	size_t i, frba, start, end;
	u32 flreg;

	*base = 0;
	*rlen = len;
	for (i = 0; i < ARRAY_SIZE(sig_offs); i++) {
		size_t s = sig_offs[i];

		if (!sim_in(len, s, 8) || sim_rd32(img, s) != MEFW_FD_SIG)
			continue;
		frba = MEFW_FD_FRBA(sim_rd32(img, s + MEFW_FD_FLMAP0));
		if (!sim_in(len, frba + MEFW_FD_FLREG_ME, 4))
			return SIM_FWU_ST_BAD_LENGTH;
		flreg = sim_rd32(img, frba + MEFW_FD_FLREG_ME);
		start = (size_t)MEFW_FD_FLREG_BASE(flreg) << MEFW_FD_PAGE_SHIFT;
		end = ((size_t)MEFW_FD_FLREG_LIMIT(flreg) << MEFW_FD_PAGE_SHIFT) | 0xfff;
		if (start > end)	/* no ME region */
			return SIM_FWU_ST_AUTH;
		if (end >= len)
			return SIM_FWU_ST_BAD_LENGTH;
		*base = start;
		*rlen = end + 1 - start;
		return 0;
	}
	return 0;
}

/*
 * A code partition: offset and size.  @name "FTPR" in an update image
 * (no $FPT) is the whole image.  Return: 0, 4 if there is no such
 * (valid) partition or no layout at all, 3 if it runs past the image.
 */
static u32 sim_find_partition(const u8 *img, size_t len, const char *name,
			      size_t *part, size_t *part_len)
{
	size_t base, rlen, fpt, i, n;
	const u8 *r;
	u32 st;

	st = sim_locate_region(img, len, &base, &rlen);
	if (st)
		return st;
	r = img + base;

	if (sim_in(rlen, MEFW_FPT_OFF, 4) && !memcmp(r + MEFW_FPT_OFF, MEFW_FPT_TAG, 4)) {
		fpt = MEFW_FPT_OFF;
	} else if (sim_in(rlen, 0, 4) && !memcmp(r, MEFW_FPT_TAG, 4)) {
		fpt = 0;
	} else if (sim_in(rlen, MEFW_MAN_TAG_OFF, 4) &&
		   !memcmp(r + MEFW_MAN_TAG_OFF, MEFW_MAN_TAG_MN2, 4) &&
		   !strcmp(name, "FTPR")) {
		/* update image: the FTPR manifest comes first */
		*part = base;
		*part_len = rlen;
		return 0;
	} else {
		return SIM_FWU_ST_AUTH;
	}

	if (!sim_in(rlen, fpt, MEFW_FPT_HDR_LEN))
		return SIM_FWU_ST_BAD_LENGTH;
	n = sim_rd32(r, fpt + MEFW_FPT_NUM_ENTRIES);
	if (!n || n > SIM_FPT_MAX_ENTRIES)
		return SIM_FWU_ST_AUTH;
	if (!sim_in(rlen, fpt + MEFW_FPT_HDR_LEN, n * MEFW_FPT_ENTRY_LEN))
		return SIM_FWU_ST_BAD_LENGTH;
	for (i = 0; i < n; i++) {
		const u8 *e = r + fpt + MEFW_FPT_HDR_LEN + MEFW_FPT_ENTRY_LEN * i;
		size_t off = sim_rd32(e, MEFW_FPT_E_OFFSET);
		size_t size = sim_rd32(e, MEFW_FPT_E_SIZE);

		if (memcmp(e + MEFW_FPT_E_NAME, name, 4) || e[MEFW_FPT_E_VALID_BYTE] == 0xff)
			continue;
		if (size == MEFW_FPT_SIZE_TO_END && off <= rlen)
			size = rlen - off;	/* "to the end of the region" */
		if (!sim_in(rlen, off, size))
			return SIM_FWU_ST_BAD_LENGTH;
		*part = base + off;
		*part_len = size;
		return 0;
	}
	return SIM_FWU_ST_AUTH;
}

/* DER INTEGER from a big-endian unsigned number */
static size_t sim_der_int(u8 *out, const u8 *be, size_t n)
{
	size_t pad, i = 0, len;

	while (n > 1 && !*be) {
		be++;
		n--;
	}
	pad = *be & 0x80 ? 1 : 0;
	len = n + pad;
	out[i++] = 0x02;
	if (len >= 0x100) {
		out[i++] = 0x82;
		out[i++] = len >> 8;
		out[i++] = len & 0xff;
	} else if (len >= 0x80) {
		out[i++] = 0x81;
		out[i++] = len;
	} else {
		out[i++] = len;
	}
	if (pad)
		out[i++] = 0;
	memcpy(out + i, be, n);
	return i + n;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static size_t sim_der_pubkey(u8 *out, const u8 *mod_le, u32 exp)
{
	u8 mod_be[SIM_RSA_BYTES], exp_be[4];
	size_t i, body;

	for (i = 0; i < SIM_RSA_BYTES; i++)
		mod_be[i] = mod_le[SIM_RSA_BYTES - 1 - i];
	put_unaligned_be32(exp, exp_be);
	body = sim_der_int(out + 4, mod_be, sizeof(mod_be));
	body += sim_der_int(out + 4 + body, exp_be, sizeof(exp_be));
	out[0] = 0x30;
	out[1] = 0x82;
	out[2] = body >> 8;
	out[3] = body & 0xff;
	return 4 + body;
}

/* strict RSASSA-PKCS1-v1_5 SHA-256 with the kernel's pkcs1pad template */
static int sim_rsa_verify(const u8 *man, const u8 *digest)
{
	struct akcipher_request *req = NULL;
	struct crypto_akcipher *tfm;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 *key = NULL, *buf = NULL;
	size_t klen, i;
	int ret;

	tfm = crypto_alloc_akcipher("pkcs1pad(rsa,sha256)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = -ENOMEM;
	key = kmalloc(SIM_DER_MAX, GFP_KERNEL);
	/* scatterlist data must not live on the stack */
	buf = kmalloc(SIM_RSA_BYTES + SHA256_DIGEST_SIZE, GFP_KERNEL);
	req = akcipher_request_alloc(tfm, GFP_KERNEL);
	if (!key || !buf || !req)
		goto out;

	klen = sim_der_pubkey(key, man + MEFW_MAN_KEY,
			      sim_rd32(man, MEFW_MAN_EXP));
	ret = crypto_akcipher_set_pub_key(tfm, key, klen);
	if (ret)
		goto out;

	/* 6.1 verify: src = signature || digest, dst = NULL */
	for (i = 0; i < SIM_RSA_BYTES; i++)
		buf[i] = man[MEFW_MAN_SIG + SIM_RSA_BYTES - 1 - i];
	memcpy(buf + SIM_RSA_BYTES, digest, SHA256_DIGEST_SIZE);
	sg_init_one(&sg, buf, SIM_RSA_BYTES + SHA256_DIGEST_SIZE);
	akcipher_request_set_crypt(req, &sg, NULL, SIM_RSA_BYTES,
				   SHA256_DIGEST_SIZE);
	akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG |
				      CRYPTO_TFM_REQ_MAY_SLEEP,
				      crypto_req_done, &wait);
	/* the software RSA completes synchronously: this does not block */
	ret = crypto_wait_req(crypto_akcipher_verify(req), &wait);
out:
	akcipher_request_free(req);
	kfree(buf);
	kfree(key);
	crypto_free_akcipher(tfm);
	return ret;
}

/* $SKU extension inside the signed part of the manifest */
static u32 sim_find_sku(const u8 *man, size_t msize)
{
	size_t off;

	for (off = MEFW_MAN_HDR_LEN; sim_in(msize, off, MEFW_SKU_LEN); off += 4)
		if (!memcmp(man + off, MEFW_SKU_TAG, 4))
			return man[off + MEFW_SKU_BYTE_C];
	return U32_MAX;
}

static u32 sim_check_manifest(struct sim_fw *fw, const char *part,
			      const u8 *man, size_t max,
			      struct sim_img_info *info)
{
	u8 hash[SHA256_DIGEST_SIZE];
	struct sha256_state sha;
	size_t msize;
	u32 exp;
	int ret;

	if (!sim_in(max, 0, MEFW_MAN_HDR_LEN))
		return SIM_FWU_ST_BAD_LENGTH;
	if (memcmp(man + MEFW_MAN_TAG_OFF, MEFW_MAN_TAG_MN2, 4) ||
	    sim_rd32(man, MEFW_MAN_TYPE) != MEFW_MAN_TYPE_VALUE ||
	    sim_rd32(man, MEFW_MAN_HDR_LENGTH) != MEFW_MAN_HDR_LEN / 4 ||
	    sim_rd32(man, MEFW_MAN_HDR_VERSION) != MEFW_MAN_HDR_VERSION_VALUE ||
	    sim_rd32(man, MEFW_MAN_VENDOR) != MEFW_MAN_VENDOR_INTEL ||
	    sim_rd32(man, MEFW_MAN_KEY_SIZE) != SIM_RSA_BYTES / 4 ||
	    sim_rd32(man, MEFW_MAN_EXP_SIZE) != 1) {
		dev_info(fw->sim->dev, "update refused: %s: no valid $MN2 manifest\n",
			 part);
		return SIM_FWU_ST_AUTH;
	}
	msize = (size_t)sim_rd32(man, MEFW_MAN_SIZE) * 4;
	if (msize < MEFW_MAN_HDR_LEN || msize > max) {
		dev_info(fw->sim->dev, "update refused: %s: manifest size %zu outside its partition (%zu)\n",
			 part, msize, max);
		return SIM_FWU_ST_BAD_LENGTH;
	}

	sha256(man + MEFW_MAN_KEY, SIM_RSA_BYTES, hash);
	if (memcmp(hash, sim_fused_key, sizeof(hash))) {
		dev_info(fw->sim->dev, "update refused: %s: signing key %*phN is not the fused key\n",
			 part, 8, hash);
		return SIM_FWU_ST_AUTH;
	}
	exp = sim_rd32(man, MEFW_MAN_EXP);
	if (exp < 3 || !(exp & 1))
		return SIM_FWU_ST_AUTH;

	sha256_init(&sha);
	sha256_update(&sha, man, MEFW_MAN_KEY);
	sha256_update(&sha, man + MEFW_MAN_HDR_LEN, msize - MEFW_MAN_HDR_LEN);
	sha256_final(&sha, hash);
	ret = sim_rsa_verify(man, hash);
	if (ret) {
		dev_info(fw->sim->dev, "update refused: %s: manifest signature invalid (%d)\n",
			 part, ret);
		return ret == -ENOMEM ? SIM_FWU_ST_INTERNAL : SIM_FWU_ST_AUTH;
	}

	info->ver.major = sim_rd16(man, MEFW_MAN_MAJOR);
	info->ver.minor = sim_rd16(man, MEFW_MAN_MINOR);
	info->ver.hotfix = sim_rd16(man, MEFW_MAN_HOTFIX);
	info->ver.build = sim_rd16(man, MEFW_MAN_BUILD);
	info->svn = sim_rd32(man, MEFW_MAN_SVN);
	info->vcn = sim_rd32(man, MEFW_MAN_VCN);
	info->sku = sim_find_sku(man, msize);
	return 0;
}

/**
 * sim_verify_image() - verify an update image like the ME does on END
 * @fw: firmware, lock held
 * @img: the received image
 * @len: its length
 * @info: filled with the image's version, SVN, VCN and SKU on success
 *
 * Checks, in order: layout and bounds (3 illegal length when a partition
 * or the manifest runs past the image), manifest header and signing key
 * against the fused key hash, RSA signature (4 authentication failed) of
 * FTPR, then of the NFTP and MDMV partitions that carry a manifest,
 * SKU (6), major version (7), TCB SVN (0x23B) and VCN (0x23C) against the
 * running firmware.
 *
 * Return: an FWU status, 0 if the image is acceptable.
 */
u32 sim_verify_image(struct sim_fw *fw, const u8 *img, size_t len,
		     struct sim_img_info *info)
{
	static const char *const more[] = { "NFTP", "MDMV" };
	const struct sim_identity *id = &fw->id;
	struct sim_img_info other;
	size_t man = 0, max = 0, i;
	u32 st;

	st = sim_find_partition(img, len, "FTPR", &man, &max);
	if (st) {
		dev_info(fw->sim->dev, "update refused: no FTPR partition (status %u)\n",
			 st);
		return st;
	}
	st = sim_check_manifest(fw, "FTPR", img + man, max, info);
	if (st)
		return st;
	/* the other code partitions of a region, when they have a manifest */
	for (i = 0; i < ARRAY_SIZE(more); i++) {
		st = sim_find_partition(img, len, more[i], &man, &max);
		if (st == SIM_FWU_ST_AUTH)
			continue;
		if (st)
			return st;
		if (!sim_in(max, 0, MEFW_MAN_HDR_LEN) ||
		    memcmp(img + man + MEFW_MAN_TAG_OFF, MEFW_MAN_TAG_MN2, 4))
			continue;
		st = sim_check_manifest(fw, more[i], img + man, max, &other);
		if (st)
			return st;
	}
	if (info->sku != id->sku) {
		dev_info(fw->sim->dev, "update refused: image SKU 0x%x, running 0x%x\n",
			 info->sku, id->sku);
		return SIM_FWU_ST_SKU;
	}
	if (info->ver.major != id->code.major) {
		dev_info(fw->sim->dev, "update refused: image major %u, running %u\n",
			 info->ver.major, id->code.major);
		return SIM_FWU_ST_VERSION;
	}
	if (info->svn < id->svn) {
		dev_info(fw->sim->dev, "update refused: image SVN %u below %u\n",
			 info->svn, id->svn);
		return SIM_FWU_ST_LOWER_SVN;
	}
	if (info->vcn < id->vcn) {
		dev_info(fw->sim->dev, "update refused: image VCN %u below %u\n",
			 info->vcn, id->vcn);
		return SIM_FWU_ST_LOWER_VCN;
	}
	return 0;
}
