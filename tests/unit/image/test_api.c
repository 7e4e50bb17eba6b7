// SPDX-License-Identifier: GPL-2.0
/*
 * lib/image API, in process under ASan: buffers are copied into
 * allocations of exactly their length so that any read past the end is
 * caught.  Random buffers, byte mutations of valid images, every
 * truncation of a small image, and the compatibility rules.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "image/image.h"
#include "image_test.h"

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* parse + verify a private exact-size copy; returns verify rc or parse rc */
static int check_buf(const uint8_t *data, size_t len, bool trust)
{
	struct mefw_img_opts o = { .trust_test_key = trust };
	struct mefw_image *img = calloc(1, sizeof(*img));
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(img);
	ck_assert_ptr_nonnull(copy);
	if (len)
		memcpy(copy, data, len);
	rc = mefw_image_parse(img, copy, len);
	if (!rc)
		rc = mefw_image_verify(img, copy, len, &o);
	if (rc)
		ck_assert_msg(img->error[0] && !strchr(img->error, '\n'),
			      "error message missing or multi-line: '%s'", img->error);
	free(copy);
	free(img);
	return rc;
}

START_TEST(api_empty_and_null)
{
	struct mefw_image *img = calloc(1, sizeof(*img));

	ck_assert_int_eq(mefw_image_parse(img, "", 0), -ENODATA);
	ck_assert_str_eq(img->error, "empty file: 0 bytes");
	ck_assert_int_eq(mefw_image_parse(img, NULL, 10), -ENODATA);
	ck_assert_int_eq(mefw_image_parse(NULL, "x", 1), -EINVAL);
	ck_assert_int_eq(mefw_image_verify(img, "x", 1, NULL), -EINVAL);
	free(img);
}
END_TEST

START_TEST(api_random_buffers)
{
	uint64_t seed = 0x12345678u + (uint64_t)_i;
	uint8_t buf[8192];
	size_t len, i;
	int n;

	for (n = 0; n < 200; n++) {
		len = rnd(&seed) % sizeof(buf);
		for (i = 0; i < len; i++)
			buf[i] = (uint8_t)rnd(&seed);
		/* half of them look like an ME region or manifest at first */
		if (n & 1 && len > 0x40)
			memcpy(buf + 0x10, "$FPT", 4);
		if (n % 4 == 2 && len > 0x290) {
			memcpy(buf + 0x1c, "$MN2", 4);
			buf[0] = 4;
			buf[1] = buf[2] = buf[3] = 0;
			buf[0x10] = 0x86;
			buf[0x11] = 0x80;
		}
		ck_assert_int_ne(check_buf(buf, len, true), 0);
	}
}
END_TEST

static uint8_t *make(const char *gen, const char *kind, size_t *len)
{
	char *p = tmp_path("api.bin");
	uint8_t *b;

	ck_assert_int_eq(mkimage(p, "--gen", gen, "--kind", kind, NULL), 0);
	b = slurp(p, len);
	ck_assert_ptr_nonnull(b);
	free(p);
	return b;
}

START_TEST(api_mutations)
{
	static const char *const k[][2] = { { "me9", "region" }, { "me9", "update" },
					    { "me5", "region" }, { "csme11", "flash" } };
	uint64_t seed = 0x9e3779b97f4a7c15ull + (uint64_t)_i;
	size_t len, n, pos;
	uint8_t *b = make(k[_i][0], k[_i][1], &len), *m = malloc(len);
	int it;

	ck_assert_int_eq(check_buf(b, len, true), 0);
	ck_assert_int_eq(check_buf(b, len, false), -EBADMSG); /* test key */
	for (it = 0; it < 150; it++) {
		memcpy(m, b, len);
		for (n = 1 + rnd(&seed) % 4; n; n--) {
			/* bias towards headers: first 0x400 bytes and manifests */
			pos = rnd(&seed) % 3 ? rnd(&seed) % (len < 0x400 ? len : 0x400) :
			      rnd(&seed) % len;
			m[pos] = (uint8_t)rnd(&seed);
		}
		(void)check_buf(m, len, true);
	}
	free(m);
	free(b);
}
END_TEST

