// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic images from tests/tools/mkimage.c (signed with the TEST key):
 * every field round-trips through `info --json --trust-test-key`; the
 * test key is refused without --trust-test-key; every damage kind is
 * refused with the right reason on one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "image_test.h"

struct rt {
	const char *gen, *kind;
	const char *args[12];
	/* expected: family version release type sku tcb_svn vcn pv date chipset */
	const char *want[10];
};

static const char *const fields[10] = { "family", "version", "release", "type",
	"sku", "tcb_svn", "vcn", "production_ready", "date", "chipset" };

static const struct rt rts[] = {
	{ "me9", "region", { "--version", "9.0.20.1447", "--svn", "2", "--vcn", "5",
			     "--pv", "1", "--date", "2014-03-15" },
	  { "ME", "9.0.20.1447", "Production", "Stock", "1.5MB", "2", "5", "Yes",
	    "2014-03-15", "LPT" } },
	{ "me9", "region", { "--version", "9.1.37.1002", "--sku", "5MB", "--fit",
			     "9.1.0.1120", "--pv", "0" },
	  { "ME", "9.1.37.1002", "Production", "Extracted", "5MB", "1", "3", "No",
	    "2020-01-02", "LPT/WPT" } },
	{ "me9", "update", { "--version", "9.5.3.1526", "--sku", "Slim" },
	  { "ME", "9.5.3.1526", "Production", "Update", "Slim", "1", "3", NULL,
	    "2020-01-02", "LPT-LP" } },
	{ "me9", "flash", { "--version", "10.0.55.3000", "--svn", "3", "--vcn", "7" },
	  { "ME", "10.0.55.3000", "Production", "Stock", "1.5MB", "3", "7", "Yes",
	    "2020-01-02", "WPT-LP" } },
	{ "me9", "region", { "--pre" },
	  { "ME", "9.0.20.1447", "Pre-Production", "Stock", "1.5MB", "1", "3", "Yes",
	    "2020-01-02", "LPT" } },
	{ "me9", "region", { "--version", "8.1.70.1590", "--svn", "1", "--vcn", "2" },
	  { "ME", "8.1.70.1590", "Production", "Stock", "1.5MB", "1", "2", "Yes",
	    "2020-01-02", "CPT/PBG/PPT" } },
	{ "me9", "update", { "--version", "7.1.70.1198" },
	  { "ME", "7.1.70.1198", "Production", "Update", "1.5MB", NULL, NULL, NULL,
	    "2020-01-02", "CPT" } },
	{ "me9", "update", { "--version", "6.0.0.1184" },
	  { "ME", "6.0.0.1184", "Production", "Update", "1.5MB", NULL, NULL, NULL,
	    "2020-01-02", "IBX" } },
	{ "me5", "update", { "--date", "2013-02-05" },
	  { "ME", "5.2.71.1048", "Production", "Update", "Digital Office", NULL, NULL,
	    NULL, "2013-02-05", "ICH10" } },
	{ "me5", "region", { "--sku", "Base Consumer" },
	  { "ME", "5.2.71.1048", "Production", "Stock", "Base Consumer", NULL, NULL,
	    NULL, "2020-01-02", "ICH10" } },
	{ "me5", "flash", { NULL },
	  { "ME", "5.2.71.1048", "Production", "Stock", "Digital Office", NULL, NULL,
	    NULL, "2020-01-02", "ICH10" } },
	{ "csme11", "region", { "--svn", "4" },
	  { "CSME", "11.8.50.3425", "Production", "Stock", "Consumer H", "4", "3", "Yes",
	    "2020-01-02", NULL } },
	{ "csme11", "update", { "--pv", "0", "--vcn", "12" },
	  { "CSME", "11.8.50.3425", "Production", "Update", "Consumer H", "1", "12", "No",
	    "2020-01-02", NULL } },
	{ "csme11", "flash", { "--sku", "Corporate LP" },
	  { "CSME", "11.8.50.3425", "Production", "Stock", "Corporate LP", "1", "3", "Yes",
	    "2020-01-02", NULL } },
	{ "csme11", "update", { "--sku", "Slim LP", "--version", "11.6.0.1126" },
	  { "CSME", "11.6.0.1126", "Production", "Update", "Slim LP", "1", "3", "Yes",
	    "2020-01-02", NULL } },
	/* before 11.0.0.1205 the SKU platform field is not defined: type only */
	{ "csme11", "update", { "--sku", "Corporate LP", "--version", "11.0.0.1180",
				"--vcn", "9" },
	  { "CSME", "11.0.0.1180", "Production", "Update", "Corporate", "1", "9", "Yes",
	    "2020-01-02", NULL } },
	{ "csme11", "region", { "--sku", "Server H" },
	  { "CSME", "11.8.50.3425", "Production", "Stock", "Server H", "1", "3", "Yes",
	    "2020-01-02", NULL } },
};

