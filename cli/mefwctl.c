// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl - Intel ME firmware status and update tool.
 *
 * Global options, then a command.  status, info and explain work on
 * their own; update, wait, queue, cancel, history and status --daemon
 * talk to mefwd over D-Bus.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mefwctl.h"

struct command {
	const char *name;
	int (*run)(struct mefwctl_ctx *ctx, int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "status", cmd_status, "show status registers, decoded state and identity" },
	{ "info", cmd_info, "inspect and verify a firmware image file (offline)" },
	{ "update", cmd_update, "flash a firmware image through mefwd, with progress" },
	{ "wait", cmd_wait, "follow an update transaction until it ends" },
	{ "queue", cmd_queue, "list the update transactions waiting or running" },
	{ "cancel", cmd_cancel, "cancel an update transaction" },
	{ "history", cmd_history, "list the update transactions that ended" },
	{ "explain", cmd_explain, "explain an FWUpdLcl error code: causes and remedies" },
};

void mefwctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("mefwctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int mefwctl_opt_error(const char *cmd, int c, char **argv)
{
	if (c == ':')
		mefwctl_err("%s: option '%s' needs a value", cmd,
			    argv[optind - 1]);
	else if (optopt)
		mefwctl_err("%s: unknown option '-%c' (see 'mefwctl %s --help')",
			    cmd, optopt, cmd);
	else
		mefwctl_err("%s: unknown option '%s' (see 'mefwctl %s --help')",
			    cmd, argv[optind - 1], cmd);
	return MEFWCTL_EXIT_USAGE;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: mefwctl [OPTIONS] COMMAND [ARGS...]\n"
		"\n"
		"Intel Management Engine firmware status and update tool.\n"
		"\n"
		"Options:\n"
		"  -h, --help       show this help\n"
		"  -V, --version    show the version\n"
		"  -j, --json       machine-readable JSON output\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nSee 'mefwctl COMMAND --help' and mefwctl(1).\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct mefwctl_ctx ctx = { .json = false, .root = "" };
	const char *root = getenv("MEFW_SYSROOT");
	size_t i;
	int c;

	if (root)
		ctx.root = root;

	opterr = 0;
	/* "+": stop at the command, its options are its own */
	while ((c = getopt_long(argc, argv, "+hVj", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return MEFWCTL_EXIT_OK;
		case 'V':
			printf("mefwctl %s\n", MEFW_VERSION);
			return MEFWCTL_EXIT_OK;
		case 'j':
			ctx.json = true;
			break;
		default:
			if (optopt)
				mefwctl_err("unknown option '-%c' (see 'mefwctl --help')",
					    optopt);
			else
				mefwctl_err("unknown option '%s' (see 'mefwctl --help')",
					    argv[optind - 1]);
			return MEFWCTL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		mefwctl_err("no command given (see 'mefwctl --help')");
		return MEFWCTL_EXIT_USAGE;
	}

	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++) {
		if (strcmp(argv[optind], commands[i].name))
			continue;
		/* the command sees argv[0] == its name */
		return commands[i].run(&ctx, argc - optind, argv + optind);
	}
	mefwctl_err("unknown command '%s' (see 'mefwctl --help')",
		    argv[optind]);
	return MEFWCTL_EXIT_USAGE;
}
