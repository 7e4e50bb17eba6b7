// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of mefwd's per-uid admission (daemon/quota.c): the total,
 * the capacity reserved for privileged work, the per-uid limit, and
 * giving slots back.
 */
#include <check.h>
#include <errno.h>

#include "quota.h"
#include "test_quota.h"

static struct quota q;

static void setup4(unsigned int reserved, unsigned int per_uid)
{
	struct quota_limits lim = { .total = 4, .reserved = reserved, .per_uid = per_uid };

	quota_init(&q, &lim);
}

START_TEST(quota_per_uid_limit)
{
	setup4(0, 2);
	ck_assert_int_eq(quota_take(&q, 1000, false), 0);
	ck_assert_int_eq(quota_take(&q, 1000, false), 0);
	ck_assert_int_eq(quota_take(&q, 1000, false), -EDQUOT);
	ck_assert_uint_eq(quota_held(&q, 1000), 2);
	/* another uid is not limited by the first one's slots */
	ck_assert_int_eq(quota_take(&q, 1001, false), 0);
	quota_put(&q, 1000, false);
	ck_assert_int_eq(quota_take(&q, 1000, false), 0);
	ck_assert_uint_eq(q.used, 3);
}
END_TEST

START_TEST(quota_reserved_for_privileged)
{
	setup4(2, 4);
	/* unprivileged callers together get total - reserved */
	ck_assert_int_eq(quota_take(&q, 1000, false), 0);
	ck_assert_int_eq(quota_take(&q, 1001, false), 0);
	ck_assert_int_eq(quota_take(&q, 1002, false), -EBUSY);
	ck_assert_int_eq(quota_take(&q, 1000, false), -EBUSY);
	/* the reserved slots are there for privileged work */
	ck_assert_int_eq(quota_take(&q, 0, true), 0);
	ck_assert_int_eq(quota_take(&q, 1001, true), 0);
	ck_assert_int_eq(quota_take(&q, 0, true), -EBUSY);
	/* an unprivileged slot given back is free for either kind */
	quota_put(&q, 1000, false);
	ck_assert_uint_eq(quota_held(&q, 1000), 0);
	ck_assert_int_eq(quota_take(&q, 0, true), 0);
	ck_assert_int_eq(quota_take(&q, 1002, false), -EBUSY);
	quota_put(&q, 0, true);
	ck_assert_int_eq(quota_take(&q, 1002, false), 0);
}
END_TEST

START_TEST(quota_privileged_not_per_uid)
{
	setup4(1, 1);
	ck_assert_int_eq(quota_take(&q, 0, true), 0);
	ck_assert_int_eq(quota_take(&q, 0, true), 0);
	ck_assert_int_eq(quota_take(&q, 0, true), 0);
	ck_assert_int_eq(quota_take(&q, 0, true), 0);
	ck_assert_int_eq(quota_take(&q, 0, true), -EBUSY);
	ck_assert_int_eq(quota_take(&q, 1000, false), -EBUSY);
	ck_assert_uint_eq(quota_held(&q, 0), 0);
}
END_TEST

START_TEST(quota_limits_clamped)
{
	struct quota_limits lim = { .total = 1000, .reserved = 2000, .per_uid = 3000 };

	quota_init(&q, &lim);
	ck_assert_uint_eq(q.lim.total, QUOTA_MAX);
	ck_assert_uint_eq(q.lim.reserved, QUOTA_MAX);
	/* everything reserved: unprivileged callers get nothing */
	ck_assert_int_eq(quota_take(&q, 1000, false), -EBUSY);
	ck_assert_int_eq(quota_take(&q, 0, true), 0);
}
END_TEST

START_TEST(quota_many_uids)
{
	struct quota_limits lim = { .total = QUOTA_MAX, .reserved = 0, .per_uid = 1 };
	unsigned int i;

	quota_init(&q, &lim);
	for (i = 0; i < QUOTA_MAX; i++)
		ck_assert_int_eq(quota_take(&q, 2000 + i, false), 0);
	ck_assert_int_eq(quota_take(&q, 5000, false), -EBUSY);
	for (i = 0; i < QUOTA_MAX; i++)
		quota_put(&q, 2000 + i, false);
	ck_assert_uint_eq(q.used, 0);
	ck_assert_uint_eq(q.used_unpriv, 0);
	/* a put without a matching take changes nothing */
	quota_put(&q, 7, false);
	quota_put(&q, 7, true);
	ck_assert_uint_eq(q.used, 0);
}
END_TEST

TCase *quota_tcase(void)
{
	TCase *tc = tcase_create("quota");

	tcase_add_test(tc, quota_per_uid_limit);
	tcase_add_test(tc, quota_reserved_for_privileged);
	tcase_add_test(tc, quota_privileged_not_per_uid);
	tcase_add_test(tc, quota_limits_clamped);
	tcase_add_test(tc, quota_many_uids);
	return tc;
}
