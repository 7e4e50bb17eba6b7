/* SPDX-License-Identifier: GPL-2.0 */
/* unit tests of lib/image and `mefwctl info` (check, ASan + UBSan) */
#ifndef MEFW_IMAGE_TEST_H
#define MEFW_IMAGE_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <check.h>

Suite *img_corpus_suite(void);
Suite *img_synth_suite(void);
Suite *img_badinput_suite(void);
Suite *img_api_suite(void);
Suite *img_compat_suite(void);
Suite *img_device_suite(void);
Suite *img_redteam_suite(void);

/* result of running the info command in a child process */
struct run {
	int status;	/* exit status, or 128 + signal */
	char *out;	/* stdout, NUL-terminated */
	char *err;	/* stderr */
};

/*
 * Environment (set by mk/image.mk): MEFW_SRCDIR repo root, MEFW_INFO
 * info command ("path/mefwctl info"),
 * MEFW_MKIMAGE generator, MEFW_TMP scratch directory.
 */
const char *env_or(const char *name, const char *def);
char *tmp_path(const char *name);	/* malloc'd MEFW_TMP/name */
const char *corpus_dir(void);		/* NULL when ../shared/corpus is absent */
const char *test_key(void);

/* run `info ARGS...` (NULL-terminated); @as_nobody drops root first */
void run_info(struct run *r, bool as_nobody, ...);
void run_free(struct run *r);
unsigned int count_lines(const char *s);

/* run the generator: mkimage --key KEY ARGS... -o OUT; returns exit status */
int mkimage(const char *out, ...);

/* read a whole file (malloc'd exact size); NULL on error */
uint8_t *slurp(const char *path, size_t *len);
int write_file(const char *path, const void *buf, size_t len);

/* crash = sanitizer report (exit 99) or a signal */
#define CRASHED(r) ((r)->status == 99 || (r)->status >= 128)

#endif /* MEFW_IMAGE_TEST_H */
