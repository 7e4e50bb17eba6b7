// SPDX-License-Identifier: GPL-2.0
/*
 * Digests over the image buffer, chunk by chunk so that the caller's
 * release hook (opts->release) can drop what has been hashed, and the
 * comparison with the byte-reversed hashes Intel's tables store.
 */
#include <openssl/evp.h>

#include "image_int.h"

bool img_digest_segs(const struct buf *b, bool sha1, const struct img_seg *s,
		     unsigned int n, uint8_t *out)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	const EVP_MD *md = sha1 ? EVP_sha1() : EVP_sha256();
	unsigned int l = 0, i;
	bool ok = c && EVP_DigestInit_ex(c, md, NULL);
	size_t done, k;

	for (i = 0; ok && i < n; i++) {
		for (done = 0; ok && done < s[i].len; done += k) {
			k = s[i].len - done > IMG_SCAN_CHUNK ? IMG_SCAN_CHUNK : s[i].len - done;
			ok = EVP_DigestUpdate(c, s[i].p + done, k);
			buf_release(b, (size_t)(s[i].p + done - b->p), k);
		}
	}
	ok = ok && EVP_DigestFinal_ex(c, out, &l) && l == (sha1 ? 20u : 32u);
	EVP_MD_CTX_free(c);
	return ok;
}

bool img_hash_reversed_eq(const uint8_t *h, const uint8_t *stored, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (h[i] != stored[n - 1 - i])
			return false;
	return true;
}
