// SPDX-License-Identifier: GPL-2.0
/* runs every unit test suite; exit status = number of failures, capped */
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *sr = srunner_create(decode_suite());
	int failed;

	srunner_add_suite(sr, parse_suite());
	srunner_add_suite(sr, report_suite());
	srunner_add_suite(sr, device_suite());
	srunner_add_suite(sr, explain_suite());
	srunner_add_suite(sr, progress_suite());
	srunner_add_suite(sr, txn_suite());
	srunner_add_suite(sr, flash_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
