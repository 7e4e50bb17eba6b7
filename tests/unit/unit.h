/* SPDX-License-Identifier: GPL-2.0 */
/* host unit tests of libmefw (check) */
#ifndef MEFW_UNIT_H
#define MEFW_UNIT_H

#include <check.h>

Suite *decode_suite(void);
Suite *parse_suite(void);
Suite *report_suite(void);
Suite *device_suite(void);
Suite *explain_suite(void);
Suite *progress_suite(void);
Suite *txn_suite(void);
Suite *flash_suite(void);

#endif /* MEFW_UNIT_H */