static int gen(const char *out, const struct rt *t)
{
	const char *a[12] = { 0 };
	int i;

	for (i = 0; i < 12; i++)
		a[i] = t->args[i];
	return mkimage(out, "--gen", t->gen, "--kind", t->kind, a[0], a[1], a[2],
		       a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], NULL);
}

START_TEST(synthetic_round_trip)
{
	const struct rt *t = &rts[_i];
	char *img = tmp_path("rt.bin"), buf[64];
	json_object *o, *v;
	struct run r;
	int f;

	ck_assert_int_eq(gen(img, t), 0);
	run_info(&r, false, "--json", "--trust-test-key", img, NULL);
	ck_assert_msg(r.status == 0, "case %d (%s %s): exit %d: %s", _i, t->gen,
		      t->kind, r.status, r.err);
	o = json_tokener_parse(r.out);
	ck_assert(o);
	for (f = 0; f < 10; f++) {
		const char *got = NULL;

		if (json_object_object_get_ex(o, fields[f], &v) && v) {
			if (json_object_is_type(v, json_type_int))
				snprintf(buf, sizeof(buf), "%lld",
					 (long long)json_object_get_int64(v));
			else
				snprintf(buf, sizeof(buf), "%s", json_object_get_string(v));
			got = buf;
		}
		if (!t->want[f])
			ck_assert_msg(!got, "case %d: %s should be null, is '%s'", _i,
				      fields[f], got);
		else
			ck_assert_msg(got && !strcmp(got, t->want[f]),
				      "case %d: %s is '%s', want '%s'", _i, fields[f],
				      got ? got : "(null)", t->want[f]);
	}
	json_object_put(o);
	run_free(&r);

	/* the same image without --trust-test-key: refused, naming the key */
	run_info(&r, false, img, NULL);
	ck_assert_int_eq(r.status, 3);
	ck_assert_uint_eq(count_lines(r.err), 1);
	ck_assert_msg(strstr(r.err, "signing key") && strstr(r.err, "TEST key"),
		      "%s", r.err);
	run_free(&r);
	free(img);
}
END_TEST

struct dmg {
	const char *gen, *kind, *damage, *reason;
};

