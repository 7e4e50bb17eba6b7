// SPDX-License-Identifier: GPL-2.0
/* in-memory reports and their JSON shape (documented in mefwctl(1)) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "mefw.h"
#include "unit.h"

static const uint32_t seed[] = { 0x1E000245, 0x76442312, 0x200, 0, 0, 0 };

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v),
		      "key '%s' missing", key);
	return v;
}

static const char *get_str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	ck_assert_msg(json_object_is_type(v, json_type_string),
		      "key '%s' is not a string", key);
	return json_object_get_string(v);
}

/* parse the JSON of @n reports and return devices[0]; *@root to put */
static struct json_object *json_dev0(const struct mefw_report *r, size_t n,
				     struct json_object **root)
{
	struct mefw_error err = { 0 };
	struct json_object *devs;
	char *s = NULL;

	ck_assert_int_eq(mefw_reports_to_json(r, n, false, &s, &err), 0);
	ck_assert_ptr_nonnull(s);
	*root = json_tokener_parse(s);
	free(s);
	ck_assert_ptr_nonnull(*root);
	devs = get(*root, "devices");
	ck_assert(json_object_is_type(devs, json_type_array));
	ck_assert_uint_eq(json_object_array_length(devs), n);
	return json_object_array_get_idx(devs, 0);
}

START_TEST(report_values_seed)
{
	struct mefw_report r;

	mefw_report_from_values(&r, MEFW_FAM_ME6_10, true, seed, 6);
	ck_assert_uint_eq(r.nregs, 6);
	ck_assert_uint_eq(r.nfields, MEFW_F_COUNT);
	ck_assert_str_eq(r.fields[0].label, "CurrentState");
	ck_assert_str_eq(r.fields[8].text, "FWUpdate");
	ck_assert_int_eq(r.update_percent, -1);
	ck_assert(r.family_assumed);
	ck_assert_uint_eq(r.nnotes, 1);
	ck_assert_ptr_nonnull(strstr(r.notes[0], "assuming ME 6-10"));
	ck_assert(!r.have_identity);
}
END_TEST

START_TEST(report_values_me5)
{
	struct mefw_report r;

	mefw_report_from_values(&r, MEFW_FAM_ME2_5, false, seed, 1);
	ck_assert_uint_eq(r.nregs, 1);
	ck_assert_uint_eq(r.nfields, 0);
	ck_assert_uint_eq(r.nnotes, 1);
	ck_assert_str_eq(r.notes[0],
			 "register layout of ME <= 5 is not publicly documented; shown raw");
}
END_TEST

START_TEST(json_decoded_shape)
{
	struct json_object *root, *d, *v, *st, *raw;
	struct mefw_report r;

	mefw_report_from_values(&r, MEFW_FAM_ME6_10, true, seed, 2);
	d = json_dev0(&r, 1, &root);

	ck_assert(json_object_is_type(get(d, "device"), json_type_null));
	ck_assert_str_eq(get_str(d, "source"), "decode");
	ck_assert_str_eq(get_str(d, "family"), "ME 6-10");
	ck_assert_str_eq(get_str(d, "family_key"), "me6_10");
	ck_assert(json_object_get_boolean(get(d, "family_assumed")));
	ck_assert(json_object_is_type(get(d, "fw_version"), json_type_null));

	v = get(d, "hfsts");
	ck_assert_uint_eq(json_object_array_length(v), 2);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(v, 0)),
			 "0x1E000245");
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(v, 1)),
			 "0x76442312");

	st = get(d, "status");
	ck_assert_int_eq(json_object_object_length(st), MEFW_F_COUNT);
	ck_assert_str_eq(get_str(st, "current_state"), "Normal");
	ck_assert_str_eq(get_str(st, "manufacturing_mode"), "Disabled");
	ck_assert_str_eq(get_str(st, "flash_partition"), "Valid");
	ck_assert_str_eq(get_str(st, "operational_state"), "M0 with UMA");
	ck_assert_str_eq(get_str(st, "init_complete"), "Complete");
	ck_assert_str_eq(get_str(st, "bup_load_state"), "Success");
	ck_assert_str_eq(get_str(st, "error_code"), "No Error");
	ck_assert_str_eq(get_str(st, "mode_of_operation"), "Normal");
	ck_assert_str_eq(get_str(st, "phase"), "FWUpdate");
	ck_assert_str_eq(get_str(st, "icc"),
			 "No valid OEM data, ICC programmed with default values");
	ck_assert_str_eq(get_str(st, "mfs_corrupted"), "No");
	ck_assert_str_eq(get_str(st, "update_in_progress"), "No");

	raw = get(d, "status_raw");
	ck_assert_int_eq(json_object_get_int(get(raw, "current_state")), 5);
	ck_assert_int_eq(json_object_get_int(get(raw, "phase")), 7);
	ck_assert_int_eq(json_object_get_int(get(raw, "mfs_corrupted")), 0);

	ck_assert(json_object_is_type(get(d, "update_percent"),
				      json_type_null));
	ck_assert(json_object_is_type(get(d, "identity"), json_type_null));
	v = get(d, "notes");
	ck_assert_uint_eq(json_object_array_length(v), 1);
	json_object_put(root);
}
END_TEST

