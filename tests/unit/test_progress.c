// SPDX-License-Identifier: GPL-2.0
/* unit tests of mefwctl's progress and result formatting (cli/progress.c) */
#include <stdio.h>
#include <string.h>

#include "mefw_dbus.h"
#include "progress.h"
#include "unit.h"

static struct mefw_txn txn(const char *state)
{
	struct mefw_txn t;

	mefwctl_txn_init(&t);
	t.id = 3;
	snprintf(t.device, sizeof(t.device), "mefw0");
	ck_assert_int_eq(mefw_txn_state_parse(state, &t.state), 0);
	snprintf(t.image_version, sizeof(t.image_version), "9.0.31.1487");
	snprintf(t.previous_version, sizeof(t.previous_version), "9.0.20.1447");
	t.image_size = 1536 * 1024;
	return t;
}

START_TEST(transfer_bar)
{
	struct mefw_txn t = txn(MEFW_TS_TRANSFERRING);
	char buf[256];

	t.bytes_sent = 700 * 1024;
	t.speed_bps = 312 * 1024;
	t.eta_seconds = 12;
	ck_assert_int_eq(mefwctl_progress_percent(&t), 45);
	mefwctl_progress_bar(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf,
		"transferring [##########              ]  45% 700/1536 KiB 312 KiB/s ETA 0:12");
	mefwctl_progress_plain(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "transferring 45% 700/1536 KiB");
}
END_TEST

START_TEST(finalize_bar)
{
	struct mefw_txn t = txn(MEFW_TS_FINALIZING);
	char buf[256];

	t.bytes_sent = t.image_size;
	t.percent = 21;
	t.stage = 4;
	t.total_stages = 19;
	mefwctl_progress_bar(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf,
		"finalizing   [#####                   ]  21% stage 4/19");
	mefwctl_progress_plain(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "finalizing 21% stage 4/19");
	t.eta_seconds = 0;
	mefwctl_progress_bar(&t, buf, sizeof(buf));
	ck_assert_ptr_null(strstr(buf, "ETA"));
	t.eta_seconds = 3723;
	mefwctl_progress_bar(&t, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "stage 4/19 ETA 1:02:03"));
}
END_TEST

START_TEST(waiting_states)
{
	struct mefw_txn t = txn(MEFW_TS_QUEUED);
	char buf[256];

	ck_assert_int_eq(mefwctl_progress_percent(&t), -1);
	mefwctl_progress_bar(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "queued: waiting for mefw0");
	mefwctl_progress_plain(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "queued");
	t = txn(MEFW_TS_VALIDATING);
	mefwctl_progress_plain(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "validating");
	/* an empty image does not divide by zero */
	t = txn(MEFW_TS_TRANSFERRING);
	t.image_size = 0;
	ck_assert_int_eq(mefwctl_progress_percent(&t), 0);
}
END_TEST

START_TEST(small_buffers)
{
	struct mefw_txn t = txn(MEFW_TS_TRANSFERRING);
	char buf[8];

	mefwctl_progress_bar(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "transfe");
	mefwctl_progress_result(&t, buf, 1);
	ck_assert_str_eq(buf, "");
	mefwctl_progress_plain(&t, buf, 0);	/* nothing written */
}
END_TEST

START_TEST(plain_steps)
{
	struct mefwctl_progress_tracker tr = { "", -1 };
	struct mefw_txn t = txn(MEFW_TS_QUEUED);
	unsigned int lines = 0, kib;

	ck_assert(mefwctl_progress_due(&tr, &t));
	ck_assert(!mefwctl_progress_due(&tr, &t));
	t = txn(MEFW_TS_TRANSFERRING);
	for (kib = 0; kib <= 1536; kib += 16) {
		t.bytes_sent = kib * 1024ULL;
		lines += mefwctl_progress_due(&tr, &t);
	}
	/* 0%, 10%, ... 100%: 11 lines */
	ck_assert_uint_eq(lines, 11);
	t = txn(MEFW_TS_FINALIZING);
	ck_assert(mefwctl_progress_due(&tr, &t));	/* state change at 0% */
	t.percent = 5;
	ck_assert(!mefwctl_progress_due(&tr, &t));
	t.percent = 35;
	ck_assert(mefwctl_progress_due(&tr, &t));
	t.percent = 38;
	ck_assert(!mefwctl_progress_due(&tr, &t));
	t = txn(MEFW_TS_SUCCEEDED);
	ck_assert(!mefwctl_progress_due(&tr, &t));	/* the result says it */
}
END_TEST

