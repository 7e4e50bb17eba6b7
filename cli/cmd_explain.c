// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl explain [--json] CODE
 * mefwctl explain --list [--json]
 *
 * What an FWUpdLcl error code means, which mefw check or firmware status
 * produces it, likely causes, what to try and the sources (lib/explain.c).
 * Text is word-wrapped at 80 columns.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "mefwctl.h"

#define WIDTH 80

static void explain_usage(FILE *f)
{
	fprintf(f,
		"Usage: mefwctl explain [--json] CODE\n"
		"       mefwctl explain --list [--json]\n"
		"\n"
		"Explain an FWUpdLcl error code (\"Error 8707\"): what it means, which\n"
		"check or firmware status produces it in mefw, likely causes, what to\n"
		"try and where the knowledge comes from.\n"
		"\n"
		"Options:\n"
		"  -l, --list   list the codes that have an explanation\n"
		"  -j, --json   JSON output\n"
		"  -h, --help   show this help\n");
}

/*
 * Print @text word-wrapped to WIDTH columns: the first line starts with
 * @first (its width counts), the following ones with @indent spaces.
 * Words longer than a line are printed whole.
 */
static void wrap(const char *first, unsigned int indent, const char *text)
{
	size_t col = strlen(first);
	/* a prefix that does not end in a blank takes a space before text */
	bool line_empty = !col || first[col - 1] == ' ';
	const char *p = text;

	fputs(first, stdout);
	while (*p) {
		size_t len;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		len = strcspn(p, " ");
		if (!line_empty && col + 1 + len > WIDTH) {
			printf("\n%*s", (int)indent, "");
			col = indent;
			line_empty = true;
		}
		if (!line_empty) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, len, stdout);
		col += len;
		line_empty = false;
		p += len;
	}
	putchar('\n');
}

static void print_list(const char *title, const char *const *items,
		       unsigned int n)
{
	unsigned int i;

	printf("\n%s:\n", title);
	for (i = 0; i < n; i++)
		wrap("  - ", 4, items[i]);
}

static void print_explanation(const struct mefw_explanation *e)
{
	char head[96];

	if (e->name)
		snprintf(head, sizeof(head), "Error %u: %s", e->code, e->name);
	else
		snprintf(head, sizeof(head),
			 "Error %u: not in Intel's FwUpdateLib.h enum (meaning unconfirmed)",
			 e->code);
	wrap("", 2, head);
	wrap("", 0, e->message);
	printf("\nMeaning:\n");
	wrap("  ", 2, e->meaning);
	print_list("Likely causes", e->causes, e->ncauses);
	print_list("What to try", e->remedies, e->nremedies);
	print_list("Sources", e->sources, e->nsources);
}

static int flush_stdout(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		mefwctl_err("write error on standard output");
		return MEFWCTL_EXIT_FAILURE;
	}
	return MEFWCTL_EXIT_OK;
}

static int print_json(int ret, char *s, const struct mefw_error *err)
{
	if (ret) {
		mefwctl_err("%s", err->msg);
		return MEFWCTL_EXIT_FAILURE;
	}
	printf("%s\n", s);
	free(s);
	return flush_stdout();
}

static int explain_list(bool json)
{
	struct mefw_error err = { 0 };
	struct mefw_explanation e;
	char head[96];
	unsigned int i;
	char *s = NULL;
	int ret;

	if (json) {
		ret = mefw_explain_list_to_json(true, &s, &err);
		return print_json(ret, s, &err);
	}
	for (i = 0; i < mefw_explain_count(); i++) {
		if (mefw_explain(mefw_explain_code_at(i), &e))
			continue;
		snprintf(head, sizeof(head), "%-5u %s:", e.code,
			 e.name ? e.name : "(unconfirmed)");
		wrap(head, 6, e.message);
	}
	return flush_stdout();
}

static int explain_code(bool json, const char *arg)
{
	struct mefw_error err = { 0 };
	struct mefw_explanation e;
	unsigned int code;
	char *s = NULL;
	int ret;

	if (mefw_explain_parse_code(arg, &code, &err)) {
		mefwctl_err("%s", err.msg);
		return MEFWCTL_EXIT_USAGE;
	}
	if (mefw_explain(code, &e)) {
		mefwctl_err("no explanation for code %u (see 'mefwctl explain --list')",
			    code);
		return MEFWCTL_EXIT_FAILURE;
	}
	if (json) {
		ret = mefw_explain_to_json(&e, true, &s, &err);
		return print_json(ret, s, &err);
	}
	print_explanation(&e);
	return flush_stdout();
}

int cmd_explain(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool list = false, json = ctx->json;
	int c;

	/* 0: full re-initialisation of glibc getopt (ordering mode included) */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ljh", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			list = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			explain_usage(stdout);
			return MEFWCTL_EXIT_OK;
		default:
			return mefwctl_opt_error("explain", c, argv);
		}
	}

	if (list) {
		if (optind < argc) {
			mefwctl_err("explain: --list takes no CODE ('%s' given)",
				    argv[optind]);
			return MEFWCTL_EXIT_USAGE;
		}
		return explain_list(json);
	}
	if (optind >= argc) {
		mefwctl_err("explain: no CODE given (see 'mefwctl explain --help')");
		return MEFWCTL_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		mefwctl_err("explain: more than one CODE given ('%s', '%s')",
			    argv[optind], argv[optind + 1]);
		return MEFWCTL_EXIT_USAGE;
	}
	return explain_code(json, argv[optind]);
}