START_TEST(api_every_truncation)
{
	size_t len, l;
	uint8_t *b = make("me5", "update", &len);

	for (l = 0; l < len; l++)
		ck_assert_msg(check_buf(b, l, true) != 0, "truncation at %zu accepted", l);
	ck_assert_int_eq(check_buf(b, len, true), 0);
	free(b);
}
END_TEST

/*
 * opts->release: every range handed back lies inside the buffer, and
 * dropping those pages of a file mapping (as `mefwctl info` does) changes
 * nothing in the outcome: same checks, same statuses, same error.
 */
struct rel_log {
	const uint8_t *buf;
	size_t len;
	unsigned int calls;	/* atomic: may be called from a helper thread */
	unsigned int bad;
};

static void rel_drop(void *ctx, const void *p, size_t len)
{
	struct rel_log *l = ctx;
	const uint8_t *q = p;
	uintptr_t pg = 4096, s, e;

	if (!(q >= l->buf && len <= l->len && (size_t)(q - l->buf) <= l->len - len)) {
		__atomic_add_fetch(&l->bad, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_add_fetch(&l->calls, 1, __ATOMIC_RELAXED);
	s = ((uintptr_t)q + pg - 1) & ~(pg - 1);
	e = ((uintptr_t)q + len) & ~(pg - 1);
	if (e > s && madvise((void *)s, e - s, MADV_DONTNEED))
		__atomic_add_fetch(&l->bad, 1, __ATOMIC_RELAXED);
}

/* with a file mapping and real page drops the outcome is unchanged */
static void file_outcome_same(const char *path)
{
	struct mefw_img_opts o = { .trust_test_key = true };
	struct mefw_image *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct rel_log log = { 0 };
	size_t len = 0;
	uint8_t *data = slurp(path, &len), *map;
	FILE *f = fopen(path, "rb");
	int ra, rb;
	unsigned int i;

	ck_assert_ptr_nonnull(data);
	ck_assert_ptr_nonnull(f);
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fileno(f), 0);
	ck_assert(map != MAP_FAILED);
	ra = mefw_image_parse(a, data, len);
	if (!ra)
		ra = mefw_image_verify(a, data, len, &o);
	log.buf = map;
	log.len = len;
	o.release = rel_drop;
	o.release_ctx = &log;
	rb = mefw_image_parse_opts(b, map, len, &o);
	if (!rb)
		rb = mefw_image_verify(b, map, len, &o);
	ck_assert_msg(!log.bad, "%s: %u release calls outside the buffer or failing", path,
		      log.bad);
	ck_assert_int_eq(ra, rb);
	ck_assert_str_eq(a->error, b->error);
	ck_assert_uint_eq(a->nchecks, b->nchecks);
	for (i = 0; i < a->nchecks; i++) {
		ck_assert_str_eq(a->checks[i].what, b->checks[i].what);
		ck_assert_str_eq(a->checks[i].subject, b->checks[i].subject);
		ck_assert_int_eq(a->checks[i].status, b->checks[i].status);
	}
	ck_assert_msg(log.calls > 0 || len < (64u << 10), "%s: no release call", path);
	munmap(map, len);
	fclose(f);
	free(data);
	free(a);
	free(b);
}

START_TEST(api_release_file_mapping)
{
	static const char *const k[][3] = { { "me9", "region", NULL }, { "me5", "update", NULL },
					    { "csme11", "flash", NULL },
					    { "csme11", "update", "module-flip" } };
	const char *dir = corpus_dir();
	char *p = tmp_path("rel.bin"), path[4096];
	struct dirent *de;
	size_t i;
	DIR *d;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		if (k[i][2])
			ck_assert_int_eq(mkimage(p, "--gen", k[i][0], "--kind", k[i][1],
						 "--damage", k[i][2], NULL), 0);
		else
			ck_assert_int_eq(mkimage(p, "--gen", k[i][0], "--kind", k[i][1], NULL), 0);
		file_outcome_same(p);
	}
	free(p);
	if (!dir)
		return;
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < 4 || strcmp(de->d_name + l - 4, ".bin"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		file_outcome_same(path);
	}
	closedir(d);
}
END_TEST

