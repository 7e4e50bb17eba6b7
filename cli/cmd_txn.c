// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl queue [--json]
 * mefwctl history [--limit N] [--json]
 * mefwctl cancel ID [--json]
 *
 * The transactions mefwd knows: waiting or running (GetQueue), ended
 * (GetHistory), and cancelling one (Manager.Cancel).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bus.h"
#include "follow.h"
#include "mefwctl.h"
#include "progress.h"

static const char *const queue_help =
	"Usage: mefwctl queue [--json]\n"
	"\n"
	"List the update transactions mefwd has not finished yet (scheduled,\n"
	"queued, validating, transferring, finalizing), all devices, in the\n"
	"order they run.\n"
	"\n"
	"Options:\n"
	"  -j, --json   JSON output: {\"transactions\": [...]}\n"
	"  -h, --help   show this help\n";

static const char *const history_help =
	"Usage: mefwctl history [--limit N] [--json]\n"
	"\n"
	"List the update transactions that ended (succeeded, needs-reboot,\n"
	"failed, cancelled), newest first, from mefwd's journal.\n"
	"\n"
	"Options:\n"
	"  -n, --limit N   at most N transactions (0, the default: all)\n"
	"  -j, --json      JSON output: {\"transactions\": [...]}\n"
	"  -h, --help      show this help\n";

static const char *const cancel_help =
	"Usage: mefwctl cancel ID [--json]\n"
	"\n"
	"Cancel update transaction ID while it is scheduled, queued, being\n"
	"validated or transferred.  Once the ME writes its flash (finalizing)\n"
	"it cannot be cancelled.  Needs root or the polkit action org.mefw1.cancel.\n"
	"\n"
	"Options:\n"
	"  -j, --json   print the transaction after the request as JSON\n"
	"  -h, --help   show this help\n";

/*
 * The options shared by the three commands (--json, --help and, for
 * history, --limit).  Returns -1 to go on, else the exit code.
 */
static int parse(const char *cmd, const char *help, bool with_limit,
		 int argc, char **argv, bool *json, uint32_t *limit)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	char *end;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, with_limit ? ":n:jh" : ":jh",
				with_limit ? opts : opts + 1, NULL)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (optarg[0] < '0' || optarg[0] > '9' || *end ||
			    errno || v > UINT32_MAX) {
				mefwctl_err("%s: invalid --limit '%s' (expected a number of transactions, 0 = all)",
					    cmd, optarg);
				return MEFWCTL_EXIT_USAGE;
			}
			*limit = (uint32_t)v;
			break;
		case 'j':
			*json = true;
			break;
		case 'h':
			fputs(help, stdout);
			return MEFWCTL_EXIT_OK;
		default:
			return mefwctl_opt_error(cmd, c, argv);
		}
	}
	return -1;
}

/* "2026-11-22 01:40:00" (local time) of CLOCK_REALTIME microseconds */
static const char *fmt_time(uint64_t usec, char *buf, size_t len)
{
	time_t sec = (time_t)(usec / 1000000);
	struct tm tm;

	if (!usec || !localtime_r(&sec, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "-");
	return buf;
}

static const char *fmt_user(uint32_t uid, char *buf, size_t len)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];

	if (!getpwuid_r(uid, &pw, tmp, sizeof(tmp), &res) && res)
		snprintf(buf, len, "%s", pw.pw_name);
	else
		snprintf(buf, len, "%u", uid);
	return buf;
}

static int print_json_list(const struct mefw_txn *v, int n)
{
	struct json_object *root = json_object_new_object();
	struct json_object *arr = json_object_new_array(), *o;
	int i;

	if (!root || !arr || json_object_object_add(root, "transactions", arr))
		goto oom;
	for (i = 0; i < n; i++) {
		o = mefwctl_txn_to_json(&v[i]);
		if (!o || json_object_array_add(arr, o)) {
			json_object_put(o);
			goto oom_root;
		}
	}
	printf("%s\n", json_object_to_json_string_ext(root,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED));
	json_object_put(root);
	return mefwctl_flush();
oom:
	json_object_put(arr);
oom_root:
	json_object_put(root);
	mefwctl_err("out of memory");
	return MEFWCTL_EXIT_FAILURE;
}

static void print_queue(const struct mefw_txn *v, int n)
{
	char pct[16], user[64], when[32];
	int i, p;

	if (!n) {
		printf("No update transaction is waiting or running.\n");
		return;
	}
	printf("%-5s %-8s %-13s %-8s %-14s %-10s %s\n", "ID", "DEVICE",
	       "STATE", "PROGRESS", "IMAGE", "REQUESTER", "CREATED");
	for (i = 0; i < n; i++) {
		p = mefwctl_progress_percent(&v[i]);
		if (p < 0)
			snprintf(pct, sizeof(pct), "-");
		else
			snprintf(pct, sizeof(pct), "%d%%", p);
		printf("%-5" PRIu64 " %-8s %-13s %-8s %-14s %-10s %s\n",
		       v[i].id, v[i].device, mefw_txn_state_str(v[i].state), pct,
		       v[i].image_version[0] ? v[i].image_version : "?",
		       fmt_user(v[i].requester, user, sizeof(user)),
		       fmt_time(v[i].created, when, sizeof(when)));
	}
}

