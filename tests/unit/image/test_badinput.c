// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input to `info`: zero-length, truncated at every structure boundary,
 * 64 MiB of random bytes, a directory, an unreadable file, a missing
 * file, usage errors -> one clear line on stderr and a non-zero exit,
 * never a crash (the binary under test is built with ASan + UBSan; a
 * sanitizer report exits 99).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image.h"
#include "image_test.h"

static void expect_one_line(const struct run *r, int status, const char *what,
			    const char *ctx)
{
	ck_assert_msg(!CRASHED(r), "%s: crashed (exit %d): %s", ctx, r->status, r->err);
	ck_assert_msg(r->status == status, "%s: exit %d, want %d: %s", ctx,
		      r->status, status, r->err);
	ck_assert_msg(count_lines(r->err) == 1, "%s: stderr has %u lines: %s", ctx,
		      count_lines(r->err), r->err);
	ck_assert_msg(!strncmp(r->err, "mefwctl info: ", 14), "%s: %s", ctx, r->err);
	if (what)
		ck_assert_msg(strstr(r->err, what), "%s: '%s' lacks '%s'", ctx,
			      r->err, what);
}

START_TEST(zero_length_file)
{
	char *p = tmp_path("empty.bin");
	struct run r;

	ck_assert_int_eq(write_file(p, "", 0), 0);
	run_info(&r, false, p, NULL);
	expect_one_line(&r, 3, "empty file", "zero-length");
	run_free(&r);
	free(p);
}
END_TEST

START_TEST(directory)
{
	struct run r;

	run_info(&r, false, env_or("MEFW_TMP", "/tmp"), NULL);
	expect_one_line(&r, 1, "is a directory", "directory");
	run_free(&r);
}
END_TEST

START_TEST(missing_file)
{
	struct run r;

	run_info(&r, false, "/nonexistent/mefw/image.bin", NULL);
	expect_one_line(&r, 1, "No such file", "missing");
	run_free(&r);
}
END_TEST

/*
 * Tests run as root, and root opens mode-000 files; so the child drops to
 * nobody (65534) first.  When not root, mode 000 is enough.
 */
START_TEST(unreadable_file)
{
	char *p = tmp_path("unreadable.bin");
	struct run r;

	ck_assert_int_eq(write_file(p, "$FPT", 4), 0);
	ck_assert_int_eq(chmod(p, 0), 0);
	run_info(&r, true, p, NULL);
	if (r.status == 97) {
		fprintf(stderr, "SKIP unreadable_file: nobody cannot execute %s\n",
			env_or("MEFW_INFO", "?"));
	} else {
		expect_one_line(&r, 1, "Permission denied", "unreadable");
	}
	run_free(&r);
	free(p);
}
END_TEST

/* a FIFO without a writer: must not hang */
START_TEST(fifo)
{
	char *p = tmp_path("fifo");
	struct run r;

	unlink(p);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	run_info(&r, false, p, NULL);
	expect_one_line(&r, 1, "not a regular file", "fifo");
	run_free(&r);
	unlink(p);
	free(p);
}
END_TEST

/* a file that opens but whose read() fails: EIO from /proc/self/mem */
START_TEST(read_error)
{
	struct run r;

	run_info(&r, false, "/proc/self/mem", NULL);
	expect_one_line(&r, 1, "read error", "read error");
	run_free(&r);
}
END_TEST

/* mefw_image_load: a private, bounded copy; never waits on a FIFO */
START_TEST(load_bounded_copy)
{
	char *p = tmp_path("load.bin"), *fifo = tmp_path("load.fifo"), err[160];
	uint8_t data[5000], *buf = NULL;
	size_t len = 0, i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	ck_assert_int_eq(write_file(p, data, sizeof(data)), 0);
	ck_assert_int_eq(mefw_image_load(p, sizeof(data), &buf, &len, err, sizeof(err)), 0);
	ck_assert_uint_eq(len, sizeof(data));
	ck_assert(!memcmp(buf, data, len));
	free(buf);
	/* one byte over the limit: refused, nothing returned */
	ck_assert_int_eq(mefw_image_load(p, sizeof(data) - 1, &buf, &len, err, sizeof(err)),
			 -EFBIG);
	ck_assert_ptr_null(buf);
	ck_assert_msg(strstr(err, "too large"), "%s", err);
	/* st_size 0 (proc): read to the end, bounded all the same */
	ck_assert_int_eq(mefw_image_load("/proc/self/status", 1u << 20, &buf, &len, err,
					 sizeof(err)), 0);
	ck_assert(len > 0 && !memcmp(buf, "Name:", 5));
	free(buf);
	ck_assert_int_eq(mefw_image_load("/proc/self/status", 8, &buf, &len, err,
					 sizeof(err)), -EFBIG);
	unlink(fifo);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_lt(mefw_image_load(fifo, 1u << 20, &buf, &len, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "not a regular file"), "%s", err);
	unlink(fifo);
	free(fifo);
	free(p);
}
END_TEST

