// SPDX-License-Identifier: GPL-2.0
/*
 * The update sequence of lib/flash.c on files that are not /dev/mefwN:
 * chunking, the callbacks that stop a transfer, write() errors, and the
 * ioctl errors the caller reports (the VM cases drive it on mefw.ko).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <linux/mefw.h>

#include "mefw_flash.h"
#include "mefw_state.h"
#include "unit.h"

#define IMG_LEN 10000

static uint8_t img[IMG_LEN];

struct rec {
	size_t lens[8];
	uint64_t sents[8];
	unsigned int nread, nsent;
	uint64_t stop_read_at;	/* 0: never */
	unsigned int stop_after_sent;	/* 0: never */
};

static ssize_t rec_read(void *ctx, uint64_t off, size_t len, const uint8_t **bytes)
{
	struct rec *r = ctx;

	if (r->stop_read_at && off >= r->stop_read_at)
		return -1;
	if (r->nread < 8)
		r->lens[r->nread] = len;
	r->nread++;
	*bytes = img + off;
	return (ssize_t)len;
}

static int rec_sent(void *ctx, uint64_t sent, uint64_t size)
{
	struct rec *r = ctx;

	ck_assert_uint_eq(size, IMG_LEN);
	if (r->nsent < 8)
		r->sents[r->nsent] = sent;
	r->nsent++;
	return r->stop_after_sent && r->nsent >= r->stop_after_sent;
}

/* everything the pipe's read end holds now */
static size_t drain(int fd, uint8_t *buf, size_t cap)
{
	size_t got = 0;
	ssize_t n;

	while (got < cap && (n = read(fd, buf + got, cap - got)) > 0)
		got += (size_t)n;
	return got;
}

static void fill(void)
{
	for (size_t i = 0; i < IMG_LEN; i++)
		img[i] = (uint8_t)(i * 7 + 3);
}

START_TEST(write_chunks)
{
	static uint8_t back[IMG_LEN + 1];
	struct rec r = { 0 };
	struct mefw_flash_xfer x = {
		.size = IMG_LEN, .chunk = 3000, .read = rec_read, .sent = rec_sent, .ctx = &r,
	};
	int p[2];

	fill();
	ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
	ck_assert_int_eq(mefw_flash_write(p[1], &x), 0);
	close(p[1]);
	ck_assert_uint_eq(drain(p[0], back, sizeof(back)), IMG_LEN);
	ck_assert_int_eq(memcmp(back, img, IMG_LEN), 0);
	ck_assert_uint_eq(r.nread, 4);
	ck_assert_uint_eq(r.lens[0], 3000);
	ck_assert_uint_eq(r.lens[3], 1000);
	ck_assert_uint_eq(r.nsent, 4);
	ck_assert_uint_eq(r.sents[1], 6000);
	ck_assert_uint_eq(r.sents[3], IMG_LEN);
	close(p[0]);
}
END_TEST

/* chunk 0: the whole image in one write() */
START_TEST(write_all_at_once)
{
	struct rec r = { 0 };
	struct mefw_flash_xfer x = { .size = IMG_LEN, .read = rec_read, .ctx = &r };
	static uint8_t back[IMG_LEN];
	int p[2];

	ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
	ck_assert_int_eq(mefw_flash_write(p[1], &x), 0);
	ck_assert_uint_eq(r.nread, 1);
	ck_assert_uint_eq(r.lens[0], IMG_LEN);
	ck_assert_uint_eq(drain(p[0], back, sizeof(back)), IMG_LEN);
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(write_stopped)
{
	static uint8_t back[IMG_LEN];
	struct rec r = { .stop_read_at = 6000 };
	struct mefw_flash_xfer x = {
		.size = IMG_LEN, .chunk = 3000, .read = rec_read, .sent = rec_sent, .ctx = &r,
	};
	int p[2];

	ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
	/* the source stops: what was read went out, nothing after */
	ck_assert_int_eq(mefw_flash_write(p[1], &x), MEFW_FLASH_STOPPED);
	ck_assert_uint_eq(drain(p[0], back, sizeof(back)), 6000);
	/* the caller stops after the first chunk */
	memset(&r, 0, sizeof(r));
	r.stop_after_sent = 1;
	ck_assert_int_eq(mefw_flash_write(p[1], &x), MEFW_FLASH_STOPPED);
	ck_assert_uint_eq(r.nread, 1);
	ck_assert_uint_eq(drain(p[0], back, sizeof(back)), 3000);
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(write_error)
{
	struct rec r = { 0 };
	struct mefw_flash_xfer x = { .size = IMG_LEN, .read = rec_read, .ctx = &r };
	int p[2];

	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(pipe2(p, 0), 0);
	close(p[0]);
	ck_assert_int_eq(mefw_flash_write(p[1], &x), -EPIPE);
	close(p[1]);
}
END_TEST

static int stop_now(void *ctx)
{
	(void)ctx;
	return 1;
}

/* not a /dev/mefwN: each ioctl fails with the kernel's errno */
START_TEST(not_mefw)
{
	struct mefw_update_begin b = { .length = IMG_LEN };
	struct mefw_flash_wait w = { 0 };
	struct mefw_update_progress p;
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(mefw_flash_begin(fd, &b), -ENOTTY);
	ck_assert_int_eq(mefw_flash_end(fd), -ENOTTY);
	ck_assert_int_eq(mefw_flash_cancel(fd), -ENOTTY);
	ck_assert_int_eq(mefw_flash_progress(fd, &p), -ENOTTY);
	ck_assert_int_eq(mefw_flash_wait(fd, &w, &p), -ENOTTY);
	ck_assert_str_eq(w.failed, "PROGRESS");
	/* a caller that stops is asked before each PROGRESS */
	w.stop = stop_now;
	w.failed = NULL;
	ck_assert_int_eq(mefw_flash_wait(fd, &w, &p), MEFW_FLASH_STOPPED);
	ck_assert_ptr_null(w.failed);
	close(fd);
}
END_TEST

/* the names mefw-flash prints and mefw.ko's sysfs shows, by uapi value */
START_TEST(state_names)
{
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_IDLE), "idle");
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_PREPARING), "preparing");
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_TRANSFERRING), "transferring");
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_FINALIZING), "finalizing");
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_SUCCEEDED), "succeeded");
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_NEEDS_REBOOT), "needs-reboot");
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_FAILED), "failed");
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_CANCELLED), "cancelled");
	ck_assert_str_eq(mefw_state_name(MEFW_STATE_CANCELLED + 1), "unknown");
	ck_assert_str_eq(mefw_state_name(~0u), "unknown");
}
END_TEST

Suite *flash_suite(void)
{
	Suite *s = suite_create("flash");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, write_chunks);
	tcase_add_test(tc, write_all_at_once);
	tcase_add_test(tc, write_stopped);
	tcase_add_test(tc, write_error);
	tcase_add_test(tc, not_mefw);
	tcase_add_test(tc, state_names);
	suite_add_tcase(s, tc);
	return s;
}