START_TEST(json_unknown_and_progress)
{
	static const uint32_t regs[] = { 0x0001FA8F, 0x70322312 };
	struct json_object *root, *d;
	struct mefw_report r;

	mefw_report_from_values(&r, MEFW_FAM_ME6_10, false, regs, 2);
	d = json_dev0(&r, 1, &root);
	ck_assert_str_eq(get_str(get(d, "status"), "current_state"),
			 "Unknown (15)");
	ck_assert_int_eq(json_object_get_int(get(d, "update_percent")), 50);
	ck_assert_uint_eq(json_object_array_length(get(d, "notes")), 0);
	json_object_put(root);
}
END_TEST

static void fill_identity(struct mefw_report *r, uint32_t proto)
{
	struct mefw_identity *id = &r->identity;

	r->have_identity = true;
	memset(id, 0, sizeof(*id));
	id->size = sizeof(*id);
	id->protocol = proto;
	id->family = MEFW_FAMILY_ME6_10;
	id->mtu = 512;
	id->valid = MEFW_ID_VERSION | MEFW_ID_MKHI_VERSION |
		    MEFW_ID_LOCAL_UPDATE | MEFW_ID_HMRFPO;
	id->code = (struct mefw_version){ 9, 0, 20, 1447 };
	id->recovery = id->code;
	id->fitc = (struct mefw_version){ 9, 0, 20, 1427 };
	id->sku = 0x13;
	id->pch_version = 4;
	id->vendor = 0x8086;
	id->update_interfaces = 5;
	id->svn_in_flash = 1;
	id->local_update = MEFW_LOCAL_UPDATE_ENABLED;
	id->hmrfpo = MEFW_HMRFPO_LOCKED;
}

START_TEST(json_identity_shape)
{
	struct json_object *root, *d, *id;
	struct mefw_report r[2];

	mefw_report_from_values(&r[0], MEFW_FAM_ME6_10, false, seed, 6);
	fill_identity(&r[0], MEFW_PROTO_LEGACY_FWU);
	mefw_report_from_values(&r[1], MEFW_FAM_CSME11, false, seed, 6);
	fill_identity(&r[1], MEFW_PROTO_UNSUPPORTED);
	d = json_dev0(r, 2, &root);
	id = get(d, "identity");
	ck_assert_str_eq(get_str(id, "protocol"), "legacy_fwu");
	ck_assert_str_eq(get_str(id, "code_version"), "9.0.20.1447");
	ck_assert_str_eq(get_str(id, "fitc_version"), "9.0.20.1427");
	ck_assert_str_eq(get_str(id, "sku"), "0x00000013");
	ck_assert_str_eq(get_str(id, "sku_interpretation"),
			 "1.5MB (consumer)");
	ck_assert_str_eq(get_str(id, "vendor"), "0x8086");
	ck_assert_str_eq(get_str(id, "update_interfaces"), "0x0005");
	ck_assert_int_eq(json_object_get_int(get(id, "svn_in_flash")), 1);
	ck_assert_int_eq(json_object_get_int(get(id, "pch_version")), 4);
	ck_assert_int_eq(json_object_get_int(get(id, "mtu")), 512);
	ck_assert_str_eq(get_str(id, "local_update"), "enabled");
	ck_assert_str_eq(get_str(id, "hmrfpo"), "locked");

	d = json_object_array_get_idx(get(root, "devices"), 1);
	ck_assert_str_eq(get_str(get(d, "identity"), "protocol"),
			 "unsupported");
	ck_assert_str_eq(get_str(d, "family_key"), "csme11");
	json_object_put(root);
}
END_TEST

