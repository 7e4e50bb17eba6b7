// SPDX-License-Identifier: GPL-2.0
/* the explain catalogue (lib/explain.c) against the code table */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "explain.h"
#include "mefw_errors.h"
#include "unit.h"

static bool nonempty(const char *s)
{
	return s && s[0];
}

/* every field filled, lists within bounds, no empty item */
static void check_complete(const struct mefw_explanation *e)
{
	unsigned int i;

	ck_assert_msg(nonempty(e->message), "%u: no message", e->code);
	ck_assert_msg(nonempty(e->meaning), "%u: no meaning", e->code);
	ck_assert_msg(e->code == 8721 || nonempty(e->name), "%u: no name",
		      e->code);
	ck_assert_msg(e->ncauses >= 1 && e->ncauses <= MEFW_EXPLAIN_MAX_ITEMS,
		      "%u: %u causes", e->code, e->ncauses);
	ck_assert_msg(e->nremedies >= 1 &&
		      e->nremedies <= MEFW_EXPLAIN_MAX_ITEMS,
		      "%u: %u remedies", e->code, e->nremedies);
	ck_assert_msg(e->nsources >= 1 && e->nsources <= MEFW_EXPLAIN_MAX_ITEMS,
		      "%u: %u sources", e->code, e->nsources);
	for (i = 0; i < e->ncauses; i++)
		ck_assert_msg(nonempty(e->causes[i]), "%u: cause %u empty",
			      e->code, i);
	for (i = 0; i < e->nremedies; i++)
		ck_assert_msg(nonempty(e->remedies[i]), "%u: remedy %u empty",
			      e->code, i);
	for (i = 0; i < e->nsources; i++)
		ck_assert_msg(nonempty(e->sources[i]), "%u: source %u empty",
			      e->code, i);
}

static void check_code(unsigned int code)
{
	struct mefw_explanation e;

	ck_assert_msg(mefw_explain(code, &e) == 0, "no explanation for %u",
		      code);
	ck_assert_uint_eq(e.code, code);
	check_complete(&e);
}

static bool any_contains(const char *const *items, unsigned int n,
			 const char *needle)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (strstr(items[i], needle))
			return true;
	return false;
}

START_TEST(explain_every_table_code)
{
	unsigned int i, n = mefw_err_count();
	const struct mefw_err *err;
	struct mefw_explanation e;

	ck_assert_uint_gt(n, 20);
	for (i = 0; i < n; i++) {
		err = mefw_err_at(i);
		ck_assert_ptr_nonnull(err);
		check_code(err->code);
		/* name and message are the code table's */
		mefw_explain(err->code, &e);
		ck_assert_str_eq(e.name, err->name);
		ck_assert_str_eq(e.message, err->message);
		ck_assert(e.confirmed);
	}
	ck_assert_ptr_null(mefw_err_at(n));
}
END_TEST

START_TEST(explain_every_fw_status)
{
	static const unsigned int extra[] = { 0x23B, 0x23C, 0x8D, 0xFF, 0x213,
					      0xFFFFFFFF };
	unsigned int s, code;

	ck_assert_uint_eq(mefw_err_from_fw_status(0), 0);
	for (s = 1; s < 0x300; s++) {
		code = mefw_err_from_fw_status(s);
		ck_assert_uint_ne(code, 0);
		check_code(code);
	}
	for (s = 0; s < sizeof(extra) / sizeof(*extra); s++)
		check_code(mefw_err_from_fw_status(extra[s]));
}
END_TEST

START_TEST(explain_produced_codes)
{
	/* what mefw.ko, mefw_errors and lib/image/compat.c can report */
	static const unsigned int codes[] = {
		8193, 8199, 8703, 8704, 8705, 8706, 8707, 8710, 8713, 8718,
		8719, 8722, 8723, 8724, 8727, 8741, 8742, 8743, 8745, 8746,
		8758, 8760, 8768, 8769, 8721,
	};
	unsigned int i;

	for (i = 0; i < sizeof(codes) / sizeof(*codes); i++)
		check_code(codes[i]);
}
END_TEST