static const struct dmg dmgs[] = {
	{ "me9", "region", "fpt-checksum", "$FPT checksum: wrong checksum" },
	{ "me9", "region", "manifest-flip", "manifest signature FTPR: RSA signature does not verify" },
	{ "me9", "region", "module-flip", "module hash FTPR/HOSTCOMM" },
	{ "me9", "region", "truncate", "extends past the end of the region" },
	{ "me9", "region", "bad-length", "manifest header FTPR: manifest size" },
	{ "me9", "region", "overlap", "partitions FTPR (0x8000-0x48000) and NFTP" },
	{ "me9", "region", "past-end", "partition EFFS (0x2000 + 0x100000) extends past the end" },
	{ "me9", "region", "absurd-count", "absurd partition count" },
	{ "me9", "region", "absurd-modules", "module table FTPR: absurd module count" },
	{ "me9", "region", "sig-padding", "manifest signature FTPR" },
	{ "me9", "region", "no-manifest", "code partition FTPR has data but no manifest" },
	{ "me9", "update", "manifest-flip", "manifest signature FTPR" },
	{ "me9", "update", "module-flip", "module hash FTPR/HOSTCOMM" },
	{ "me9", "update", "truncate", "module hash" },
	{ "me9", "update", "bad-length", "manifest header FTPR" },
	{ "me9", "update", "no-manifest", "not an Intel ME image" },
	{ "me9", "flash", "truncate", "flash descriptor: ME region" },
	{ "me9", "flash", "overlap", "overlap" },
	{ "me5", "update", "manifest-flip", "manifest signature @0x0" },
	{ "me5", "update", "sig-padding", "manifest signature @0x0" },
	{ "me5", "update", "truncate", "module hash @0x0/BRINGUP: module data" },
	{ "me5", "update", "module-flip", "module hash @0x0/BRINGUP: SHA-1 of the module does not match" },
	{ "me5", "region", "module-flip", "module hash CODE/BRINGUP" },
	{ "me5", "region", "fpt-checksum", "$FPT checksum" },
	{ "me5", "region", "overlap", "partitions EFFS" },
	{ "me5", "region", "past-end", "extends past the end of the region" },
	{ "csme11", "region", "manifest-flip", "manifest signature FTPR" },
	{ "csme11", "region", "absurd-count", "absurd partition count" },
	{ "csme11", "update", "truncate", "partition layout FTPR: $CPD entry pm" },
	{ "csme11", "update", "no-manifest", "$CPD entry FTPR.man does not point at a manifest" },
	/* CSME 11 hash chain: each damage is named by the most specific check */
	{ "csme11", "region", "module-flip", "module hash FTPR/pm: SHA-256 of the compressed module does not match its pm.met" },
	{ "csme11", "update", "module-flip", "module hash FTPR/pm" },
	{ "csme11", "flash", "module-flip", "module hash FTPR/pm" },
	{ "csme11", "region", "met-flip", "metadata hash FTPR/pm.met: SHA-256 does not match the manifest's Ext 0x03" },
	{ "csme11", "update", "met-flip", "metadata hash FTPR/pm.met" },
	{ "csme11", "region", "partition-flip", "partition hash FTPR: SHA-256 of the partition" },
	{ "csme11", "update", "partition-flip", "partition hash FTPR" },
	{ "csme11", "update", "sig-padding", "manifest signature FTPR" },
};

START_TEST(synthetic_damage_refused)
{
	const struct dmg *d = &dmgs[_i];
	char *img = tmp_path("dmg.bin");
	struct run r;

	ck_assert_int_eq(mkimage(img, "--gen", d->gen, "--kind", d->kind,
				 "--damage", d->damage, NULL), 0);
	run_info(&r, false, "--trust-test-key", img, NULL);
	ck_assert_msg(!CRASHED(&r), "%s/%s/%s crashed: %s", d->gen, d->kind,
		      d->damage, r.err);
	ck_assert_msg(r.status == 3, "%s/%s/%s: exit %d", d->gen, d->kind,
		      d->damage, r.status);
	ck_assert_uint_eq(count_lines(r.err), 1);
	ck_assert_msg(strstr(r.err, d->reason), "%s/%s/%s: '%s' lacks '%s'", d->gen,
		      d->kind, d->damage, r.err, d->reason);
	run_free(&r);
	free(img);
}
END_TEST

/* the status of check @what/@subject in `info --json` output, or NULL */
static const char *check_status(json_object *o, const char *what, const char *subject)
{
	json_object *checks, *c, *v;
	size_t i, n;

	if (!json_object_object_get_ex(o, "checks", &checks))
		return NULL;
	n = json_object_array_length(checks);
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(checks, i);
		if (json_object_object_get_ex(c, "check", &v) &&
		    !strcmp(json_object_get_string(v), what) &&
		    json_object_object_get_ex(c, "subject", &v) &&
		    !strcmp(json_object_get_string(v), subject) &&
		    json_object_object_get_ex(c, "status", &v))
			return json_object_get_string(v);
	}
	return NULL;
}

struct cse_want {
	const char *what, *subject, *status;
};

/* every link of the CSME 11 hash chain is checked, with the right outcome */
static void cse_expect(const char *img, const struct cse_want *w, size_t n, int exit_status)
{
	json_object *o;
	struct run r;
	size_t i;

	run_info(&r, false, "--json", "--trust-test-key", img, NULL);
	ck_assert_msg(r.status == exit_status, "exit %d, want %d: %s", r.status,
		      exit_status, r.err);
	o = json_tokener_parse(r.out);
	ck_assert(o);
	for (i = 0; i < n; i++) {
		const char *st = check_status(o, w[i].what, w[i].subject);

		ck_assert_msg(st && !strcmp(st, w[i].status), "%s %s: %s, want %s",
			      w[i].what, w[i].subject, st ? st : "(absent)", w[i].status);
	}
	json_object_put(o);
	run_free(&r);
}

