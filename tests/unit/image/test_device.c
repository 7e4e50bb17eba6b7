// SPDX-License-Identifier: GPL-2.0
/*
 * `info --against-device`: the compatibility rules against a running ME,
 * read through libmefw from a fake sysfs tree ($MEFW_SYSROOT) that looks
 * like seed 000's machine (mei0: ME 9.0.20.1447, HFSTS1 0x1E000245).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "image_test.h"

static void put(const char *root, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static char *fake_root(void)
{
	char *root = tmp_path("sysroot"), path[4096];
	const char *dirs[] = { "", "/sys", "/sys/class", "/sys/class/mei",
			       "/sys/class/mei/mei0", "/dev" };
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
		mkdir(path, 0755);
	}
	put(root, "sys/class/mei/mei0/fw_status",
	    "1E000245\n76442312\n00000200\n00000000\n00000000\n00000000\n");
	put(root, "sys/class/mei/mei0/fw_ver",
	    "0:9.0.20.1447\n0:9.0.20.1447\n0:9.0.20.1427\n");
	return root;
}

START_TEST(against_device_rules)
{
	char *root = fake_root(), *img = tmp_path("dev.bin");
	struct run r;

	setenv("MEFW_SYSROOT", root, 1);
	ck_assert_int_eq(mkimage(img, "--gen", "me9", "--kind", "update", "--version",
				 "9.0.30.1482", NULL), 0);
	run_info(&r, false, "--trust-test-key", "--against-device", img, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	ck_assert(strstr(r.out, "Compatibility with mei0 (ME 9.0.20.1447): OK"));
	run_free(&r);

	/* major version mismatch: 8705, exit 6 (incompatible), one line */
	ck_assert_int_eq(mkimage(img, "--gen", "me9", "--kind", "update", "--version",
				 "10.0.55.3000", NULL), 0);
	run_info(&r, false, "--trust-test-key", "--against-device=mei0", img, NULL);
	ck_assert_int_eq(r.status, 6);
	ck_assert_uint_eq(count_lines(r.err), 1);
	ck_assert(strstr(r.err, "not compatible with mei0: error 8705"));
	run_free(&r);

	/* same version: needs --allow-same-version */
	ck_assert_int_eq(mkimage(img, "--gen", "me9", "--kind", "update", "--version",
				 "9.0.20.1447", NULL), 0);
	run_info(&r, false, "--trust-test-key", "--against-device", img, NULL);
	ck_assert_int_eq(r.status, 6);
	ck_assert(strstr(r.err, "--allow-same-version"));
	run_free(&r);
	run_info(&r, false, "--json", "--trust-test-key", "--against-device",
		 "--allow-same-version", img, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "\"compatibility\""));
	run_free(&r);

	/* a damaged image is refused before the device is asked */
	ck_assert_int_eq(mkimage(img, "--gen", "me9", "--kind", "update", "--damage",
				 "manifest-flip", NULL), 0);
	run_info(&r, false, "--trust-test-key", "--against-device", img, NULL);
	ck_assert_int_eq(r.status, 3);
	run_free(&r);

	/* no device: one line, exit 1 */
	setenv("MEFW_SYSROOT", "/nonexistent-mefw-root", 1);
	ck_assert_int_eq(mkimage(img, "--gen", "me9", "--kind", "update", NULL), 0);
	run_info(&r, false, "--trust-test-key", "--against-device", img, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_uint_eq(count_lines(r.err), 1);
	ck_assert(strstr(r.err, "--against-device"));
	run_free(&r);
	free(img);
	free(root);
}
END_TEST

Suite *img_device_suite(void)
{
	Suite *s = suite_create("image-against-device");
	TCase *tc = tcase_create("device");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, against_device_rules);
	suite_add_tcase(s, tc);
	return s;
}
