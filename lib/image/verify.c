// SPDX-License-Identifier: GPL-2.0
/*
 * Manifest verification: header sanity, signing key identification and
 * strict RSA PKCS#1 v1.5 signature verification with OpenSSL libcrypto.
 *
 * Signed data (ME Analyzer rsa_sig_val, me_cleaner): the first 0x80 bytes
 * of the manifest followed by bytes [HeaderLength*4, Size*4), i.e.
 * everything but the key / exponent / signature block.  SHA-1 for $MAN
 * (ME 2-5), SHA-256 for $MN2 (ME 6-10, CSME 11).  Key and signature are
 * stored little-endian.  OpenSSL's PKCS#1 v1.5 verification rebuilds the
 * whole encoded block (00 01 FF..FF 00 DigestInfo hash) and compares it,
 * unlike ME Analyzer and me_cleaner which only compare the hash tail.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "image_int.h"
#include "mefw_test_key.h"

static EVP_PKEY *make_key(const uint8_t *mod_le, size_t modlen, uint32_t exp)
{
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *kctx = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *n = NULL, *e = NULL;

	n = BN_lebin2bn(mod_le, (int)modlen, NULL);
	e = BN_new();
	bld = OSSL_PARAM_BLD_new();
	if (!n || !e || !bld || !BN_set_word(e, exp) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	kctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!params || !kctx || EVP_PKEY_fromdata_init(kctx) <= 0 ||
	    EVP_PKEY_fromdata(kctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(kctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pkey;
}

/* 1 valid, 0 invalid, -1 internal error */
static int rsa_verify(const struct buf *b, const struct mefw_img_manifest *m,
		      const EVP_MD *md)
{
	const uint8_t *man = b->p + m->offset;
	uint8_t digest[EVP_MAX_MD_SIZE], sig[MEFW_MAN_RSA_LEN];
	unsigned int dlen = 0;
	EVP_MD_CTX *mctx = NULL;
	EVP_PKEY_CTX *vctx = NULL;
	EVP_PKEY *pkey = NULL;
	size_t i;
	int ret = -1;

	mctx = EVP_MD_CTX_new();
	if (!mctx || !EVP_DigestInit_ex(mctx, md, NULL) ||
	    !EVP_DigestUpdate(mctx, man, MEFW_MAN_KEY) ||
	    !EVP_DigestUpdate(mctx, man + m->header_len, m->size - m->header_len) ||
	    !EVP_DigestFinal_ex(mctx, digest, &dlen))
		goto out;
	for (i = 0; i < MEFW_MAN_RSA_LEN; i++)
		sig[i] = man[MEFW_MAN_SIG + MEFW_MAN_RSA_LEN - 1 - i];
	pkey = make_key(man + MEFW_MAN_KEY, MEFW_MAN_RSA_LEN, m->exponent);
	if (!pkey)
		goto out;
	vctx = EVP_PKEY_CTX_new(pkey, NULL);
	if (!vctx || EVP_PKEY_verify_init(vctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(vctx, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(vctx, md) <= 0)
		goto out;
	ret = EVP_PKEY_verify(vctx, sig, sizeof(sig), digest, dlen) == 1 ? 1 : 0;
out:
	EVP_PKEY_CTX_free(vctx);
	EVP_PKEY_free(pkey);
	EVP_MD_CTX_free(mctx);
	return ret;
}

/*
 * The signing key: an Intel key bound to this image's family and version
 * (the main manifest's: CSME 11 sub-partitions such as ISHC carry their
 * own version numbers), by its full SHA-256.  Anything else FAILs; the
 * mefw test key only passes when the caller asked for it.
 */
static void check_key(struct mefw_image *img, const struct mefw_img_manifest *m,
		      const char *subj, const struct mefw_img_opts *opts)
{
	static const uint8_t test_hash[32] = MEFW_TEST_KEY_SHA256;
	const struct img_key *k = NULL;
	char hex[65], name[64], ranges[96];

	img_hex_upper(hex, m->key_sha256, 32);
	switch (img_key_lookup(m->key_sha256, img->family, img->major, img->minor,
			       img->hotfix, &k)) {
	case IMG_KEY_OK:
		img_key_name(k, name, sizeof(name));
		img_check(img, "signing_key", subj, MEFW_CHECK_PASS, "%s%s (%.16s...)",
			  name, k->pre ? ": a pre-production image" : "", hex);
		return;
	case IMG_KEY_OTHER_FIRMWARE:
		img_key_name(k, name, sizeof(name));
		img_key_ranges(k, ranges, sizeof(ranges));
		img_check(img, "signing_key", subj, MEFW_CHECK_FAIL,
			  "the %s signs %s only, this image is %s %s (%.16s...)",
			  name, ranges, img->family, img->version, hex);
		return;
	case IMG_KEY_UNKNOWN:
		break;
	}
	if (!memcmp(m->key_sha256, test_hash, 32))
		img_check(img, "signing_key", subj,
			  opts->trust_test_key ? MEFW_CHECK_PASS : MEFW_CHECK_FAIL,
			  opts->trust_test_key ?
			  "mefw TEST key, trusted on request (--trust-test-key)" :
			  "signed with the mefw TEST key, not an Intel key");
	else
		img_check(img, "signing_key", subj, MEFW_CHECK_FAIL,
			  "modulus SHA-256 %s is not a known Intel key", hex);
}

void img_check_manifest(struct mefw_image *img, const struct buf *b,
			const struct mefw_img_manifest *m,
			const struct mefw_img_opts *opts)
{
	uint32_t hv = 0, ks = 0, es = 0;
	bool sha1 = !memcmp(m->tag, MEFW_MAN_TAG_MAN, 4);
	char subj[32];
	int v;

	img_manifest_subject(m, subj, sizeof(subj));
	rd32(b, m->offset + MEFW_MAN_HDR_VERSION, &hv);
	rd32(b, m->offset + MEFW_MAN_KEY_SIZE, &ks);
	rd32(b, m->offset + MEFW_MAN_EXP_SIZE, &es);
	if (m->header_len != MEFW_MAN_HDR_LEN || hv != MEFW_MAN_HDR_VERSION_VALUE ||
	    ks != MEFW_MAN_RSA_LEN / 4 || es != 1) {
		img_check(img, "manifest_header", subj, MEFW_CHECK_FAIL,
			  "unsupported manifest header (length 0x%x, version 0x%x, key size %u, exponent size %u dwords)",
			  m->header_len, hv, ks, es);
		return;
	}
	if (m->size < MEFW_MAN_HDR_LEN || m->size == 0xffffffffu ||
	    m->offset + (uint64_t)m->size > m->limit) {
		img_check(img, "manifest_header", subj, MEFW_CHECK_FAIL,
			  "manifest size 0x%x runs past the end of its partition (0x%zx bytes left)",
			  m->size, m->limit - m->offset);
		return;
	}
	img_check(img, "manifest_header", subj, MEFW_CHECK_PASS,
		  "%s version %u.%u.%u.%u, 0x%x bytes", m->tag, m->major,
		  m->minor, m->hotfix, m->build, m->size);

	check_key(img, m, subj, opts);

	if (m->exponent != 17 && m->exponent != 65537) {
		img_check(img, "manifest_signature", subj, MEFW_CHECK_FAIL,
			  "public exponent %u is not 17 or 65537", m->exponent);
		return;
	}
	v = rsa_verify(b, m, sha1 ? EVP_sha1() : EVP_sha256());
	if (v == 1)
		img_check(img, "manifest_signature", subj, MEFW_CHECK_PASS,
			  "RSA-2048 e=%u PKCS#1 v1.5 %s, full padding checked",
			  m->exponent, sha1 ? "SHA-1" : "SHA-256");
	else if (v == 0)
		img_check(img, "manifest_signature", subj, MEFW_CHECK_FAIL,
			  "RSA signature does not verify (%s over the manifest): the manifest was modified or is not signed by this key",
			  sha1 ? "SHA-1" : "SHA-256");
	else
		img_check(img, "manifest_signature", subj, MEFW_CHECK_FAIL,
			  "could not check the RSA signature (libcrypto error)");
}
