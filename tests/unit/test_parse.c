// SPDX-License-Identifier: GPL-2.0
/* family names, register values and --decode arguments */
#include <errno.h>
#include <string.h>

#include "mefw.h"
#include "unit.h"

START_TEST(family_parse_ok)
{
	static const struct {
		const char *in;
		enum mefw_family want;
	} v[] = {
		{ "ME9", MEFW_FAM_ME6_10 }, { "me9", MEFW_FAM_ME6_10 },
		{ "ME 9", MEFW_FAM_ME6_10 }, { "9", MEFW_FAM_ME6_10 },
		{ "ME6", MEFW_FAM_ME6_10 }, { "ME10", MEFW_FAM_ME6_10 },
		{ "ME 6-10", MEFW_FAM_ME6_10 }, { "me6-10", MEFW_FAM_ME6_10 },
		{ "me6_10", MEFW_FAM_ME6_10 },
		{ "ME5", MEFW_FAM_ME2_5 }, { "ME 2-5", MEFW_FAM_ME2_5 },
		{ "me2_5", MEFW_FAM_ME2_5 }, { "ME1", MEFW_FAM_ME2_5 },
		{ "CSME11", MEFW_FAM_CSME11 }, { "csme 12", MEFW_FAM_CSME11 },
		{ "CSME 11+", MEFW_FAM_CSME11 }, { "ME11", MEFW_FAM_CSME11 },
		{ "csme_11", MEFW_FAM_CSME11 }, { "11+", MEFW_FAM_CSME11 },
		{ "18", MEFW_FAM_CSME11 },
	};
	struct mefw_error err = { 0 };
	enum mefw_family fam;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(*v); i++) {
		fam = MEFW_FAM_UNKNOWN;
		ck_assert_msg(!mefw_family_parse(v[i].in, &fam, &err),
			      "'%s' rejected: %s", v[i].in, err.msg);
		ck_assert_msg(fam == v[i].want, "'%s' -> %d, want %d",
			      v[i].in, fam, v[i].want);
	}
}
END_TEST

START_TEST(family_parse_bad)
{
	static const char *const bad[] = {
		"", "ME", "ME0", "0", "ME42x", "ME 6-9", "CSME9", "CSME 6-10",
		"ME 9.0", "AMT5", "ME-9", "ME9+", "ME12-15", "ME 99999",
		"MEME9", "ME 1_5_7",
	};
	struct mefw_error err = { 0 };
	enum mefw_family fam;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(&err, 0, sizeof(err));
		ck_assert_msg(mefw_family_parse(bad[i], &fam, &err) == -EINVAL,
			      "'%s' accepted", bad[i]);
		ck_assert_int_eq(err.code, -EINVAL);
		ck_assert_ptr_nonnull(strstr(err.msg, "unknown ME family"));
	}
	ck_assert_int_eq(mefw_family_parse(NULL, &fam, NULL), -EINVAL);
}
END_TEST

START_TEST(hex_parse)
{
	struct mefw_error err = { 0 };
	uint32_t v;

	ck_assert_int_eq(mefw_parse_hex_u32("0x1E000245", &v, &err), 0);
	ck_assert_uint_eq(v, 0x1E000245);
	ck_assert_int_eq(mefw_parse_hex_u32("76442312", &v, &err), 0);
	ck_assert_uint_eq(v, 0x76442312);
	ck_assert_int_eq(mefw_parse_hex_u32("0X1e000245", &v, &err), 0);
	ck_assert_uint_eq(v, 0x1E000245);
	ck_assert_int_eq(mefw_parse_hex_u32("0", &v, &err), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(mefw_parse_hex_u32("FFFFFFFF", &v, &err), 0);
	ck_assert_uint_eq(v, 0xFFFFFFFF);
	ck_assert_int_eq(mefw_parse_hex_u32("0x00000000FFFFFFFF", &v, &err), 0);

	ck_assert_int_eq(mefw_parse_hex_u32("", &v, &err), -EINVAL);
	ck_assert_int_eq(mefw_parse_hex_u32("0x", &v, &err), -EINVAL);
	ck_assert_int_eq(mefw_parse_hex_u32("zz", &v, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "'zz'"));
	ck_assert_int_eq(mefw_parse_hex_u32("1E00 0245", &v, &err), -EINVAL);
	ck_assert_int_eq(mefw_parse_hex_u32("-1", &v, &err), -EINVAL);
	ck_assert_int_eq(mefw_parse_hex_u32("0x1G", &v, &err), -EINVAL);
	ck_assert_int_eq(mefw_parse_hex_u32("100000000", &v, &err), -ERANGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "32 bits"));
	ck_assert_int_eq(mefw_parse_hex_u32(NULL, &v, NULL), -EINVAL);
}
END_TEST