START_TEST(csme11_hash_chain)
{
	static const struct cse_want intact[] = {
		{ "cpd_checksum", "FTPR", "PASS" },
		{ "metadata_hash", "FTPR/rbe.met", "PASS" },
		{ "metadata_hash", "FTPR/kernel.met", "PASS" },
		{ "metadata_hash", "FTPR/pm.met", "PASS" },
		{ "metadata_hash", "FTPR/syslib.met", "PASS" },
		{ "module_hash", "FTPR/rbe", "PASS" },		/* uncompressed */
		{ "module_hash", "FTPR/kernel", "NOT VERIFIED" }, /* Huffman */
		{ "module_hash", "FTPR/pm", "PASS" },		/* LZMA, compressed hash */
		{ "module_hash", "FTPR/syslib", "PASS" },	/* LZMA, decompressed hash */
		{ "partition_hash", "FTPR", "PASS" },
		{ "manifest_signature", "FTPR", "PASS" },
	};
	/*
	 * a fitc.cfg entry exempts nothing: here it was in the directory
	 * when the partition hash was made, which therefore holds
	 */
	static const struct cse_want fitc[] = {
		{ "partition_hash", "FTPR", "PASS" },
		{ "module_hash", "FTPR/pm", "PASS" },
		{ "metadata_hash", "FTPR/pm.met", "PASS" },
	};
	static const struct cse_want fitc_flip[] = {
		{ "partition_hash", "FTPR", "FAIL" },
		{ "module_hash", "FTPR/pm", "FAIL" },
		{ "module_hash", "FTPR/syslib", "PASS" },
	};
	/* a .met that fails its hash is not used: its module is not hashed */
	static const struct cse_want met_flip[] = {
		{ "metadata_hash", "FTPR/pm.met", "FAIL" },
		{ "metadata_hash", "FTPR/rbe.met", "PASS" },
		{ "module_hash", "FTPR/pm", "FAIL" },
		{ "partition_hash", "FTPR", "FAIL" },
	};
	static const struct cse_want part_flip[] = {
		{ "partition_hash", "FTPR", "FAIL" },
		{ "module_hash", "FTPR/pm", "PASS" },
		{ "metadata_hash", "FTPR/pm.met", "PASS" },
	};
	static const char *const kinds[] = { "region", "update", "flash" };
	char *img = tmp_path("cse.bin");
	size_t k;

	for (k = 0; k < 3; k++) {
		ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--kind", kinds[k], NULL), 0);
		cse_expect(img, intact, sizeof(intact) / sizeof(intact[0]), 0);
	}
	ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--fitc", NULL), 0);
	cse_expect(img, fitc, sizeof(fitc) / sizeof(fitc[0]), 0);
	ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--fitc", "--damage",
				 "module-flip", NULL), 0);
	cse_expect(img, fitc_flip, sizeof(fitc_flip) / sizeof(fitc_flip[0]), 3);
	ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--damage", "met-flip", NULL), 0);
	cse_expect(img, met_flip, sizeof(met_flip) / sizeof(met_flip[0]), 3);
	ck_assert_int_eq(mkimage(img, "--gen", "csme11", "--damage", "partition-flip",
				 NULL), 0);
	cse_expect(img, part_flip, sizeof(part_flip) / sizeof(part_flip[0]), 3);
	free(img);
}
END_TEST

Suite *img_synth_suite(void)
{
	Suite *s = suite_create("image-synthetic");
	TCase *tc = tcase_create("synthetic");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, synthetic_round_trip, 0, sizeof(rts) / sizeof(rts[0]));
	tcase_add_loop_test(tc, synthetic_damage_refused, 0, sizeof(dmgs) / sizeof(dmgs[0]));
	tcase_add_test(tc, csme11_hash_chain);
	suite_add_tcase(s, tc);
	return s;
}
