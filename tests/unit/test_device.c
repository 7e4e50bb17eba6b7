// SPDX-License-Identifier: GPL-2.0
/*
 * Device discovery and the mei-sysfs fallback, on a fake sysfs tree in a
 * temporary directory (the library takes a root directory for this).
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mefw.h"
#include "unit.h"

static char root[64];

static void mkdirs(const char *rel)
{
	char path[256], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static void put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void mei(const char *name, const char *status, const char *ver)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "sys/class/mei/%s", name);
	mkdirs(rel);
	snprintf(rel, sizeof(rel), "sys/class/mei/%s/fw_status", name);
	put(rel, status);
	snprintf(rel, sizeof(rel), "sys/class/mei/%s/fw_ver", name);
	put(rel, ver);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/mefw-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
}

static void teardown(void)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#define SEED_STATUS "1E000245\n76442312\n00000200\n00000000\n00000000\n00000000\n"
#define SEED_VER "0:9.0.20.1447\n0:9.0.20.1447\n0:9.0.20.1427\n"

START_TEST(no_device)
{
	struct mefw_dev_entry d[4];
	struct mefw_error err = { 0 };

	ck_assert_int_eq(mefw_devices_list(root, d, 4, &err), -ENODEV);
	ck_assert_str_eq(err.msg,
			 "no Intel ME found: mefw.ko is not loaded (no /sys/class/mefw) and no /sys/class/mei device (is mei-me or mei-sim loaded?)");
	mkdirs("sys/class/mefw");
	mkdirs("sys/class/mei");
	ck_assert_int_eq(mefw_devices_list(root, d, 4, &err), -ENODEV);
	ck_assert_ptr_nonnull(strstr(err.msg, "/sys/class/mefw is empty"));
}
END_TEST

START_TEST(mei_fallback)
{
	struct mefw_dev_entry d[4];
	struct mefw_error err = { 0 };
	struct mefw_report r;

	mei("mei10", "3009065A\n", "0:5.0.1.1111\n0:0.0.0.0\n0:0.0.0.0\n");
	mei("mei0", SEED_STATUS, SEED_VER);
	mei("mei2", "1E000245\n76442312\n", "0:0.0.0.0\n0:0.0.0.0\n0:0.0.0.0\n");
	mkdirs("sys/class/mei/meix");	/* not an ME device name */

	ck_assert_int_eq(mefw_devices_list(root, d, 4, &err), 3);
	ck_assert_str_eq(d[0].name, "mei0");
	ck_assert_str_eq(d[1].name, "mei2");
	ck_assert_str_eq(d[2].name, "mei10");
	ck_assert_int_eq(d[0].source, MEFW_SRC_MEI_SYSFS);

	ck_assert_int_eq(mefw_report_from_device(root, &d[0], &r, &err), 0);
	ck_assert_str_eq(r.device, "mei0");
	ck_assert_int_eq(r.family, MEFW_FAM_ME6_10);
	ck_assert_uint_eq(r.nregs, 6);
	ck_assert_uint_eq(r.hfsts[1], 0x76442312);
	ck_assert_uint_eq(r.nfields, MEFW_F_COUNT);
	ck_assert_str_eq(r.fields[MEFW_F_ICC].text,
			 "No valid OEM data, ICC programmed with default values");
	ck_assert_str_eq(r.fields[MEFW_F_MFS_CORRUPTED].text, "No");
	ck_assert(r.have_fw_version);
	ck_assert_uint_eq(r.fw_version.build, 1447);
	ck_assert(r.have_fitc);
	ck_assert_uint_eq(r.fitc.build, 1427);
	ck_assert(!r.have_identity);
	ck_assert_uint_eq(r.nnotes, 1);
	ck_assert_ptr_nonnull(strstr(r.notes[0], "identity unavailable"));

	/* no version from the bus-fixup: layout unknown, raw only */
	ck_assert_int_eq(mefw_report_from_device(root, &d[1], &r, &err), 0);
	ck_assert_int_eq(r.family, MEFW_FAM_UNKNOWN);
	ck_assert(!r.have_fw_version);
	ck_assert_uint_eq(r.nfields, 0);
	ck_assert_uint_eq(r.nregs, 2);

	/* ME 5: one register, raw, with the note */
	ck_assert_int_eq(mefw_report_from_device(root, &d[2], &r, &err), 0);
	ck_assert_int_eq(r.family, MEFW_FAM_ME2_5);
	ck_assert_uint_eq(r.nregs, 1);
	ck_assert_uint_eq(r.nfields, 0);
	ck_assert_str_eq(r.notes[1],
			 "register layout of ME <= 5 is not publicly documented; shown raw");
}
END_TEST

