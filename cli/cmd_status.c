// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl status [--json] [DEVICE]
 * mefwctl status --decode HFSTS1 [HFSTS2 ...] [--family FAMILY] [--json]
 * mefwctl status --daemon [--json] [DEVICE]   (asks mefwd: status_daemon.c)
 *
 * Gathers the reports; libmefw renders them (json_out.c, status_text.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mefw.h"
#include "mefwctl.h"

static void status_usage(FILE *f)
{
	fprintf(f,
		"Usage: mefwctl status [--json] [--daemon] [DEVICE]\n"
		"       mefwctl status --decode HFSTS1 [HFSTS2 ...] [--family FAMILY] [--json]\n"
		"\n"
		"Show the firmware status registers of the ME, decoded the way MEInfo\n"
		"prints them, and the identity the ME reports (firmware version, SKU,\n"
		"update state).  DEVICE is mefwN or meiN; default: every ME found.\n"
		"\n"
		"Options:\n"
		"  -d, --decode          decode register values given in hex (with or\n"
		"                        without 0x), HFSTS1 first; no device needed\n"
		"  -D, --daemon          ask mefwd (D-Bus) instead of reading sysfs\n"
		"  -f, --family FAMILY   register layout for --decode: ME9, \"ME 6-10\",\n"
		"                        ME5, CSME11 ... (default: ME 6-10, with a note)\n"
		"  -j, --json            JSON output\n"
		"  -h, --help            show this help\n");
}

static int output(const struct mefwctl_ctx *ctx, bool json,
		  const struct mefw_report *reports, size_t n)
{
	struct mefw_error err = { 0 };
	char *s;

	if (json || ctx->json) {
		if (mefw_reports_to_json(reports, n, true, &s, &err)) {
			mefwctl_err("%s", err.msg);
			return MEFWCTL_EXIT_FAILURE;
		}
		printf("%s\n", s);
		free(s);
	} else if (mefw_reports_text(stdout, reports, n, &err)) {
		mefwctl_err("%s", err.msg);
		return MEFWCTL_EXIT_FAILURE;
	}
	if (fflush(stdout) || ferror(stdout)) {
		mefwctl_err("write error on standard output");
		return MEFWCTL_EXIT_FAILURE;
	}
	return MEFWCTL_EXIT_OK;
}

static int status_decode(const struct mefwctl_ctx *ctx, bool json,
			 const char *family, int argc, char **argv)
{
	struct mefw_error err = { 0 };
	uint32_t hfsts[MEFW_STATUS_REGS];
	struct mefw_report r;
	enum mefw_family fam = MEFW_FAM_ME6_10;
	int n;

	if (family && mefw_family_parse(family, &fam, &err)) {
		mefwctl_err("%s", err.msg);
		return MEFWCTL_EXIT_USAGE;
	}
	n = mefw_parse_hfsts_args(argc, argv, hfsts, &err);
	if (n < 0) {
		mefwctl_err("%s", err.msg);
		return MEFWCTL_EXIT_USAGE;
	}
	mefw_report_from_values(&r, fam, !family, hfsts, (unsigned int)n);
	return output(ctx, json, &r, 1);
}

static int status_devices(const struct mefwctl_ctx *ctx, bool json,
			  const char *spec)
{
	struct mefw_dev_entry devs[MEFW_MAX_DEVICES];
	struct mefw_report *reports;
	struct mefw_error err = { 0 };
	int n, i, ret, rc = MEFWCTL_EXIT_OK;
	size_t nr = 0;

	if (spec) {
		ret = mefw_device_resolve(ctx->root, spec, &devs[0], &err);
		if (ret) {
			mefwctl_err("%s", err.msg);
			return ret == -EINVAL ? MEFWCTL_EXIT_USAGE :
			       MEFWCTL_EXIT_FAILURE;
		}
		n = 1;
	} else {
		n = mefw_devices_list(ctx->root, devs, MEFW_MAX_DEVICES, &err);
		if (n < 0) {
			mefwctl_err("%s", err.msg);
			return MEFWCTL_EXIT_FAILURE;
		}
	}

	reports = calloc((size_t)n, sizeof(*reports));
	if (!reports) {
		mefwctl_err("out of memory");
		return MEFWCTL_EXIT_FAILURE;
	}
	for (i = 0; i < n; i++) {
		ret = mefw_report_from_device(ctx->root, &devs[i],
					      &reports[nr], &err);
		if (ret) {
			mefwctl_err("%s: %s", devs[i].name, err.msg);
			rc = MEFWCTL_EXIT_FAILURE;
			continue;
		}
		nr++;
	}
	if (nr) {
		ret = output(ctx, json, reports, nr);
		if (ret)
			rc = ret;
	}
	free(reports);
	return rc;
}

int cmd_status(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "decode", no_argument, NULL, 'd' },
		{ "daemon", no_argument, NULL, 'D' },
		{ "family", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *family = NULL;
	bool decode = false, daemon = false, json = false;
	int c;

	/* 0: full re-initialisation of glibc getopt (ordering mode included) */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":dDf:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			decode = true;
			break;
		case 'D':
			daemon = true;
			break;
		case 'f':
			family = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			status_usage(stdout);
			return MEFWCTL_EXIT_OK;
		default:
			return mefwctl_opt_error("status", c, argv);
		}
	}

	if (decode && daemon) {
		mefwctl_err("status: --decode and --daemon exclude each other");
		return MEFWCTL_EXIT_USAGE;
	}
	if (decode)
		return status_decode(ctx, json, family, argc - optind,
				     argv + optind);

	if (family) {
		mefwctl_err("status: --family only applies with --decode");
		return MEFWCTL_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		mefwctl_err("status: more than one DEVICE given ('%s', '%s')",
			    argv[optind], argv[optind + 1]);
		return MEFWCTL_EXIT_USAGE;
	}
	if (daemon)
		return mefwctl_status_daemon(json || ctx->json,
					     optind < argc ? argv[optind] : NULL);
	return status_devices(ctx, json, optind < argc ? argv[optind] : NULL);
}
