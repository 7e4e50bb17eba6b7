// SPDX-License-Identifier: GPL-2.0
/*
 * Red-team images: what an attacker would try against the verifier, each
 * generated here (tests/tools/mkimage.c), none of them a committed blob.
 * Every one must be refused with the failed check named:
 *   a key whose hash shares a prefix with an Intel key (a prefix entry
 *	injected through the test-only key hook of lib/image/keys.c);
 *   an image signed by a key that belongs to another family / version;
 *   CSME 11: the .met of a modified module renamed to fitc.cfg, or
 *	dropped, with the unsigned $CPD directory's checksum fixed;
 *   a padding bomb: many LZMA modules whose .met declares 4 GiB.
 * The key tests call the library in this process (the hook lives only
 * in this test binary); the others run `mefwctl info`.
 */
#define MEFW_IMAGE_TEST_HOOKS	/* img_test_add_key(): keys.c built for the tests */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "image/image_int.h"
#include "mefw_test_key.h"
#include "image_test.h"

/* parse + verify @path in this process; returns mefw_image_verify's result */
static int verify_here(const char *path, struct mefw_image *img, bool trust)
{
	struct mefw_img_opts o = { .trust_test_key = trust };
	size_t len = 0;
	uint8_t *buf = slurp(path, &len);
	int rc;

	ck_assert_msg(buf, "cannot read %s", path);
	rc = mefw_image_parse(img, buf, len);
	ck_assert_msg(rc == 0, "parse: %s", img->error);
	rc = mefw_image_verify(img, buf, len, &o);
	free(buf);
	return rc;
}

/* the status of the first check @what (any subject), or NULL */
static const struct mefw_img_check *find_check(const struct mefw_image *img,
					       const char *what, const char *subject)
{
	unsigned int i;

	for (i = 0; i < img->nchecks; i++)
		if (!strcmp(img->checks[i].what, what) &&
		    (!subject || !strcmp(img->checks[i].subject, subject)))
			return &img->checks[i];
	return NULL;
}

static struct mefw_image *new_img(void)
{
	struct mefw_image *img = calloc(1, sizeof(*img));

	ck_assert(img);
	return img;
}

/* (a) a prefix of an Intel-like entry is not the key: FAIL, not "not verified" */
START_TEST(prefix_key_refused)
{
	char *path = tmp_path("rt-prefix.bin"), prefix[9];
	struct mefw_image *img = new_img();
	const struct mefw_img_check *c;

	snprintf(prefix, sizeof(prefix), "%.8s", MEFW_TEST_KEY_SHA256_HEX);
	ck_assert_int_eq(mkimage(path, "--gen", "csme11", "--kind", "update", NULL), 0);
	img_test_clear_keys();
	ck_assert_int_eq(img_test_add_key(prefix, "CSME", 11, 0, 11, 0xffff, false), 0);
	ck_assert_int_eq(verify_here(path, img, false), -EBADMSG);
	img_test_clear_keys();
	c = find_check(img, "signing_key", "FTPR");
	ck_assert(c);
	ck_assert_int_eq(c->status, MEFW_CHECK_FAIL);
	ck_assert_msg(!strncmp(img->error, "signing key FTPR:", 17), "%s", img->error);
	ck_assert(!img->key_known);
	free(img);
	free(path);
}
END_TEST

/* (e) a key bound to ME 9.0-9.1 does not make a CSME 11 image genuine */
START_TEST(other_family_key_refused)
{
	char *path = tmp_path("rt-family.bin");
	struct mefw_image *img = new_img();
	const struct mefw_img_check *c;

	img_test_clear_keys();
	ck_assert_int_eq(img_test_add_key(MEFW_TEST_KEY_SHA256_HEX, "ME", 9, 0, 9, 1,
					  false), 0);
	/* bound to ME 9.0-9.1: an ME 9.0 image signed with it is genuine */
	ck_assert_int_eq(mkimage(path, "--gen", "me9", "--kind", "update", NULL), 0);
	ck_assert_msg(verify_here(path, img, false) == 0, "%s", img->error);
	ck_assert(img->key_known);
	/* the same key on ME 9.5 and on CSME 11: refused, naming the binding */
	ck_assert_int_eq(mkimage(path, "--gen", "me9", "--kind", "update", "--version",
				 "9.5.3.1526", NULL), 0);
	ck_assert_int_eq(verify_here(path, img, false), -EBADMSG);
	ck_assert_msg(strstr(img->error, "signs ME 9.0-9.1 only, this image is ME 9.5.3.1526"),
		      "%s", img->error);
	ck_assert_int_eq(mkimage(path, "--gen", "csme11", "--kind", "update", NULL), 0);
	ck_assert_int_eq(verify_here(path, img, true), -EBADMSG);
	img_test_clear_keys();
	c = find_check(img, "signing_key", "FTPR");
	ck_assert(c);
	ck_assert_int_eq(c->status, MEFW_CHECK_FAIL);
	ck_assert_msg(strstr(c->detail, "signs ME 9.0-9.1 only, this image is CSME 11."),
		      "%s", c->detail);
	ck_assert_msg(!strncmp(img->error, "signing key FTPR:", 17), "%s", img->error);
	free(img);
	free(path);
}
END_TEST

