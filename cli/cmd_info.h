/* SPDX-License-Identifier: GPL-2.0 */
/* mefwctl info: offline inspection and validation of an ME firmware image */
#ifndef MEFW_CMD_INFO_H
#define MEFW_CMD_INFO_H

/* exit codes of `mefwctl info` */
#define INFO_EXIT_OK		0	/* image intact */
#define INFO_EXIT_IO		1	/* cannot open / read the file */
#define INFO_EXIT_USAGE		2	/* bad command line */
#define INFO_EXIT_REFUSED	3	/* not an ME image, damaged, or a check failed */
#define INFO_EXIT_INCOMPATIBLE	4	/* intact, but refused by the compatibility rules */

/*
 * mefwctl info IMAGE [--json] [--trust-test-key] [--no-modules]
 *               [--against-device[=DEV]] [--allow-same-version] [--allow-downgrade]
 * (the device is found under $MEFW_SYSROOT, like mefwctl status)
 * argv[0] is "info".  Prints to stdout; errors as one line on stderr.
 */
int cmd_info(int argc, char **argv);

#endif /* MEFW_CMD_INFO_H */
