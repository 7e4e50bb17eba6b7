// SPDX-License-Identifier: GPL-2.0
/*
 * The status-register tables (kernel/common/mefw_status.c) and their
 * userspace wrapper.  Expected strings: MEInfo's output in seed 000 and
 * the mapping of research/protocols.md 5.1-5.4.
 */
#include <stdio.h>
#include <string.h>

#include "mefw.h"
#include "unit.h"

/* decoded text of one field, or NULL when the family does not define it */
static const char *dec(enum mefw_family fam, enum mefw_field_id id,
		       const uint32_t *regs, unsigned int n,
		       struct mefw_decoded_field *f)
{
	return mefw_decode_field(fam, id, regs, n, f) ? f->text : NULL;
}

struct expect {
	enum mefw_field_id id;
	const char *text;
};

static void check_vector(enum mefw_family fam, const uint32_t *regs,
			 unsigned int n, const struct expect *e, size_t ne)
{
	struct mefw_decoded_field f;
	const char *t;
	size_t i;

	for (i = 0; i < ne; i++) {
		t = dec(fam, e[i].id, regs, n, &f);
		ck_assert_msg(t, "field %d undefined", e[i].id);
		ck_assert_msg(!strcmp(t, e[i].text),
			      "HFSTS1 0x%08X field %s: got '%s', want '%s'",
			      regs[0], f.label, t, e[i].text);
	}
}

/* seed 000: exactly what MEInfo 9.1 printed, in MEInfo's order */
START_TEST(seed_000_meinfo)
{
	static const uint32_t regs[] = { 0x1E000245, 0x76442312, 0x200, 0, 0, 0 };
	static const char *const want[][2] = {
		{ "CurrentState", "Normal" },
		{ "ManufacturingMode", "Disabled" },
		{ "FlashPartition", "Valid" },
		{ "OperationalState", "M0 with UMA" },
		{ "InitComplete", "Complete" },
		{ "BUPLoadState", "Success" },
		{ "ErrorCode", "No Error" },
		{ "ModeOfOperation", "Normal" },
		{ "Phase", "FWUpdate" },
		{ "ICC", "No valid OEM data, ICC programmed with default values" },
		{ "ME File System Corrupted", "No" },
		{ "UpdateInProgress", "No" },
	};
	struct mefw_decoded_field f;
	int id;

	ck_assert_int_eq(MEFW_F_COUNT, 12);
	for (id = 0; id < MEFW_F_COUNT; id++) {
		ck_assert(mefw_decode_field(MEFW_FAM_ME6_10, id, regs, 6, &f));
		ck_assert_str_eq(f.label, want[id][0]);
		ck_assert_str_eq(f.text, want[id][1]);
		ck_assert(f.known);
	}
}
END_TEST

/* the raw table API the kernel uses gives the same words */
START_TEST(seed_000_raw_api)
{
	static const unsigned int regs[] = { 0x1E000245, 0x76442312 };
	const struct mefw_field *f;

	f = mefw_field_get(MEFW_FAM_ME6_10, MEFW_F_PHASE);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(mefw_field_raw(f, regs, 2), 7);
	ck_assert_str_eq(mefw_field_text(f, 7), "FWUpdate");
	ck_assert_int_eq(mefw_field_raw(f, regs, 1), -1);	/* no HFSTS2 */
	f = mefw_field_get(MEFW_FAM_ME6_10, MEFW_F_CURRENT_STATE);
	ck_assert_str_eq(f->attr, "current_state");
	ck_assert_int_eq(mefw_field_raw(f, regs, 1), 5);
	ck_assert_str_eq(mefw_field_text(f, 5), "Normal");
	ck_assert_int_eq(mefw_field_raw(NULL, regs, 2), -1);
	ck_assert_int_eq(mefw_field_raw(f, NULL, 2), -1);
	ck_assert_int_eq(mefw_field_raw(f, regs, 0), -1);
	/* HFSTS2[6], intelmetool's mfs_failure */
	f = mefw_field_get(MEFW_FAM_ME6_10, MEFW_F_MFS_CORRUPTED);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->attr, "mfs_corrupted");
	ck_assert_int_eq(mefw_field_raw(f, regs, 2), 0);
	ck_assert_str_eq(mefw_field_text(f, 0), "No");
	ck_assert_int_eq(mefw_field_raw(f, regs, 1), -1);	/* no HFSTS2 */
}
END_TEST