/* an unknown key names its full hash */
START_TEST(unknown_key_named)
{
	static const uint8_t real[32] = MEFW_TEST_KEY_SHA256;
	struct mefw_image *img = new_img();
	char *path = tmp_path("rt-unknown.bin"), hex[65];
	size_t len = 0, i;
	uint8_t *buf;

	/* one modulus byte changed: neither the test key nor an Intel key */
	ck_assert_int_eq(mkimage(path, "--gen", "me9", "--kind", "update", NULL), 0);
	buf = slurp(path, &len);
	ck_assert(buf);
	buf[0x80 + 5] ^= 1;
	ck_assert_int_eq(write_file(path, buf, len), 0);
	free(buf);
	ck_assert_int_eq(verify_here(path, img, true), -EBADMSG);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02X", img->manifests[0].key_sha256[i]);
	ck_assert(memcmp(img->manifests[0].key_sha256, real, 32));
	ck_assert_msg(strstr(img->error, hex) && strstr(img->error, "is not a known Intel key"),
		      "%s", img->error);
	free(img);
	free(path);
}
END_TEST

/* `info --json --trust-test-key IMG` refuses IMG with a FAIL of @check/@subject */
static void info_refuses(const char *img, const char *check, const char *subject)
{
	json_object *o, *checks, *c, *v;
	struct run r;
	bool found = false;
	size_t i;

	run_info(&r, false, "--json", "--trust-test-key", img, NULL);
	ck_assert_msg(!CRASHED(&r), "%s crashed: %s", img, r.err);
	ck_assert_msg(r.status == 3, "%s: exit %d, want 3 (refused)", img, r.status);
	ck_assert_uint_eq(count_lines(r.err), 1);
	o = json_tokener_parse(r.out);
	ck_assert(o);
	ck_assert(json_object_object_get_ex(o, "checks", &checks));
	for (i = 0; i < json_object_array_length(checks); i++) {
		c = json_object_array_get_idx(checks, i);
		json_object_object_get_ex(c, "check", &v);
		if (strcmp(json_object_get_string(v), check))
			continue;
		json_object_object_get_ex(c, "subject", &v);
		if (strcmp(json_object_get_string(v), subject))
			continue;
		json_object_object_get_ex(c, "status", &v);
		found = found || !strcmp(json_object_get_string(v), "FAIL");
	}
	ck_assert_msg(found, "%s: no FAIL of %s %s in %s", img, check, subject, r.out);
	json_object_put(o);
	run_free(&r);
}

/* (b) X.met renamed to fitc.cfg, X modified, $CPD checksum fixed */
START_TEST(met_renamed_to_fitc_refused)
{
	char *img = tmp_path("rt-rename.bin");

	ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--kind", "update", "--damage",
				 "met-rename", NULL), 0);
	info_refuses(img, "metadata_hash", "FTPR/pm.met");
	info_refuses(img, "partition_hash", "FTPR");
	free(img);
}
END_TEST

/* (c) the .met of a modified module missing from a FIT-configured partition */
START_TEST(met_missing_refused)
{
	char *img = tmp_path("rt-missing.bin");

	ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--kind", "update", "--fitc",
				 "--damage", "met-missing", NULL), 0);
	info_refuses(img, "metadata_hash", "FTPR/pm.met");
	free(img);
}
END_TEST

/*
 * (d) padding bomb: 8 LZMA modules whose .met declares 4 GiB after
 * signing.  The metadata hash fails, so the modules are not hashed
 * (padding each to the declared 4 GiB would take seconds per module):
 * every one is named as not hashed.
 */