/* ---- compatibility rules ---- */

static struct mefw_image *verified(const char *gen, const char *kind, const char *ver,
				   const char *sku, const char *svn, const char *vcn)
{
	char *p = tmp_path("compat.bin");
	struct mefw_img_opts o = { .trust_test_key = true };
	struct mefw_image *img = calloc(1, sizeof(*img));
	uint8_t *b;
	size_t len;

	ck_assert_int_eq(mkimage(p, "--gen", gen, "--kind", kind, "--version", ver,
				 "--sku", sku, "--svn", svn, "--vcn", vcn, NULL), 0);
	b = slurp(p, &len);
	ck_assert_int_eq(mefw_image_parse(img, b, len), 0);
	ck_assert_int_eq(mefw_image_verify(img, b, len, &o), 0);
	free(b);
	free(p);
	return img;
}

static struct mefw_device_ident dev9(void)
{
	struct mefw_device_ident d = { .family = "ME", .major = 9, .minor = 0,
				       .hotfix = 20, .build = 1447, .sku = "1.5MB",
				       .chipset = "LPT", .has_svn = true, .svn = 1,
				       .has_vcn = true, .vcn = 3 };
	return d;
}

START_TEST(compat_rules)
{
	struct mefw_compat_opts same = { .allow_same_version = true };
	struct mefw_device_ident d = dev9();
	struct mefw_compat_result res;
	struct mefw_image *img;

	img = verified("me9", "update", "9.0.30.1482", "1.5MB", "1", "3");
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), 0);
	ck_assert(res.ok);
	d.flash_size = 0x1000;
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), -EPERM);
	ck_assert_int_eq(res.code, 8746);
	d = dev9();
	d.has_vcn = true;
	d.vcn = 4;
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), -EPERM);
	ck_assert_int_eq(res.code, 8758);
	ck_assert(strstr(res.message, "lower VCN"));
	d = dev9();
	d.svn = 2;
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), -EPERM);
	ck_assert_str_eq(res.rule, "svn");
	d = dev9();
	strcpy(d.sku, "5MB");
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), -EPERM);
	ck_assert_int_eq(res.code, 8704);
	d = dev9();
	d.major = 8;
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), -EPERM);
	ck_assert_int_eq(res.code, 8705);
	d = dev9();
	strcpy(d.chipset, "WPT-LP");
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), -EPERM);
	ck_assert_int_eq(res.code, 8743);
	d = dev9();
	d.hotfix = 30;
	d.build = 1482;
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), -EPERM);
	ck_assert_str_eq(res.rule, "same_version");
	ck_assert(strstr(res.message, "--allow-same-version"));
	ck_assert_int_eq(mefw_compat_check(img, &d, &same, &res), 0);
	d.hotfix = 31;
	ck_assert_int_eq(mefw_compat_check(img, &d, &same, &res), -EPERM);
	ck_assert_str_eq(res.rule, "downgrade");
	free(img);

	/* a failed signature refuses with 8706 */
	img = verified("me9", "update", "9.0.30.1482", "1.5MB", "1", "3");
	img->nfail = 1;
	img->checks[0].status = MEFW_CHECK_FAIL;
	strcpy(img->checks[0].what, "manifest_signature");
	d = dev9();
	ck_assert_int_eq(mefw_compat_check(img, &d, NULL, &res), -EPERM);
	ck_assert_int_eq(res.code, 8706);
	free(img);
}
END_TEST

Suite *img_api_suite(void)
{
	Suite *s = suite_create("image-api");
	TCase *tc = tcase_create("api");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, api_empty_and_null);
	tcase_add_loop_test(tc, api_random_buffers, 0, 4);
	tcase_add_loop_test(tc, api_mutations, 0, 4);
	tcase_add_test(tc, api_every_truncation);
	tcase_add_test(tc, api_release_file_mapping);
	suite_add_tcase(s, tc);
	return s;
}

Suite *img_compat_suite(void)
{
	Suite *s = suite_create("image-compat");
	TCase *tc = tcase_create("compat");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, compat_rules);
	suite_add_tcase(s, tc);
	return s;
}