START_TEST(explain_catalogue_sorted)
{
	unsigned int i, n = mefw_explain_count();
	struct mefw_explanation e;

	ck_assert_uint_eq(n, mefw_err_count() + 1);	/* + 8721 */
	for (i = 0; i < n; i++) {
		if (i)
			ck_assert_uint_lt(mefw_explain_code_at(i - 1),
					  mefw_explain_code_at(i));
		ck_assert_int_eq(mefw_explain(mefw_explain_code_at(i), &e), 0);
		check_complete(&e);
		/* only 8721 is outside Intel's enum */
		ck_assert(e.confirmed == (e.code != 8721));
	}
	ck_assert_uint_eq(mefw_explain_code_at(n), 0);
	ck_assert_uint_eq(mefw_explain_code_at(0xFFFFFFFFu), 0);
}
END_TEST

START_TEST(explain_unknown)
{
	static const unsigned int codes[] = { 0, 1, 8192, 8700, 8726, 8770,
					      9999, 0xFFFFFFFFu };
	struct mefw_explanation e;
	unsigned int i;

	for (i = 0; i < sizeof(codes) / sizeof(*codes); i++) {
		memset(&e, 0xA5, sizeof(e));
		ck_assert_int_eq(mefw_explain(codes[i], &e), -ENOENT);
		ck_assert_ptr_null(e.meaning);
		ck_assert_uint_eq(e.ncauses, 0);
	}
}
END_TEST

START_TEST(explain_8721_unconfirmed)
{
	struct mefw_explanation e;

	ck_assert_int_eq(mefw_explain(8721, &e), 0);
	ck_assert_ptr_null(e.name);
	ck_assert(!e.confirmed);
	ck_assert_ptr_null(mefw_err_lookup(8721));
	ck_assert_str_eq(e.message,
			 "Firmware update through TPM is enabled. Use -tpm switch");
	ck_assert_ptr_nonnull(strstr(e.meaning, "Unconfirmed"));
	ck_assert_ptr_nonnull(strstr(e.meaning, "EnabledUpdateInterfaces"));
	ck_assert_ptr_nonnull(strstr(e.meaning, "= 5"));
	ck_assert(any_contains(e.remedies, e.nremedies, "mefwctl status"));
	ck_assert(any_contains(e.remedies, e.nremedies, "bounded"));
}
END_TEST

START_TEST(explain_seed000)
{
	struct mefw_explanation e;

	ck_assert_int_eq(mefw_explain(8707, &e), 0);
	ck_assert_str_eq(e.name, "FWU_GENERAL");
	ck_assert_ptr_nonnull(strstr(e.meaning, "Stage: 4 of 19"));
	ck_assert_ptr_nonnull(strstr(e.meaning, "internal error"));
	ck_assert_ptr_nonnull(strstr(e.meaning, "status registers"));
	ck_assert(any_contains(e.remedies, e.nremedies, "Community advice"));
	ck_assert(any_contains(e.remedies, e.nremedies, "ME 9.0"));
	ck_assert(any_contains(e.remedies, e.nremedies, "global reset"));
	ck_assert(any_contains(e.remedies, e.nremedies, "host write access"));
	ck_assert(any_contains(e.remedies, e.nremedies,
			       "mefwctl info IMAGE --against-device"));
	ck_assert(any_contains(e.sources, e.nsources, "t/36175"));

	ck_assert_int_eq(mefw_explain(8741, &e), 0);
	ck_assert_str_eq(e.name, "FWU_ERROR_FW");
	ck_assert_ptr_nonnull(strstr(e.meaning, "firmware itself returned"));
	ck_assert_ptr_nonnull(strstr(e.meaning, "Stage: 4 of 19"));
	ck_assert_ptr_nonnull(strstr(e.meaning, "8707 internal error"));
	ck_assert(any_contains(e.remedies, e.nremedies, "mefwctl explain 8707"));
}
END_TEST

