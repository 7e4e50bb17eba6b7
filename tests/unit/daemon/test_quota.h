/* SPDX-License-Identifier: GPL-2.0 */
/* the quota test case of mefwd_unit_tests (test_quota.c) */
#ifndef MEFWD_TEST_QUOTA_H
#define MEFWD_TEST_QUOTA_H

#include <check.h>

TCase *quota_tcase(void);

#endif /* MEFWD_TEST_QUOTA_H */
