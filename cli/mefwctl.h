/* SPDX-License-Identifier: GPL-2.0 */
/* mefwctl: shared declarations of the command implementations */
#ifndef MEFWCTL_H
#define MEFWCTL_H

#include <stdbool.h>

/*
 * Exit codes of every command, each with one meaning (Documentation/mefwctl.1,
 * EXIT STATUS).  This is the only table; commands return these names.
 */
#define MEFWCTL_EXIT_OK		0
#define MEFWCTL_EXIT_FAILURE	1	/* runtime failure: no device, I/O, bus, no mefwd */
#define MEFWCTL_EXIT_USAGE	2	/* bad command line or argument */
#define MEFWCTL_EXIT_REFUSED	3	/* update failed, or refused (image, rules, not cancellable) */
#define MEFWCTL_EXIT_DENIED	4	/* permission denied (root or polkit needed) */
#define MEFWCTL_EXIT_CANCELLED	5	/* the update was cancelled */
#define MEFWCTL_EXIT_INCOMPATIBLE 6	/* info: intact, but refused by the compatibility rules */
#define MEFWCTL_EXIT_DETACHED	130	/* Ctrl-C while waiting: detached, the update goes on */

/**
 * struct mefwctl_ctx - global options, passed to every command
 * @json: --json given before the command
 * @root: directory holding sys/ and dev/ ("" for the running system;
 *        $MEFW_SYSROOT, a testing aid)
 */
struct mefwctl_ctx {
	bool json;
	const char *root;
};

/* print "mefwctl: MSG" on stderr */
void mefwctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The getopt error of command @cmd (@c is what getopt_long returned: ':'
 * for a missing value, else an unknown option) as one line on stderr;
 * returns MEFWCTL_EXIT_USAGE.
 */
int mefwctl_opt_error(const char *cmd, int c, char **argv);

/*
 * The commands, one signature: @argv[0] is the command's name, its
 * options follow; each returns a MEFWCTL_EXIT_* code.
 *
 * info IMAGE [--json] [--trust-test-key] [--no-modules]
 *      [--against-device[=DEV]] [--allow-same-version] [--allow-downgrade]
 * works offline (the device of --against-device is found under @ctx->root).
 */
int cmd_status(struct mefwctl_ctx *ctx, int argc, char **argv);
int cmd_info(struct mefwctl_ctx *ctx, int argc, char **argv);
/* info's implementation, in mefwctl-info.so (cmd_info() of info_load.c loads it) */
int mefwctl_info_run(struct mefwctl_ctx *ctx, int argc, char **argv)
	__attribute__((visibility("default")));
int cmd_explain(struct mefwctl_ctx *ctx, int argc, char **argv);
int cmd_update(struct mefwctl_ctx *ctx, int argc, char **argv);
int cmd_wait(struct mefwctl_ctx *ctx, int argc, char **argv);
int cmd_queue(struct mefwctl_ctx *ctx, int argc, char **argv);
int cmd_cancel(struct mefwctl_ctx *ctx, int argc, char **argv);
int cmd_history(struct mefwctl_ctx *ctx, int argc, char **argv);

/* status --daemon: GetStatus of @device (NULL: all) from mefwd */
int mefwctl_status_daemon(bool json, const char *device);

#endif /* MEFWCTL_H */