START_TEST(padding_bomb_refused_unhashed)
{
	char *img = tmp_path("rt-bomb.bin"), subj[32], met[32];
	struct mefw_image *im = new_img();
	const struct mefw_img_check *c;
	unsigned int i;

	ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--kind", "update", "--bomb", "8",
				 "--damage", "padding-bomb", NULL), 0);
	info_refuses(img, "metadata_hash", "FTPR/bomb00.met");
	ck_assert_int_eq(verify_here(img, im, true), -EBADMSG);
	for (i = 0; i < 8; i++) {
		snprintf(subj, sizeof(subj), "FTPR/bomb%02u", i);
		snprintf(met, sizeof(met), "FTPR/bomb%02u.met", i);
		c = find_check(im, "metadata_hash", met);
		ck_assert(c && c->status == MEFW_CHECK_FAIL);
		c = find_check(im, "module_hash", subj);
		ck_assert_msg(c && c->status == MEFW_CHECK_FAIL && strstr(c->detail, "not hashed"),
			      "%s: %s", subj, c ? c->detail : "(no check)");
	}
	free(im);
	free(img);
}
END_TEST

/* signed sizes too: padding counts against the image's inflate budget */
START_TEST(signed_padding_within_budget)
{
	char *img = tmp_path("rt-sbomb.bin");
	struct mefw_image *im = new_img();
	const struct mefw_img_check *c;

	ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--kind", "update", "--bomb", "40",
				 "--bomb-usz", "0x100000", NULL), 0);
	ck_assert_int_eq(verify_here(img, im, true), -EBADMSG);
	/* the budget (image_int.h), overshot at most by the one module refused */
	ck_assert_uint_le(im->bytes_decompressed, img_inflate_budget(im) + MEFW_IMG_MAX_MODULE_OUT);
	c = find_check(im, "module_hash", "FTPR/bomb39");
	ck_assert_msg(c && c->status == MEFW_CHECK_FAIL && strstr(c->detail, "inflate budget"),
		      "%s", c ? c->detail : "(no check)");
	free(im);
	free(img);
}
END_TEST

/* --no-modules cannot give "intact": a skipped check is not a pass */
START_TEST(skipped_modules_not_intact)
{
	char *img = tmp_path("rt-skip.bin");
	struct run r;

	ck_assert_int_eq(mkimage(img, "--gen", "me9", "--kind", "update", NULL), 0);
	run_info(&r, false, "--trust-test-key", "--no-modules", img, NULL);
	ck_assert_int_eq(r.status, 3);
	ck_assert_msg(strstr(r.err, "module hash FTPR: not checked"), "%s", r.err);
	run_free(&r);
	free(img);
}
END_TEST

/* NOT VERIFIED blocks the verdict except where signed data exempts it */
START_TEST(not_verified_blocks)
{
	static const char *const blocking[] = { "signing_key", "manifest_signature",
		"manifest_header", "metadata_hash", "module_table", "structure" };
	struct mefw_img_check c = { .status = MEFW_CHECK_NOT_VERIFIED };
	size_t i;

	for (i = 0; i < sizeof(blocking) / sizeof(blocking[0]); i++) {
		snprintf(c.what, sizeof(c.what), "%s", blocking[i]);
		ck_assert_msg(mefw_check_blocks(&c), "%s", blocking[i]);
	}
	snprintf(c.what, sizeof(c.what), "module_hash");
	ck_assert(!mefw_check_blocks(&c));
	c.status = MEFW_CHECK_FAIL;
	ck_assert(mefw_check_blocks(&c));
}
END_TEST

Suite *img_redteam_suite(void)
{
	Suite *s = suite_create("image-red-team");
	TCase *tc = tcase_create("red-team");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, prefix_key_refused);
	tcase_add_test(tc, other_family_key_refused);
	tcase_add_test(tc, unknown_key_named);
	tcase_add_test(tc, met_renamed_to_fitc_refused);
	tcase_add_test(tc, met_missing_refused);
	tcase_add_test(tc, padding_bomb_refused_unhashed);
	tcase_add_test(tc, signed_padding_within_budget);
	tcase_add_test(tc, skipped_modules_not_intact);
	tcase_add_test(tc, not_verified_blocks);
	suite_add_tcase(s, tc);
	return s;
}