/* mefw_image_load_fd: from offset 0 whatever the file offset, bounded */
START_TEST(load_fd_from_start)
{
	char *p = tmp_path("loadfd.bin"), err[160];
	uint8_t data[3000], *buf = NULL;
	size_t len = 0, i;
	int fd, pp[2];

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 5 + 1);
	ck_assert_int_eq(write_file(p, data, sizeof(data)), 0);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	/* a writer's fd sits at the end (mefwd's memfd): the read starts at 0 */
	ck_assert_int_eq(lseek(fd, 0, SEEK_END), (off_t)sizeof(data));
	ck_assert_int_eq(mefw_image_load_fd(fd, sizeof(data), sizeof(data), &buf, &len, err,
					    sizeof(err)), 0);
	ck_assert_uint_eq(len, sizeof(data));
	ck_assert(!memcmp(buf, data, len));
	free(buf);
	/* a size hint beyond the limit: refused, nothing returned */
	ck_assert_int_eq(mefw_image_load_fd(fd, (size_t)1 << 40, 1000, &buf, &len, err,
					    sizeof(err)), -EFBIG);
	ck_assert_ptr_null(buf);
	ck_assert_msg(strstr(err, "too large"), "%s", err);
	close(fd);
	/* no offsets (a pipe): read() to the end */
	ck_assert_int_eq(pipe(pp), 0);
	ck_assert_int_eq(write(pp[1], data, 100), 100);
	close(pp[1]);
	ck_assert_int_eq(mefw_image_load_fd(pp[0], 0, sizeof(data), &buf, &len, err,
					    sizeof(err)), 0);
	ck_assert_uint_eq(len, 100);
	ck_assert(!memcmp(buf, data, len));
	free(buf);
	close(pp[0]);
	free(p);
}
END_TEST

START_TEST(usage_errors)
{
	struct run r;

	run_info(&r, false, NULL);
	expect_one_line(&r, 2, "missing IMAGE", "no args");
	run_free(&r);
	run_info(&r, false, "--bogus", "x", NULL);
	expect_one_line(&r, 2, "unknown option", "bad option");
	run_free(&r);
	run_info(&r, false, "a", "b", NULL);
	expect_one_line(&r, 2, "only one IMAGE", "two images");
	run_free(&r);
	run_info(&r, false, "--help", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strstr(r.out, "Usage: mefwctl info"));
	run_free(&r);
}
END_TEST

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

START_TEST(random_64mib)
{
	const size_t len = 64u << 20;
	uint64_t seed = 0x6d656677u, *p;
	char *path = tmp_path("random64.bin");
	uint8_t *buf = malloc(len);
	struct run r;
	size_t i;

	ck_assert_ptr_nonnull(buf);
	p = (uint64_t *)buf;
	for (i = 0; i < len / 8; i++)
		p[i] = xorshift(&seed);
	ck_assert_int_eq(write_file(path, buf, len), 0);
	free(buf);
	run_info(&r, false, path, NULL);
	expect_one_line(&r, 3, "not an Intel ME image", "64 MiB random");
	run_free(&r);
	run_info(&r, false, "--json", path, NULL);
	expect_one_line(&r, 3, NULL, "64 MiB random --json");
	ck_assert(strstr(r.out, "\"verdict\"") && strstr(r.out, "\"refused\""));
	run_free(&r);
	unlink(path);
	free(path);
}
END_TEST

