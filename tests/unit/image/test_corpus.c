// SPDX-License-Identifier: GPL-2.0
/*
 * Real Intel images (../shared/corpus, relative to the repository root):
 * `info --json` must give every field of expected.tsv exactly (an empty
 * field = ME Analyzer prints nothing = JSON null), and the three damaged
 * images must be refused naming the failed check.  Skipped, saying so,
 * when the corpus is absent (a plain clone has no ../shared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "image_test.h"

#define MAX_COLS 16

static char *json_field_text(json_object *o, const char *key, char *buf, size_t n)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NULL; /* absent or null */
	if (json_object_is_type(v, json_type_int))
		snprintf(buf, n, "%lld", (long long)json_object_get_int64(v));
	else
		snprintf(buf, n, "%s", json_object_get_string(v));
	return buf;
}

static void split_tabs(char *line, char **cols, int *ncols)
{
	char *p = line;
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	cols[n++] = p;
	while (n < MAX_COLS && (p = strchr(p, '\t'))) {
		*p++ = '\0';
		cols[n++] = p;
	}
	*ncols = n;
}

START_TEST(corpus_fields_match_expected_tsv)
{
	const char *dir = corpus_dir();
	char path[4096], header[1024], line[1024], *hcols[MAX_COLS], *cols[MAX_COLS];
	int nh = 0, nc, c, images = 0;
	unsigned int fields = 0, matched = 0;
	FILE *f;

	if (!dir) {
		fprintf(stderr, "SKIP corpus_fields_match_expected_tsv: ../shared/corpus is absent (a plain clone has no shared/)\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/expected.tsv", dir);
	f = fopen(path, "r");
	ck_assert_msg(f, "cannot open %s", path);
	ck_assert(fgets(header, sizeof(header), f));
	split_tabs(header, hcols, &nh);
	ck_assert_str_eq(hcols[0], "file");

	while (fgets(line, sizeof(line), f)) {
		struct run r;
		json_object *o;
		char img[4096], buf[256];

		if (line[0] == '\n' || line[0] == '#')
			continue;
		split_tabs(line, cols, &nc);
		snprintf(img, sizeof(img), "%s/%s", dir, cols[0]);
		run_info(&r, false, "--json", img, NULL);
		ck_assert_msg(!CRASHED(&r), "%s: crashed: %s", cols[0], r.err);
		ck_assert_msg(r.status == 0, "%s: exit %d: %s", cols[0], r.status, r.err);
		o = json_tokener_parse(r.out);
		ck_assert_msg(o, "%s: output is not JSON", cols[0]);
		for (c = 1; c < nh; c++) {
			const char *want = c < nc ? cols[c] : "";
			const char *got = json_field_text(o, hcols[c], buf, sizeof(buf));

			fields++;
			if ((!want[0] && !got) || (got && !strcmp(want, got)))
				matched++;
			else
				ck_abort_msg("%s: %s is '%s', ME Analyzer says '%s'",
					     cols[0], hcols[c], got ? got : "(null)",
					     want);
		}
		json_object_put(o);
		run_free(&r);
		images++;
	}
	fclose(f);
	fprintf(stderr, "corpus: %u/%u fields matched over %d images\n", matched,
		fields, images);
	ck_assert_int_gt(images, 0);
	ck_assert_uint_eq(matched, fields);
}
END_TEST

static void expect_refused(const char *file, const char *label, const char *check)
{
	const char *dir = corpus_dir();
	char img[4096];
	struct run r;
	json_object *o, *checks, *v;
	size_t i;
	bool found = false;

	if (!dir) {
		fprintf(stderr, "SKIP %s: ../shared/corpus is absent\n", file);
		return;
	}
	snprintf(img, sizeof(img), "%s/%s", dir, file);
	run_info(&r, false, img, NULL);
	ck_assert_msg(!CRASHED(&r), "%s crashed", file);
	ck_assert_int_eq(r.status, 3);
	ck_assert_uint_eq(count_lines(r.err), 1);
	ck_assert_msg(strstr(r.err, label), "%s: '%s' does not name %s", file,
		      r.err, label);
	run_free(&r);

	run_info(&r, false, "--json", img, NULL);
	ck_assert_int_eq(r.status, 3);
	o = json_tokener_parse(r.out);
	ck_assert(o);
	ck_assert(json_object_object_get_ex(o, "verdict", &v));
	ck_assert_str_eq(json_object_get_string(v), "refused");
	ck_assert(json_object_object_get_ex(o, "checks", &checks));
	for (i = 0; i < json_object_array_length(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i), *w, *s;

		json_object_object_get_ex(c, "check", &w);
		json_object_object_get_ex(c, "status", &s);
		if (!strcmp(json_object_get_string(w), check) &&
		    !strcmp(json_object_get_string(s), "FAIL"))
			found = true;
	}
	ck_assert_msg(found, "%s: no FAIL of check %s", file, check);
	json_object_put(o);
	run_free(&r);
}

START_TEST(neg_fpt_checksum_refused)
{
	expect_refused("neg_gaz77x_fptchk.bin", "$FPT checksum", "fpt_checksum");
}
END_TEST

START_TEST(neg_manifest_flip_refused)
{
	expect_refused("neg_gaz77x_manifest_flip.bin", "manifest signature FTPR",
		       "manifest_signature");
}
END_TEST

START_TEST(neg_module_flip_refused)
{
	/* ME Analyzer and me_cleaner pass this one */
	expect_refused("neg_gaz77x_module_flip.bin", "module hash FTPR/HOSTCOMM",
		       "module_hash");
}
END_TEST

/* Huffman modules are reported NOT VERIFIED, never PASS */
START_TEST(corpus_huffman_not_passed)
{
	const char *dir = corpus_dir();
	char img[4096];
	struct run r;

	if (!dir) {
		fprintf(stderr, "SKIP corpus_huffman_not_passed: ../shared/corpus is absent\n");
		return;
	}
	snprintf(img, sizeof(img), "%s/9.0.31.1487_1.5MB_PRD_RGN.bin", dir);
	run_info(&r, false, img, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "NOT VERIFIED module hash        FTPR/KERNEL"));
	ck_assert(!strstr(r.out, "PASS         module hash        FTPR/KERNEL"));
	ck_assert(strstr(r.out, "PASS         module hash        FTPR/HOSTCOMM"));
	run_free(&r);
}
END_TEST

Suite *img_corpus_suite(void)
{
	Suite *s = suite_create("image-corpus");
	TCase *tc = tcase_create("corpus");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, corpus_fields_match_expected_tsv);
	tcase_add_test(tc, neg_fpt_checksum_refused);
	tcase_add_test(tc, neg_manifest_flip_refused);
	tcase_add_test(tc, neg_module_flip_refused);
	tcase_add_test(tc, corpus_huffman_not_passed);
	suite_add_tcase(s, tc);
	return s;
}
