// SPDX-License-Identifier: GPL-2.0
/*
 * Intel firmware signing keys, trusted by their FULL SHA-256 only, each
 * bound to the family and the version range it signs.
 *
 * The hash is ME Analyzer's (MEA.py get_variant / ext_anl): SHA-256 of
 * the PublicKeySize*4 bytes at manifest + 0x80, i.e. the 256-byte RSA
 * modulus exactly as stored (little-endian).  ME Analyzer calls this
 * "RSA Public Key Data" on CSME and "the modulus" on ME 2-10: for every
 * generation we parse (PublicKeySize 0x40, ME 2 to CSME 11) it is the
 * same 256 bytes, so one hash fits every row.
 *
 * Rows: platomav/MEAnalyzer MEA.dat v1.311.0 r377, "RSA Public Keys"
 * (RSAPKEY_<family>_<hash> (<range> PRD|PRE)) and "rsa_pre_keys", facts
 * only.  Where each row was checked (Documentation/images.md has the
 * list): [corpus] the key of real images in ../shared/corpus;
 * [iwoka] real images of the public iwoka/Intel-ME-Firmware-Repository
 * (commit d80eb620), not in our corpus; [MEA.dat] ME Analyzer's
 * database only, no image seen.
 * TXE, CSTXE, SPS and CSSPS keys are left out: mefw does not parse those
 * families (their images would be reported as ME / CSME of another
 * version), so their keys must not make any image genuine.
 */
#include <stdio.h>
#include <string.h>

#include "image_int.h"

#define ANY	0xffff

static const struct img_key intel_keys[] = {
	/* [iwoka] 2.0.0.1102 .. 2.2.30.1046 */
	{ "D23BCB9B4315589FEFC1F414389FEB04F57DC5FDDABB48E622483691C924998E",
	  "ME", "2.0-2.2", { 2, 0, 0 }, { 2, 2, ANY }, false },
	/* [iwoka] 2.5.0.1094 .. 2.6.50.1056 */
	{ "D247545E4702D1783CEFBBE200BC36E702674BC226B853E4DEC7E06DCA81273C",
	  "ME", "2.5-2.6", { 2, 5, 0 }, { 2, 6, ANY }, false },
	/* [MEA.dat] */
	{ "BA93EEE4B70BAE2554FF8B5B9B1556341E5E5E3E41D7A2271AB00E65B560EC76",
	  "ME", "2-5", { 2, 0, 0 }, { 5, ANY, ANY }, true },
	/* [corpus] 3.2.20.1049 */
	{ "AF20391B22211A796B309B7B644807F670C3529C285B325E36548F3941FA2F1D",
	  "ME", "3", { 3, 0, 0 }, { 3, ANY, ANY }, false },
	/* [iwoka] 4.0.x .. 4.2.x */
	{ "1CE7D46A35FD09B87C10335CA9F1C4BFC10515AE812826A2FEBF8CC746DD6C70",
	  "ME", "4", { 4, 0, 0 }, { 4, ANY, ANY }, false },
	/* [corpus] 5.2.71.1048 */
	{ "3062F283403A1D561E58C51C595DF8F52786A04814731F41AA33CBA3F9DC25AB",
	  "ME", "5", { 5, 0, 0 }, { 5, ANY, ANY }, false },
	/* [corpus] 6.0.0.1184 */
	{ "636CA265DED86663F8B666E943D821B581FD8DDCEE1458EAFEE8E97441565ADC",
	  "ME", "6", { 6, 0, 0 }, { 6, ANY, ANY }, false },
	/* [iwoka] Ignition 6.0.50.1244, 6.0.50.1252 (their NFTP) */
	{ "908B683044FFF49282B9A57F94DA99DE1A3B8950BC99B7F12BC9598C94821A45",
	  "ME", "6.0.50", { 6, 0, 50 }, { 6, 0, 50 }, false },
	/* [corpus] 7.1.70.1198, 8.1.70.1590 */
	{ "A356E3ACC4AC8D87CF0D7AB0731DE4E0A7755FC38D0068F31503AA4FB921A835",
	  "ME", "7-8", { 7, 0, 0 }, { 8, ANY, ANY }, false },
	/* [corpus] 9.0.31.1487 */
	{ "B41F8F516722BF6ED5E950E45FCFA6296A851F2BFB2A6608AF74B33EE22DD06E",
	  "ME", "9.0-9.1", { 9, 0, 0 }, { 9, 1, ANY }, false },
	/* [corpus] 9.5.3.1526, 10.0.55.3000 */
	{ "0590FBE080CDFD4C0944A7DBE14AF68163EF34FBCC6F0859D108D148AB05B7A1",
	  "ME", "9.5-10", { 9, 5, 0 }, { 10, ANY, ANY }, false },
	/* [MEA.dat] one pre-production key for ME 6-10 and CSME 11 */
	{ "86C0E5EF0CFEFF6D810D68D83D8C6ECB68306A644C03C0446B646A3971D37894",
	  "ME", "6-10", { 6, 0, 0 }, { 10, ANY, ANY }, true },
	{ "86C0E5EF0CFEFF6D810D68D83D8C6ECB68306A644C03C0446B646A3971D37894",
	  "CSME", "11", { 11, 0, 0 }, { 11, ANY, ANY }, true },
	/* [iwoka] 11.0 .. 11.12, and harrykipper/x210 11.8.82.3838 */
	{ "69C77EF8082E2BD3142DB2F63C361A85B43AA51FAD5CED733B6B9EA22F7CA49E",
	  "CSME", "11", { 11, 0, 0 }, { 11, ANY, ANY }, false },
};