START_TEST(hfsts_args)
{
	char *two[] = { "0x1E000245", "76442312" };
	char *seven[] = { "1", "2", "3", "4", "5", "6", "7" };
	char *six[] = { "1", "2", "3", "4", "5", "6" };
	char *badv[] = { "1E000245", "0xnope" };
	struct mefw_error err = { 0 };
	uint32_t r[MEFW_STATUS_REGS];

	ck_assert_int_eq(mefw_parse_hfsts_args(2, two, r, &err), 2);
	ck_assert_uint_eq(r[0], 0x1E000245);
	ck_assert_uint_eq(r[1], 0x76442312);
	ck_assert_int_eq(mefw_parse_hfsts_args(6, six, r, &err), 6);
	ck_assert_uint_eq(r[5], 6);

	ck_assert_int_eq(mefw_parse_hfsts_args(7, seven, r, &err), -E2BIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "at most 6"));
	ck_assert_int_eq(mefw_parse_hfsts_args(0, two, r, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "no register value"));
	ck_assert_int_eq(mefw_parse_hfsts_args(2, badv, r, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "'0xnope'"));
}
END_TEST

START_TEST(identity_texts)
{
	struct mefw_version v = { .major = 9, .minor = 0, .hotfix = 20,
				  .build = 1447 };
	char buf[32];

	ck_assert_str_eq(mefw_version_str(&v, buf, sizeof(buf)),
			 "9.0.20.1447");
	ck_assert_str_eq(mefw_local_update_str(MEFW_LOCAL_UPDATE_ENABLED),
			 "Enabled");
	ck_assert_str_eq(mefw_local_update_str(MEFW_LOCAL_UPDATE_PASSWORD),
			 "Password protected");
	ck_assert_str_eq(mefw_local_update_str(7), "Unknown");
	ck_assert_str_eq(mefw_hmrfpo_str(MEFW_HMRFPO_LOCKED), "Locked");
	ck_assert_str_eq(mefw_hmrfpo_str(MEFW_HMRFPO_UNKNOWN), "Unknown");
	ck_assert_str_eq(mefw_protocol_str(MEFW_PROTO_UNSUPPORTED),
			 "not supported");
	ck_assert_str_eq(mefw_sku_str(0x13, 9), "1.5MB (consumer)");
	ck_assert_str_eq(mefw_sku_str(0x0A, 10), "5MB (corporate)");
	ck_assert_str_eq(mefw_sku_str(0x23, 9), "slim");
	ck_assert_ptr_null(mefw_sku_str(0x73, 9));
	ck_assert_ptr_null(mefw_sku_str(0x13, 5));	/* ME 5: no SKUType */
	ck_assert_ptr_null(mefw_sku_str(0x13, 8));
	ck_assert_ptr_null(mefw_sku_str(0x13, 12));
}
END_TEST

Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("args");

	tcase_add_test(tc, family_parse_ok);
	tcase_add_test(tc, family_parse_bad);
	tcase_add_test(tc, hex_parse);
	tcase_add_test(tc, hfsts_args);
	tcase_add_test(tc, identity_texts);
	suite_add_tcase(s, tc);
	return s;
}