/* every flag set the other way, MEInfo words of research 5.3 */
START_TEST(me6_vector_flags)
{
	/*
	 * CWS 6, mfg, fpt bad, op 0, !init, BUP fail, upd, err 3, mode 3;
	 * phase 8, MFS corrupted, ICC 3
	 */
	static const uint32_t regs[] = { 0x00033C36, 0x80000046 };
	static const struct expect e[] = {
		{ MEFW_F_CURRENT_STATE, "Disabled and waiting to timeout" },
		{ MEFW_F_MANUFACTURING_MODE, "Enabled" },
		{ MEFW_F_FLASH_PARTITION, "Invalid" },
		{ MEFW_F_OPERATIONAL_STATE, "Transitioning" },
		{ MEFW_F_INIT_COMPLETE, "Incomplete" },
		{ MEFW_F_BUP_LOAD_STATE, "Failure" },
		{ MEFW_F_ERROR_CODE, "Image Failure" },
		{ MEFW_F_MODE_OF_OPERATION, "Soft Temporary Disable" },
		{ MEFW_F_PHASE, "Unknown (8)" },
		{ MEFW_F_ICC, "Valid OEM data, ICC programmed" },
		{ MEFW_F_MFS_CORRUPTED, "Yes" },
		{ MEFW_F_UPDATE_IN_PROGRESS, "Yes" },
	};

	check_vector(MEFW_FAM_ME6_10, regs, 2, e, sizeof(e) / sizeof(*e));
}
END_TEST

/* undefined values print "Unknown (N)" in decimal, as MEInfo does */
START_TEST(me6_vector_unknown)
{
	/* CWS 15, op 2, err 15, mode 1; HFSTS2 all zero */
	static const uint32_t regs[] = { 0x0001F08F, 0x00000000 };
	static const struct expect e[] = {
		{ MEFW_F_CURRENT_STATE, "Unknown (15)" },
		{ MEFW_F_OPERATIONAL_STATE, "Unknown (2)" },
		{ MEFW_F_ERROR_CODE, "Unknown (15)" },
		{ MEFW_F_MODE_OF_OPERATION, "Unknown (1)" },
		{ MEFW_F_PHASE, "ROM Phase" },
		{ MEFW_F_ICC, "No valid OEM data, ICC not programmed" },
		{ MEFW_F_MFS_CORRUPTED, "No" },
	};
	struct mefw_decoded_field f;

	check_vector(MEFW_FAM_ME6_10, regs, 2, e, sizeof(e) / sizeof(*e));
	ck_assert(mefw_decode_field(MEFW_FAM_ME6_10, MEFW_F_CURRENT_STATE,
				    regs, 2, &f));
	ck_assert(!f.known);
	ck_assert_uint_eq(f.raw, 15);
}
END_TEST

/* research 5.4: the ME 5 value under the PCH tables (why we do not) */
START_TEST(me6_vector_5_4)
{
	static const uint32_t regs[] = { 0x3009065A };
	static const struct expect e[] = {
		{ MEFW_F_CURRENT_STATE, "Unknown (10)" },
		{ MEFW_F_MANUFACTURING_MODE, "Enabled" },
		{ MEFW_F_FLASH_PARTITION, "Valid" },
		{ MEFW_F_OPERATIONAL_STATE, "M0 with UMA" },
		{ MEFW_F_INIT_COMPLETE, "Complete" },
		{ MEFW_F_BUP_LOAD_STATE, "Failure" },
		{ MEFW_F_ERROR_CODE, "No Error" },
		{ MEFW_F_MODE_OF_OPERATION, "Unknown (9)" },
	};
	struct mefw_decoded_field f;

	check_vector(MEFW_FAM_ME6_10, regs, 1, e, sizeof(e) / sizeof(*e));
	/* one register: the HFSTS2 fields are absent, not zero */
	ck_assert(!mefw_decode_field(MEFW_FAM_ME6_10, MEFW_F_PHASE, regs, 1,
				     &f));
	ck_assert(!mefw_decode_field(MEFW_FAM_ME6_10, MEFW_F_ICC, regs, 1,
				     &f));
	ck_assert(!mefw_decode_field(MEFW_FAM_ME6_10, MEFW_F_MFS_CORRUPTED,
				     regs, 1, &f));
}
END_TEST

/* ME <= 5 and unknown families decode nothing */
START_TEST(me2_5_raw_only)
{
	static const uint32_t regs[] = { 0x3009065A, 0x76442312 };
	struct mefw_decoded_field f;
	int id;

	for (id = 0; id < MEFW_F_COUNT; id++) {
		ck_assert_ptr_null(mefw_field_get(MEFW_FAM_ME2_5, id));
		ck_assert_ptr_null(mefw_field_get(MEFW_FAM_UNKNOWN, id));
		ck_assert(!mefw_decode_field(MEFW_FAM_ME2_5, id, regs, 2, &f));
	}
}
END_TEST