START_TEST(mei_bad_files)
{
	struct mefw_dev_entry d = { .name = "mei0",
				    .source = MEFW_SRC_MEI_SYSFS };
	struct mefw_error err = { 0 };
	struct mefw_report r;

	ck_assert_int_eq(mefw_report_from_device(root, &d, &r, &err), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err.msg, "/sys/class/mei/mei0/fw_status"));
	mei("mei0", "garbage\n", SEED_VER);
	ck_assert_int_eq(mefw_report_from_device(root, &d, &r, &err), -EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "'garbage'"));
	mei("mei0", SEED_STATUS, "9.0.20\n");
	ck_assert_int_eq(mefw_report_from_device(root, &d, &r, &err), 0);
	ck_assert(!r.have_fw_version);	/* bad fw_ver is only a missing version */
}
END_TEST

START_TEST(resolve)
{
	struct mefw_dev_entry d;
	struct mefw_error err = { 0 };

	mei("mei0", SEED_STATUS, SEED_VER);
	ck_assert_int_eq(mefw_device_resolve(root, "mei0", &d, &err), 0);
	ck_assert_str_eq(d.name, "mei0");
	ck_assert_int_eq(mefw_device_resolve(root, "/sys/class/mei/mei0", &d,
					     &err), 0);
	ck_assert_str_eq(d.name, "mei0");
	ck_assert_int_eq(mefw_device_resolve(root, "mefw0", &d, &err), -ENODEV);
	ck_assert_str_eq(err.msg,
			 "no such ME device: mefw0 (/sys/class/mefw/mefw0 does not exist)");
	ck_assert_int_eq(mefw_device_resolve(root, "/dev/mefw3", &d, &err),
			 -ENODEV);
	ck_assert_int_eq(mefw_device_resolve(root, "sda", &d, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not an ME device name"));
	ck_assert_int_eq(mefw_device_resolve(root, "mei", &d, &err), -EINVAL);
	ck_assert_int_eq(mefw_device_resolve(root, "mei0x", &d, &err), -EINVAL);
	ck_assert_int_eq(mefw_device_resolve(root, "mei0/../../x", &d, &err),
			 -EINVAL);
}
END_TEST

START_TEST(mefw_not_a_chardev)
{
	struct mefw_dev_entry d[2];
	struct mefw_error err = { 0 };
	struct mefw_report r;
	char path[256], target[256], name[32];

	/* /sys/class/mefw/mefw0/device -> the client device, sibling of mei/ */
	mkdirs("sys/devices/sim/cl0");
	mei("mei1", SEED_STATUS, SEED_VER);
	mkdirs("sys/devices/sim/mei/mei7");
	mkdirs("sys/class/mefw/mefw0");
	snprintf(target, sizeof(target), "%s/sys/devices/sim/cl0", root);
	snprintf(path, sizeof(path), "%s/sys/class/mefw/mefw0/device", root);
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert_int_eq(mefw_mei_of_mefw(root, "mefw0", name, sizeof(name)),
			 0);
	ck_assert_str_eq(name, "mei7");

	/* the mefw devices win over the mei ones */
	ck_assert_int_eq(mefw_devices_list(root, d, 2, &err), 1);
	ck_assert_str_eq(d[0].name, "mefw0");
	ck_assert_int_eq(d[0].source, MEFW_SRC_MEFW);

	/* no /dev node */
	ck_assert_int_eq(mefw_report_from_device(root, &d[0], &r, &err),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot open /dev/mefw0"));
	/* a regular file: the ioctls fail cleanly */
	mkdirs("dev");
	put("dev/mefw0", "");
	ck_assert_int_eq(mefw_report_from_device(root, &d[0], &r, &err),
			 -ENOTTY);
	ck_assert_ptr_nonnull(strstr(err.msg, "ABI version"));
}
END_TEST

Suite *device_suite(void)
{
	Suite *s = suite_create("device");
	TCase *tc = tcase_create("fake-sysfs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, no_device);
	tcase_add_test(tc, mei_fallback);
	tcase_add_test(tc, mei_bad_files);
	tcase_add_test(tc, resolve);
	tcase_add_test(tc, mefw_not_a_chardev);
	suite_add_tcase(s, tc);
	return s;
}