/* structure boundaries of an image, from its own parse */
static size_t boundaries(const uint8_t *buf, size_t len, size_t *out, size_t max)
{
	struct mefw_image *img = calloc(1, sizeof(*img));
	size_t n = 0, base[] = { 0, 1, 4, 0xb, 0x10, 0x14, 0x1c, 0x20, 0x30, 0x40 };
	unsigned int i, j;

	ck_assert_ptr_nonnull(img);
	ck_assert_int_eq(mefw_image_parse(img, buf, len), 0);
#define ADD(x) do { if ((x) < len && n < max) out[n++] = (x); } while (0)
	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		ADD(img->region_offset + base[i]);
	if (img->has_fpt) {
		ADD(img->fpt_offset + 0x20 + img->nparts * 0x20 - 1);
		ADD(img->fpt_offset + 0x20 + img->nparts * 0x20);
		for (i = 0; i < img->nparts; i++) {
			if (!img->parts[i].present)
				continue;
			ADD(img->region_offset + img->parts[i].offset);
			/* "to the end of the region" (ME 2-6): no end to cut */
			if (img->parts[i].size != 0xffffffffu)
				ADD(img->region_offset + (size_t)img->parts[i].end - 1);
		}
	}
	for (i = 0; i < img->nmanifests; i++) {
		const struct mefw_img_manifest *m = &img->manifests[i];
		const size_t off[] = { 0x1c, 0x24, 0x80, 0x180, 0x184, 0x283, 0x284,
				       0x290, 0x2f0, m->size - 1, m->size };

		for (j = 0; j < sizeof(off) / sizeof(off[0]); j++)
			ADD(m->offset + off[j]);
		/* module data starts and ends ($MME) */
		for (j = 0; j < m->num_modules && j < 64 && !memcmp(m->tag, "$MN2", 4); j++) {
			size_t h = m->offset + 0x290 + j * 0x60;
			uint32_t o = 0, c = 0;

			if (h + 0x44 > len)
				break;
			memcpy(&o, buf + h + 0x38, 4);
			memcpy(&c, buf + h + 0x40, 4);
			ADD(m->offset + o);
			ADD(m->offset + o + c / 2);
			ADD(m->offset + o + c - 1);
		}
	}
	free(img);
	return n;
}

static void truncations(const char *src, const char *label)
{
	size_t len = 0, pts[512], n, i;
	uint8_t *buf = slurp(src, &len);
	char *p = tmp_path("trunc.bin"), ctx[128];
	struct run r;

	ck_assert_ptr_nonnull(buf);
	n = boundaries(buf, len, pts, 512);
	ck_assert_uint_gt(n, 10);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(write_file(p, buf, pts[i]), 0);
		run_info(&r, false, "--trust-test-key", p, NULL);
		snprintf(ctx, sizeof(ctx), "%s truncated at 0x%zx", label, pts[i]);
		expect_one_line(&r, 3, NULL, ctx);
		run_free(&r);
	}
	fprintf(stderr, "%s: %zu truncations refused\n", label, n);
	free(buf);
	free(p);
}

START_TEST(truncated_synthetic)
{
	static const char *const kinds[][2] = {
		{ "me9", "region" }, { "me9", "update" }, { "me9", "flash" },
		{ "me5", "update" }, { "csme11", "region" },
	};
	char *p = tmp_path("trunc-src.bin"), label[64];

	ck_assert_int_eq(mkimage(p, "--gen", kinds[_i][0], "--kind", kinds[_i][1], NULL), 0);
	snprintf(label, sizeof(label), "synthetic %s %s", kinds[_i][0], kinds[_i][1]);
	truncations(p, label);
	free(p);
}
END_TEST

START_TEST(truncated_corpus)
{
	static const char *const files[] = { "8.1.70.1590_1.5MB_PRD_RGN.bin",
					     "6.0.0.1184_1.5MB_PRD_UPD.bin",
					     "3.2.20.1049_AMT_PRD_RGN.bin" };
	const char *dir = corpus_dir();
	char path[4096];

	if (!dir) {
		fprintf(stderr, "SKIP truncated_corpus: ../shared/corpus is absent\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, files[_i]);
	truncations(path, files[_i]);
}
END_TEST

Suite *img_badinput_suite(void)
{
	Suite *s = suite_create("image-bad-input");
	TCase *tc = tcase_create("bad-input");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, zero_length_file);
	tcase_add_test(tc, directory);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, unreadable_file);
	tcase_add_test(tc, read_error);
	tcase_add_test(tc, load_bounded_copy);
	tcase_add_test(tc, load_fd_from_start);
	tcase_add_test(tc, fifo);
	tcase_add_test(tc, usage_errors);
	tcase_add_test(tc, random_64mib);
	tcase_add_loop_test(tc, truncated_synthetic, 0, 5);
	tcase_add_loop_test(tc, truncated_corpus, 0, 3);
	suite_add_tcase(s, tc);
	return s;
}