static void print_history(const struct mefw_txn *v, int n)
{
	char when[32], code[16], vers[80];
	int i;

	if (!n) {
		printf("No update transaction has ended yet.\n");
		return;
	}
	printf("%-5s %-8s %-13s %-19s %-28s %-5s %s\n", "ID", "DEVICE",
	       "RESULT", "FINISHED", "VERSION", "CODE", "MESSAGE");
	for (i = 0; i < n; i++) {
		snprintf(vers, sizeof(vers), "%s -> %s",
			 v[i].previous_version[0] ? v[i].previous_version : "?",
			 v[i].image_version[0] ? v[i].image_version : "?");
		if (v[i].code)
			snprintf(code, sizeof(code), "%u", v[i].code);
		else
			snprintf(code, sizeof(code), "-");
		printf("%-5" PRIu64 " %-8s %-13s %-19s %-28s %-5s %s%s%s%s\n",
		       v[i].id, v[i].device, mefw_txn_state_str(v[i].state),
		       fmt_time(v[i].finished, when, sizeof(when)), vers, code,
		       v[i].message[0] ? v[i].message : "-",
		       v[i].verdict[0] ? " (recovery verdict: " : "",
		       v[i].verdict, v[i].verdict[0] ? ")" : "");
	}
}

/* call @method (GetQueue / GetHistory) and print the list */
static int list(const char *what, const char *method, bool has_limit,
		uint32_t limit, bool json)
{
	sd_bus_message *reply = NULL;
	struct mefw_txn *v;
	sd_bus *bus = NULL;
	int n, r;

	r = mefwctl_bus_open(&bus);
	if (!r) {
		if (has_limit)
			r = mefwctl_call(bus, what, method, false, &reply, "u",
					 limit);
		else
			r = mefwctl_call(bus, what, method, false, &reply, NULL);
	}
	if (r) {
		sd_bus_flush_close_unref(bus);
		return r;
	}
	n = mefwctl_txn_read_array(reply, &v);
	sd_bus_message_unref(reply);
	sd_bus_flush_close_unref(bus);
	if (n < 0) {
		mefwctl_err("%s: cannot read mefwd's answer to %s: %s", what,
			    method, strerror(-n));
		return MEFWCTL_EXIT_FAILURE;
	}
	if (json) {
		r = print_json_list(v, n);
	} else {
		if (has_limit)
			print_history(v, n);
		else
			print_queue(v, n);
		r = mefwctl_flush();
	}
	free(v);
	return r;
}

int cmd_queue(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	bool json = ctx->json;
	int r;

	r = parse("queue", queue_help, false, argc, argv, &json, NULL);
	if (r >= 0)
		return r;
	if (optind < argc) {
		mefwctl_err("queue: unexpected argument '%s' (see 'mefwctl queue --help')",
			    argv[optind]);
		return MEFWCTL_EXIT_USAGE;
	}
	return list("queue", "GetQueue", false, 0, json);
}

int cmd_history(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	bool json = ctx->json;
	uint32_t limit = 0;
	int r;

	r = parse("history", history_help, true, argc, argv, &json, &limit);
	if (r >= 0)
		return r;
	if (optind < argc) {
		mefwctl_err("history: unexpected argument '%s' (see 'mefwctl history --help')",
			    argv[optind]);
		return MEFWCTL_EXIT_USAGE;
	}
	return list("history", "GetHistory", true, limit, json);
}

int cmd_cancel(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	struct mefw_txn t;
	sd_bus_message *reply;
	bool json = ctx->json;
	sd_bus *bus = NULL;
	uint64_t id;
	int r;

	r = parse("cancel", cancel_help, false, argc, argv, &json, NULL);
	if (r >= 0)
		return r;
	r = mefwctl_parse_id("cancel", argc, argv, &id);
	if (r)
		return r;
	r = mefwctl_bus_open(&bus);
	if (!r)
		r = mefwctl_call(bus, "cancel", "Cancel", true, &reply, "t", id);
	if (!r) {
		sd_bus_message_unref(reply);
		r = mefwctl_get_txn(bus, "cancel", id, &t, NULL);
	}
	sd_bus_flush_close_unref(bus);
	if (r)
		return r;
	if (json)
		return mefwctl_print_txn_json(&t);
	if (mefwctl_txn_final(&t))
		printf("Transaction %" PRIu64 " on %s: %s\n", id, t.device,
		       mefw_txn_state_str(t.state));
	else
		printf("Cancelling transaction %" PRIu64 " on %s (now %s); 'mefwctl wait %" PRIu64 "' shows when it stopped\n",
		       id, t.device, mefw_txn_state_str(t.state), id);
	return mefwctl_flush();
}