#define NKEYS (sizeof(intel_keys) / sizeof(intel_keys[0]))

#ifdef MEFW_IMAGE_TEST_HOOKS
/* unit tests only (mk/image.mk builds this file a second time for them) */
static struct img_key test_keys[4];
static char test_hex[4][65], test_fam[4][8], test_range[4][24];
static unsigned int ntest;

int img_test_add_key(const char *hex, const char *family, uint16_t lo_major,
		     uint16_t lo_minor, uint16_t hi_major, uint16_t hi_minor,
		     bool pre)
{
	struct img_key *k;

	if (ntest >= sizeof(test_keys) / sizeof(test_keys[0]))
		return -1;
	k = &test_keys[ntest];
	snprintf(test_hex[ntest], sizeof(test_hex[0]), "%s", hex);
	snprintf(test_fam[ntest], sizeof(test_fam[0]), "%s", family);
	snprintf(test_range[ntest], sizeof(test_range[0]), "%u.%u-%u.%u",
		 lo_major, lo_minor, hi_major, hi_minor);
	*k = (struct img_key){ test_hex[ntest], test_fam[ntest], test_range[ntest],
			       { lo_major, lo_minor, 0 }, { hi_major, hi_minor, ANY },
			       pre };
	ntest++;
	return 0;
}

void img_test_clear_keys(void)
{
	ntest = 0;
}

static const struct img_key *key_at(size_t i)
{
	return i < NKEYS ? &intel_keys[i] : i < NKEYS + ntest ? &test_keys[i - NKEYS] : NULL;
}
#else
static const struct img_key *key_at(size_t i)
{
	return i < NKEYS ? &intel_keys[i] : NULL;
}
#endif

void img_hex_upper(char *out, const uint8_t *in, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[in[i] >> 4];
		out[2 * i + 1] = hx[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}

static int ver_cmp(const uint16_t a[3], const uint16_t b[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static bool binds(const struct img_key *k, const char *family, const uint16_t v[3])
{
	return !strcmp(k->family, family) && ver_cmp(k->lo, v) <= 0 &&
	       ver_cmp(v, k->hi) <= 0;
}

enum img_key_verdict img_key_lookup(const uint8_t sha[32], const char *family,
				    uint16_t major, uint16_t minor, uint16_t hotfix,
				    const struct img_key **out)
{
	const uint16_t v[3] = { major, minor, hotfix };
	const struct img_key *k, *first = NULL;
	char hex[65];
	size_t i;

	img_hex_upper(hex, sha, 32);
	for (i = 0; (k = key_at(i)); i++) {
		if (strcmp(k->sha256_hex, hex))
			continue;	/* the whole hash, never a prefix */
		if (binds(k, family, v)) {
			*out = k;
			return IMG_KEY_OK;
		}
		if (!first)
			first = k;
	}
	*out = first;
	return first ? IMG_KEY_OTHER_FIRMWARE : IMG_KEY_UNKNOWN;
}

void img_key_name(const struct img_key *k, char *buf, size_t n)
{
	snprintf(buf, n, "Intel %s %s %s key", k->family, k->range,
		 k->pre ? "pre-production" : "production");
}

/* "ME 6-10, CSME 11": every range the key of @k is bound to */
void img_key_ranges(const struct img_key *k, char *buf, size_t n)
{
	const struct img_key *r;
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; (r = key_at(i)) && len < n; i++)
		if (!strcmp(r->sha256_hex, k->sha256_hex))
			len += (size_t)snprintf(buf + len, n - len, "%s%s %s",
						len ? ", " : "", r->family, r->range);
}