/* every value of the phase nibble, both families: bounds checked */
START_TEST(phase_all_values)
{
	static const char *const me6[16] = {
		"ROM Phase", "BUP Phase", "uKernel Phase", "Policy Module",
		"Module Loading", "Unknown (5)", "Host Communication",
		"FWUpdate",
	};
	static const char *const csme[16] = {
		"ROM/Preboot", "RBE", "Privilege Micro-Kernel", "BringUp",
		"Loading", "IDLM", "HOSTCOMM", "FWUpdate", "Maestro",
	};
	struct mefw_decoded_field f;
	uint32_t regs[2] = { 0, 0 };
	char want[32];
	unsigned int v;

	for (v = 0; v < 16; v++) {
		regs[1] = v << 28;
		ck_assert(mefw_decode_field(MEFW_FAM_ME6_10, MEFW_F_PHASE,
					    regs, 2, &f));
		snprintf(want, sizeof(want), "Unknown (%u)", v);
		ck_assert_str_eq(f.text, me6[v] ? me6[v] : want);
		ck_assert(mefw_decode_field(MEFW_FAM_CSME11, MEFW_F_PHASE,
					    regs, 2, &f));
		ck_assert_str_eq(f.text, csme[v] ? csme[v] : want);
	}
}
END_TEST

START_TEST(csme11_additions)
{
	/* CWS 0xE, op 2 (power gated), mode 7 */
	static const uint32_t regs[] = { 0x0007008E, 0x80000002 };
	static const struct expect e[] = {
		{ MEFW_F_CURRENT_STATE, "Halt" },
		{ MEFW_F_OPERATIONAL_STATE, "M0 power gated" },
		{ MEFW_F_MODE_OF_OPERATION, "Enhanced Debug" },
		{ MEFW_F_PHASE, "Maestro" },
	};
	static const uint32_t me6regs[] = { 0x0007008E };
	struct mefw_decoded_field f;

	check_vector(MEFW_FAM_CSME11, regs, 2, e, sizeof(e) / sizeof(*e));
	/* ICC is not decoded on CSME (meloader contradicts MEInfo) */
	ck_assert(!mefw_decode_field(MEFW_FAM_CSME11, MEFW_F_ICC, regs, 2, &f));
	/* nor HFSTS2[6]: fwupd's CSME layout does not define it */
	ck_assert(!mefw_decode_field(MEFW_FAM_CSME11, MEFW_F_MFS_CORRUPTED,
				     regs, 2, &f));
	/* the same values are undefined on ME 6-10 */
	ck_assert_str_eq(dec(MEFW_FAM_ME6_10, MEFW_F_CURRENT_STATE, me6regs, 1,
			     &f), "Unknown (14)");
	ck_assert_str_eq(dec(MEFW_FAM_ME6_10, MEFW_F_MODE_OF_OPERATION,
			     me6regs, 1, &f), "Unknown (7)");
}
END_TEST

/* geometry of every table: in range, and names the kernel can use */
START_TEST(table_sanity)
{
	enum mefw_family fams[] = { MEFW_FAM_ME6_10, MEFW_FAM_CSME11 };
	const struct mefw_field *f;
	unsigned int i, id;
	const char *p;

	for (i = 0; i < 2; i++) {
		for (id = 0; id < MEFW_F_COUNT; id++) {
			f = mefw_field_get(fams[i], id);
			if (!f) {
				ck_assert(fams[i] == MEFW_FAM_CSME11 &&
					  (id == MEFW_F_ICC ||
					   id == MEFW_F_MFS_CORRUPTED));
				continue;
			}
			ck_assert_ptr_nonnull(f->label);
			ck_assert_ptr_nonnull(f->attr);
			ck_assert_uint_lt(f->reg, MEFW_STATUS_REGS);
			ck_assert_uint_ge(f->width, 1);
			ck_assert_uint_le(f->shift + f->width, 32);
			ck_assert_uint_le(f->nvalues, 1U << f->width);
			for (p = f->attr; *p; p++)
				ck_assert((*p >= 'a' && *p <= 'z') || *p == '_');
			ck_assert_ptr_null(mefw_field_text(f, f->nvalues));
			ck_assert_ptr_null(mefw_field_text(f, (unsigned long)-1));
		}
	}
	ck_assert_ptr_null(mefw_field_get(MEFW_FAM_ME6_10, MEFW_F_COUNT));
	ck_assert_ptr_null(mefw_field_get(MEFW_FAM_ME6_10, (enum mefw_field_id)-1));
	ck_assert_ptr_null(mefw_field_get((enum mefw_family)99, 0));
	ck_assert_ptr_null(mefw_field_text(NULL, 0));
}
END_TEST