START_TEST(result_success)
{
	struct mefw_txn t = txn(MEFW_TS_SUCCEEDED);
	char buf[1024];

	snprintf(t.new_version, sizeof(t.new_version), "9.0.31.1487");
	mefwctl_progress_result(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf,
		"Transaction 3 succeeded: mefw0 now runs 9.0.31.1487 (was 9.0.20.1447)\n");
	t = txn(MEFW_TS_NEEDS_REBOOT);
	t.reset_type = 3;
	mefwctl_progress_result(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf,
		"Transaction 3 succeeded: 9.0.31.1487 was written to mefw0 and runs after a global reset\n"
		"Note: reboot the machine to activate the new firmware.\n");
}
END_TEST

START_TEST(result_failure)
{
	struct mefw_txn t = txn(MEFW_TS_FAILED);
	char buf[1024];

	/* seed 000: the firmware's internal error at stage 4 of 19 */
	t.code = 8707;
	t.fw_status = 5;
	t.percent = 21;
	t.stage = 4;
	t.total_stages = 19;
	snprintf(t.message, sizeof(t.message),
		 "Firmware update failed due to an internal error (firmware status 0x5)");
	mefwctl_progress_result(&t, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf,
		"Transaction 3 failed on mefw0 at 21%, stage 4 of 19: Firmware update failed due to an internal error (firmware status 0x5)\n"
		"Error 8741: FW Update Failed.\n"
		"Error 8707: "));
	ck_assert_ptr_nonnull(strstr(buf,
		"\nRun 'mefwctl explain 8707' for causes and remedies.\n"));

	/* a host-side failure: no 8741 line */
	t.fw_status = 0;
	t.total_stages = 0;
	t.code = 8718;
	mefwctl_progress_result(&t, buf, sizeof(buf));
	ck_assert_ptr_null(strstr(buf, "8741"));
	ck_assert_ptr_nonnull(strstr(buf, "Error 8718: "));

	/* no code, no message */
	t.code = 0;
	t.message[0] = 0;
	mefwctl_progress_result(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Transaction 3 failed on mefw0: no reason given\n");

	/* recovered after a restart of mefwd */
	snprintf(t.verdict, sizeof(t.verdict), "failed");
	snprintf(t.message, sizeof(t.message), "interrupted");
	mefwctl_progress_result(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Transaction 3 failed on mefw0: interrupted\n"
		"Note: mefwd restarted during this transaction; recovery verdict: failed\n");
}
END_TEST

START_TEST(result_cancelled)
{
	struct mefw_txn t = txn(MEFW_TS_CANCELLED);
	char buf[256];

	snprintf(t.message, sizeof(t.message), "cancelled by uid 0");
	mefwctl_progress_result(&t, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Transaction 3 cancelled on mefw0: cancelled by uid 0\n");
	ck_assert_int_eq(mefwctl_txn_exit_code(&t), 5);
}
END_TEST

START_TEST(formats)
{
	char buf[32];

	mefwctl_fmt_duration(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0:00");
	mefwctl_fmt_duration(59, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0:59");
	mefwctl_fmt_duration(3600, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1:00:00");
	mefwctl_fmt_duration(-1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "?");
	mefwctl_fmt_speed(800, buf, sizeof(buf));
	ck_assert_str_eq(buf, "800 B/s");
	mefwctl_fmt_speed(312 * 1024 + 500, buf, sizeof(buf));
	ck_assert_str_eq(buf, "312 KiB/s");
	mefwctl_fmt_speed(3 * 1024 * 1024 / 2, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1.5 MiB/s");
}
END_TEST

Suite *progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, transfer_bar);
	tcase_add_test(tc, finalize_bar);
	tcase_add_test(tc, waiting_states);
	tcase_add_test(tc, small_buffers);
	tcase_add_test(tc, plain_steps);
	tcase_add_test(tc, result_success);
	tcase_add_test(tc, result_failure);
	tcase_add_test(tc, result_cancelled);
	tcase_add_test(tc, formats);
	suite_add_tcase(s, tc);
	return s;
}
