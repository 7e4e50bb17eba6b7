/* SPDX-License-Identifier: GPL-2.0 */
/* mefwctl info: offline inspection and validation of an ME firmware image */
#ifndef MEFW_CMD_INFO_H
#define MEFW_CMD_INFO_H

/*
 * mefwctl info IMAGE [--json] [--trust-test-key] [--no-modules]
 *               [--against-device[=DEV]] [--allow-same-version] [--allow-downgrade]
 * (the device is found under $MEFW_SYSROOT, like mefwctl status)
 * argv[0] is "info".  Prints to stdout; errors as one line on stderr.
 * Returns a MEFWCTL_EXIT_* code (mefwctl.h).
 */
int cmd_info(int argc, char **argv);

#endif /* MEFW_CMD_INFO_H */