START_TEST(update_percent)
{
	uint32_t r[2];

	/* seed: phase 7 with 0x44 in [23:16] but no update running */
	r[0] = 0x1E000245;
	r[1] = 0x76442312;
	ck_assert_int_eq(mefw_status_update_percent(r, 2), -1);
	r[0] |= 1U << 11;
	ck_assert_int_eq(mefw_status_update_percent(r, 2), 68);
	ck_assert_int_eq(mefw_status_update_percent(r, 1), -1);
	ck_assert_int_eq(mefw_status_update_percent(NULL, 2), -1);
	r[1] = 0x70642312;	/* 100 */
	ck_assert_int_eq(mefw_status_update_percent(r, 2), 100);
	r[1] = 0x70652312;	/* 101: not a percentage */
	ck_assert_int_eq(mefw_status_update_percent(r, 2), -1);
	r[1] = 0x60442312;	/* phase 6 */
	ck_assert_int_eq(mefw_status_update_percent(r, 2), -1);
	r[1] = 0x70002312;
	ck_assert_int_eq(mefw_status_update_percent(r, 2), 0);
}
END_TEST

START_TEST(family_from_major)
{
	ck_assert_int_eq(mefw_family_from_major(0), MEFW_FAM_UNKNOWN);
	ck_assert_int_eq(mefw_family_from_major(1), MEFW_FAM_ME2_5);
	ck_assert_int_eq(mefw_family_from_major(5), MEFW_FAM_ME2_5);
	ck_assert_int_eq(mefw_family_from_major(6), MEFW_FAM_ME6_10);
	ck_assert_int_eq(mefw_family_from_major(9), MEFW_FAM_ME6_10);
	ck_assert_int_eq(mefw_family_from_major(10), MEFW_FAM_ME6_10);
	ck_assert_int_eq(mefw_family_from_major(11), MEFW_FAM_CSME11);
	ck_assert_int_eq(mefw_family_from_major(12), MEFW_FAM_CSME11);
	ck_assert_int_eq(mefw_family_from_major(0xFFFF), MEFW_FAM_CSME11);
	ck_assert_str_eq(mefw_family_name(MEFW_FAM_ME6_10), "ME 6-10");
	ck_assert_str_eq(mefw_family_name(MEFW_FAM_ME2_5), "ME 2-5");
	ck_assert_str_eq(mefw_family_name(MEFW_FAM_CSME11), "CSME 11+");
	ck_assert_str_eq(mefw_family_name(MEFW_FAM_UNKNOWN), "unknown");
	ck_assert_str_eq(mefw_family_name((enum mefw_family)99), "unknown");
	ck_assert_str_eq(mefw_family_key(MEFW_FAM_ME6_10), "me6_10");
}
END_TEST

/*
 * Golden tables: every raw value of every field, both families.  NULL
 * means undefined ("Unknown (N)").  A change to the decode tables must
 * change this list too.
 */
struct golden {
	enum mefw_field_id id;
	const char *v[16];
};

static const struct golden me6_golden[] = {
	{ MEFW_F_CURRENT_STATE, { "Reset", "Initializing", "Recovery", "Test",
	  "Disabled", "Normal", "Disabled and waiting to timeout",
	  "OP State Transition", "Invalid CPU Plugged In" } },
	{ MEFW_F_MANUFACTURING_MODE, { "Disabled", "Enabled" } },
	{ MEFW_F_FLASH_PARTITION, { "Valid", "Invalid" } },
	{ MEFW_F_OPERATIONAL_STATE, { "Transitioning", "M0 with UMA", NULL,
	  NULL, "M3 without UMA", "M0 without UMA", "Bring up",
	  "M0 without UMA but with error" } },
	{ MEFW_F_INIT_COMPLETE, { "Incomplete", "Complete" } },
	{ MEFW_F_BUP_LOAD_STATE, { "Success", "Failure" } },
	{ MEFW_F_ERROR_CODE, { "No Error", "Uncategorized Failure", "Disabled",
	  "Image Failure", "Debug Failure" } },
	{ MEFW_F_MODE_OF_OPERATION, { "Normal", NULL, "Debug",
	  "Soft Temporary Disable", "Security Override via Jumper",
	  "Security Override via MEI Message" } },
	{ MEFW_F_PHASE, { "ROM Phase", "BUP Phase", "uKernel Phase",
	  "Policy Module", "Module Loading", NULL, "Host Communication",
	  "FWUpdate" } },
	{ MEFW_F_ICC, { "No valid OEM data, ICC not programmed",
	  "No valid OEM data, ICC programmed with default values",
	  "Valid OEM data, ICC not programmed",
	  "Valid OEM data, ICC programmed" } },
	{ MEFW_F_MFS_CORRUPTED, { "No", "Yes" } },
	{ MEFW_F_UPDATE_IN_PROGRESS, { "No", "Yes" } },
};