START_TEST(explain_parse)
{
	struct mefw_error err = { 0 };
	unsigned int code = 7;

	ck_assert_int_eq(mefw_explain_parse_code("8707", &code, &err), 0);
	ck_assert_uint_eq(code, 8707);
	ck_assert_int_eq(mefw_explain_parse_code("0", &code, &err), 0);
	ck_assert_uint_eq(code, 0);
	ck_assert_int_eq(mefw_explain_parse_code("4294967295", &code, &err),
			 0);
	ck_assert_uint_eq(code, 0xFFFFFFFFu);
	ck_assert_int_eq(mefw_explain_parse_code("4294967296", &code, &err),
			 -ERANGE);
	ck_assert_int_eq(mefw_explain_parse_code("99999999999999999999999",
						 &code, &err), -ERANGE);
	ck_assert_int_eq(mefw_explain_parse_code("", &code, &err), -EINVAL);
	ck_assert_int_eq(mefw_explain_parse_code(NULL, &code, &err), -EINVAL);
	ck_assert_int_eq(mefw_explain_parse_code("87o7", &code, &err),
			 -EINVAL);
	ck_assert_str_eq(err.msg,
			 "invalid error code '87o7': expected a decimal number such as 8707");
	ck_assert_int_eq(mefw_explain_parse_code("-1", &code, &err), -EINVAL);
	ck_assert_int_eq(mefw_explain_parse_code("0x2203", &code, &err),
			 -EINVAL);
	ck_assert_int_eq(mefw_explain_parse_code(" 8707", &code, &err),
			 -EINVAL);
}
END_TEST

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v),
		      "key '%s' missing", key);
	return v;
}

START_TEST(explain_json_shape)
{
	static const char *const arrays[] = { "causes", "remedies", "sources" };
	struct mefw_error err = { 0 };
	struct mefw_explanation e;
	struct json_object *root, *v;
	unsigned int i;
	char *s = NULL;

	ck_assert_int_eq(mefw_explain(8707, &e), 0);
	ck_assert_int_eq(mefw_explain_to_json(&e, false, &s, &err), 0);
	root = json_tokener_parse(s);
	free(s);
	ck_assert_ptr_nonnull(root);
	ck_assert_int_eq(json_object_get_int64(get(root, "code")), 8707);
	ck_assert_str_eq(json_object_get_string(get(root, "name")),
			 "FWU_GENERAL");
	ck_assert_str_eq(json_object_get_string(get(root, "message")),
			 e.message);
	ck_assert_str_eq(json_object_get_string(get(root, "meaning")),
			 e.meaning);
	for (i = 0; i < 3; i++) {
		v = get(root, arrays[i]);
		ck_assert(json_object_is_type(v, json_type_array));
		ck_assert_uint_ge(json_object_array_length(v), 1);
	}
	ck_assert_uint_eq(json_object_array_length(get(root, "remedies")),
			  e.nremedies);
	ck_assert_int_eq(json_object_object_length(root), 7);
	json_object_put(root);

	/* 8721: name is null */
	ck_assert_int_eq(mefw_explain(8721, &e), 0);
	ck_assert_int_eq(mefw_explain_to_json(&e, true, &s, &err), 0);
	root = json_tokener_parse(s);
	free(s);
	ck_assert_ptr_nonnull(root);
	ck_assert(json_object_is_type(get(root, "name"), json_type_null));
	json_object_put(root);
}
END_TEST

START_TEST(explain_json_list)
{
	struct mefw_error err = { 0 };
	struct json_object *root, *codes, *o;
	char *s = NULL;
	size_t i, n;

	ck_assert_int_eq(mefw_explain_list_to_json(false, &s, &err), 0);
	root = json_tokener_parse(s);
	free(s);
	ck_assert_ptr_nonnull(root);
	codes = get(root, "codes");
	n = json_object_array_length(codes);
	ck_assert_uint_eq(n, mefw_explain_count());
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(codes, i);
		ck_assert_uint_eq(json_object_get_int64(get(o, "code")),
				  mefw_explain_code_at((unsigned int)i));
		get(o, "name");
		ck_assert(json_object_is_type(get(o, "message"),
					      json_type_string));
	}
	json_object_put(root);
}
END_TEST

Suite *explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("catalogue");

	tcase_add_test(tc, explain_every_table_code);
	tcase_add_test(tc, explain_every_fw_status);
	tcase_add_test(tc, explain_produced_codes);
	tcase_add_test(tc, explain_catalogue_sorted);
	tcase_add_test(tc, explain_unknown);
	tcase_add_test(tc, explain_8721_unconfirmed);
	tcase_add_test(tc, explain_seed000);
	tcase_add_test(tc, explain_parse);
	tcase_add_test(tc, explain_json_shape);
	tcase_add_test(tc, explain_json_list);
	suite_add_tcase(s, tc);
	return s;
}