/*
 * the text of `mefwctl status` for a report with an identity, and the
 * same text from its JSON document (what `status --daemon` prints)
 */
START_TEST(text_identity)
{
	static const char want[] =
		"Family: ME 6-10\n"
		"FW Status Register1: 0x1E000245\n"
		"FW Status Register2: 0x76442312\n"
		"FW Status Register3: 0x00000200\n"
		"FW Status Register4: 0x00000000\n"
		"FW Status Register5: 0x00000000\n"
		"FW Status Register6: 0x00000000\n"
		"CurrentState: Normal\n"
		"ManufacturingMode: Disabled\n"
		"FlashPartition: Valid\n"
		"OperationalState: M0 with UMA\n"
		"InitComplete: Complete\n"
		"BUPLoadState: Success\n"
		"ErrorCode: No Error\n"
		"ModeOfOperation: Normal\n"
		"Phase: FWUpdate\n"
		"ICC: No valid OEM data, ICC programmed with default values\n"
		"ME File System Corrupted: No\n"
		"UpdateInProgress: No\n"
		"SKU: 0x00000013 (1.5MB (consumer); mefw convention, reverse engineered)\n"
		"HW SKU: 0x00000000\n"
		"PCH Version: 4\n"
		"VendorID: 8086\n"
		"Update Interfaces: 0x0005\n"
		"SVN in Flash: 1\n"
		"Last Update Status: 0\n"
		"Last Reset Type: 0\n"
		"Local FWUpdate: Enabled\n"
		"HMRFPO: Locked\n"
		"Update Protocol: legacy FWUpdate client, MTU 512\n";
	struct mefw_error err = { 0 };
	struct mefw_report r;
	char *text = NULL, *json = NULL;
	size_t len;
	FILE *f;

	mefw_report_from_values(&r, MEFW_FAM_ME6_10, false, seed, 6);
	fill_identity(&r, MEFW_PROTO_LEGACY_FWU);
	f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(mefw_reports_text(f, &r, 1, &err), 0);
	fclose(f);
	ck_assert_str_eq(text, want);
	free(text);

	ck_assert_int_eq(mefw_reports_to_json(&r, 1, true, &json, &err), 0);
	f = open_memstream(&text, &len);
	ck_assert_int_eq(mefw_status_json_text(f, json, &err), 0);
	fclose(f);
	ck_assert_str_eq(text, want);
	free(text);
	free(json);
}
END_TEST

/* an answer that is not a status document prints nothing */
START_TEST(text_bad_json)
{
	static const char *const bad[] = { "", "[]", "{\"devices\":3}", "{\"devices\"" };
	struct mefw_error err = { 0 };
	char *text = NULL;
	size_t len, i;
	FILE *f;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = open_memstream(&text, &len);
		ck_assert_int_eq(mefw_status_json_text(f, bad[i], &err), -EINVAL);
		fclose(f);
		ck_assert_str_eq(text, "");
		free(text);
	}
}
END_TEST

START_TEST(json_empty)
{
	struct mefw_error err = { 0 };
	char *s = NULL;

	ck_assert_int_eq(mefw_reports_to_json(NULL, 0, false, &s, &err), 0);
	ck_assert_str_eq(s, "{\"devices\":[]}");
	free(s);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_test(tc, report_values_seed);
	tcase_add_test(tc, report_values_me5);
	tcase_add_test(tc, json_decoded_shape);
	tcase_add_test(tc, json_unknown_and_progress);
	tcase_add_test(tc, json_identity_shape);
	tcase_add_test(tc, json_empty);
	tcase_add_test(tc, text_identity);
	tcase_add_test(tc, text_bad_json);
	suite_add_tcase(s, tc);
	return s;
}