static const struct golden csme11_golden[] = {
	{ MEFW_F_CURRENT_STATE, { "Reset", "Initializing", "Recovery", "Test",
	  "Disabled", "Normal", "Disabled and waiting to timeout",
	  "OP State Transition", "Invalid CPU Plugged In", NULL, NULL, NULL,
	  NULL, NULL, "Halt" } },
	{ MEFW_F_MANUFACTURING_MODE, { "Disabled", "Enabled" } },
	{ MEFW_F_FLASH_PARTITION, { "Valid", "Invalid" } },
	{ MEFW_F_OPERATIONAL_STATE, { "Transitioning", "M0 with UMA",
	  "M0 power gated", NULL, "M3 without UMA", "M0 without UMA",
	  "Bring up", "M0 without UMA but with error" } },
	{ MEFW_F_INIT_COMPLETE, { "Incomplete", "Complete" } },
	{ MEFW_F_BUP_LOAD_STATE, { "Success", "Failure" } },
	{ MEFW_F_ERROR_CODE, { "No Error", "Uncategorized Failure", "Disabled",
	  "Image Failure", "Debug Failure" } },
	{ MEFW_F_MODE_OF_OPERATION, { "Normal", NULL, "Debug",
	  "Soft Temporary Disable", "Security Override via Jumper",
	  "Security Override via MEI Message", NULL, "Enhanced Debug" } },
	{ MEFW_F_PHASE, { "ROM/Preboot", "RBE", "Privilege Micro-Kernel",
	  "BringUp", "Loading", "IDLM", "HOSTCOMM", "FWUpdate", "Maestro" } },
	{ MEFW_F_UPDATE_IN_PROGRESS, { "No", "Yes" } },
};

static void check_golden(enum mefw_family fam, const struct golden *g,
			 size_t n)
{
	const struct mefw_field *f;
	unsigned int v, seen = 0;
	const char *t;
	size_t i;

	for (i = 0; i < n; i++) {
		f = mefw_field_get(fam, g[i].id);
		ck_assert_ptr_nonnull(f);
		seen |= 1U << g[i].id;
		for (v = 0; v < (1U << f->width) && v < 16; v++) {
			t = mefw_field_text(f, v);
			if (!g[i].v[v])
				ck_assert_msg(!t, "%s %u: '%s', want undefined",
					      f->label, v, t);
			else
				ck_assert_msg(t && !strcmp(t, g[i].v[v]),
					      "%s %u: '%s', want '%s'",
					      f->label, v, t ? t : "(undefined)",
					      g[i].v[v]);
		}
	}
	/* and nothing else is defined */
	for (i = 0; i < MEFW_F_COUNT; i++)
		if (!(seen & (1U << i)))
			ck_assert_ptr_null(mefw_field_get(fam, i));
}

START_TEST(golden_me6_10)
{
	check_golden(MEFW_FAM_ME6_10, me6_golden,
		     sizeof(me6_golden) / sizeof(*me6_golden));
}
END_TEST

START_TEST(golden_csme11)
{
	check_golden(MEFW_FAM_CSME11, csme11_golden,
		     sizeof(csme11_golden) / sizeof(*csme11_golden));
}
END_TEST

Suite *decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc, seed_000_meinfo);
	tcase_add_test(tc, seed_000_raw_api);
	tcase_add_test(tc, me6_vector_flags);
	tcase_add_test(tc, me6_vector_unknown);
	tcase_add_test(tc, me6_vector_5_4);
	tcase_add_test(tc, me2_5_raw_only);
	tcase_add_test(tc, phase_all_values);
	tcase_add_test(tc, csme11_additions);
	tcase_add_test(tc, table_sanity);
	tcase_add_test(tc, update_percent);
	tcase_add_test(tc, family_from_major);
	tcase_add_test(tc, golden_me6_10);
	tcase_add_test(tc, golden_csme11);
	suite_add_tcase(s, tc);
	return s;
}
