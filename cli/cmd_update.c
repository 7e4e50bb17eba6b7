// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl update IMAGE [--device DEV] [--allow-same-version] [--at-boot]
 *                      [--yes] [--no-wait] [--json]
 * mefwctl wait ID [--json]
 *
 * update hands the image to mefwd as a file descriptor (RequestUpdate),
 * then follows the transaction like wait does (follow.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "follow.h"
#include "mefw_dbus.h"
#include "mefwctl.h"

static void update_usage(FILE *f)
{
	fprintf(f,
		"Usage: mefwctl update IMAGE [--device DEV] [--allow-same-version] [--at-boot]\n"
		"                      [--yes] [--no-wait] [--json]\n"
		"\n"
		"Ask mefwd to flash IMAGE into the ME, then follow the update until it\n"
		"ends.  mefwd checks the image first (integrity, signature, compatibility\n"
		"with the running firmware) and queues it; the update goes on if mefwctl\n"
		"exits (Ctrl-C detaches; 'mefwctl wait ID' follows it again).\n"
		"\n"
		"Options:\n"
		"  -d, --device DEV          ME device (mefw0 ...; default: the first)\n"
		"  -s, --allow-same-version  accept the version already running\n"
		"  -b, --at-boot             run the update at the next boot, not now\n"
		"  -y, --yes                 do not ask for confirmation (needed when\n"
		"                            stdin is not a terminal)\n"
		"  -n, --no-wait             print the transaction id and exit\n"
		"  -j, --json                print the ended transaction as JSON\n"
		"  -h, --help                show this help\n");
}

static void wait_usage(FILE *f)
{
	fprintf(f,
		"Usage: mefwctl wait ID [--json]\n"
		"\n"
		"Follow update transaction ID until it ends, showing its progress, and\n"
		"exit with its result (0 succeeded, 3 failed, 5 cancelled).  Works for\n"
		"a transaction that already ended too.  Ctrl-C detaches.\n"
		"\n"
		"Options:\n"
		"  -j, --json   print the ended transaction as JSON\n"
		"  -h, --help   show this help\n");
}

/* what the confirmation shows of InspectImage's answer */
struct inspect {
	char device[MEFW_NAME_MAX];
	char running[MEFW_TXN_VERSION_MAX];	/* DeviceVersion */
	char version[MEFW_TXN_VERSION_MAX];	/* Version (of the image) */
	char verdict[MEFW_TXN_VERDICT_MAX];	/* ok, intact, refused, damaged */
	char message[512];	/* the image checker's line: longer than a Message */
	uint32_t code;
};

#define K(k, t, m) { k, NULL, t, offsetof(struct inspect, m), \
			   sizeof(((struct inspect *)0)->m) }
static const struct mefwctl_dict_key inspect_keys[] = {
	K("Device", 's', device), K("DeviceVersion", 's', running),
	K("Version", 's', version), K("Verdict", 's', verdict),
	K("Message", 's', message), K("Code", 'u', code),
};
#undef K

/* ask "Update mefw0 from X to Y? [y/N]" on the terminal; 0 = yes */
static int confirm(sd_bus *bus, int fd, const char *device)
{
	struct inspect in = { 0 };
	sd_bus_message *reply;
	char answer[16] = "";
	int r;

	r = mefwctl_call(bus, "update", "InspectImage", true, &reply, "hs",
			 fd, device);
	if (r)
		return r;
	r = mefwctl_dict_read(reply, inspect_keys,
			      sizeof(inspect_keys) / sizeof(inspect_keys[0]), &in);
	sd_bus_message_unref(reply);
	if (r < 0) {
		mefwctl_err("update: cannot read mefwd's answer to InspectImage: %s",
			    strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	/* refused anyway: say why instead of asking */
	if (!strcmp(in.verdict, "damaged") || !strcmp(in.verdict, "refused")) {
		mefwctl_err("update: %s: %s", in.verdict,
			    in.message[0] ? in.message : "the image cannot be flashed");
		if (in.code)
			fprintf(stderr,
				"Run 'mefwctl explain %u' for causes and remedies.\n",
				in.code);
		return MEFWCTL_EXIT_REFUSED;
	}
	/* on stderr: seen even when stdout goes to a pipe */
	fprintf(stderr, "Update %s from %s to %s? [y/N] ",
	       in.device[0] ? in.device : device[0] ? device : "the ME",
	       in.running[0] ? in.running : "an unknown version",
	       in.version[0] ? in.version : "an unknown version");
	if (!fgets(answer, sizeof(answer), stdin) ||
	    (answer[0] != 'y' && answer[0] != 'Y')) {
		if (!strchr(answer, '\n'))
			fputc('\n', stderr);
		mefwctl_err("update: not confirmed; nothing was changed");
		return MEFWCTL_EXIT_REFUSED;
	}
	return 0;
}

struct update_opts {
	const char *image;
	const char *device;
	bool allow_same, at_boot, yes, no_wait, json;
};

/* append "KEY": <true> to the open a{sv} of @m */
static int append_flag(sd_bus_message *m, const char *key)
{
	return sd_bus_message_append(m, "{sv}", key, "b", 1);
}

static int request(sd_bus *bus, int fd, const struct update_opts *o,
		   uint64_t *id)
{
	sd_bus_message *m = NULL, *reply;
	const char *path;
	int r;

	r = sd_bus_message_new_method_call(bus, &m, MEFW_BUS_NAME,
					   MEFW_MANAGER_PATH,
					   MEFW_MANAGER_IFACE, "RequestUpdate");
	if (r >= 0)
		r = sd_bus_message_append(m, "sh", o->device, fd);
	if (r >= 0)
		r = sd_bus_message_open_container(m, 'a', "{sv}");
	/* only the options asked for: an older mefwd knows fewer keys */
	if (r >= 0 && o->allow_same)
		r = append_flag(m, "allow-same-version");
	if (r >= 0 && o->at_boot)
		r = append_flag(m, "at-boot");
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	if (r < 0) {
		sd_bus_message_unref(m);
		mefwctl_err("update: cannot build the RequestUpdate call: %s",
			    strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	r = mefwctl_call_msg(bus, "update", m, true, &reply);
	sd_bus_message_unref(m);
	if (r)
		return r;
	r = sd_bus_message_read(reply, "to", id, &path);
	sd_bus_message_unref(reply);
	if (r < 0) {
		mefwctl_err("update: cannot read mefwd's answer to RequestUpdate: %s",
			    strerror(-r));
		return MEFWCTL_EXIT_FAILURE;
	}
	return 0;
}

static int queued(sd_bus *bus, uint64_t id, const struct update_opts *o)
{
	struct mefw_txn t;
	int r;

	r = mefwctl_get_txn(bus, "update", id, &t, NULL);
	if (r)
		return r;
	if (o->json)
		return mefwctl_print_txn_json(&t);
	if (o->at_boot)
		printf("Scheduled transaction %" PRIu64 " for %s: it runs at the next boot (see 'mefwctl queue'; 'mefwctl cancel %" PRIu64 "' drops it)\n",
		       id, t.device, id);
	else
		printf("Queued transaction %" PRIu64 " for %s; follow it with 'mefwctl wait %" PRIu64 "'\n",
		       id, t.device, id);
	return mefwctl_flush();
}

static int update_run(const struct update_opts *o)
{
	sd_bus *bus = NULL;
	uint64_t id;
	int fd, r;

	/* O_NONBLOCK: a FIFO must not hang here; mefwd refuses it */
	fd = open(o->image, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		mefwctl_err("update: cannot open '%s': %s", o->image,
			    strerror(errno));
		return MEFWCTL_EXIT_FAILURE;
	}
	r = mefwctl_bus_open(&bus);
	if (!r && !o->yes)
		r = confirm(bus, fd, o->device);
	if (!r)
		r = request(bus, fd, o, &id);
	close(fd);
	if (!r) {
		if (o->no_wait || o->at_boot)
			r = queued(bus, id, o);
		else
			r = mefwctl_follow(bus, "update", id, o->json);
	}
	sd_bus_flush_close_unref(bus);
	return r;
}

int cmd_update(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "allow-same-version", no_argument, NULL, 's' },
		{ "at-boot", no_argument, NULL, 'b' },
		{ "yes", no_argument, NULL, 'y' },
		{ "no-wait", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct update_opts o = { .device = "", .json = ctx->json };
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:sbynjh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.device = optarg;
			break;
		case 's':
			o.allow_same = true;
			break;
		case 'b':
			o.at_boot = true;
			break;
		case 'y':
			o.yes = true;
			break;
		case 'n':
			o.no_wait = true;
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			update_usage(stdout);
			return MEFWCTL_EXIT_OK;
		default:
			return mefwctl_opt_error("update", c, argv);
		}
	}
	if (optind >= argc) {
		mefwctl_err("update: no IMAGE given (see 'mefwctl update --help')");
		return MEFWCTL_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		mefwctl_err("update: more than one IMAGE given ('%s', '%s')",
			    argv[optind], argv[optind + 1]);
		return MEFWCTL_EXIT_USAGE;
	}
	if (!*argv[optind]) {
		mefwctl_err("update: IMAGE is an empty string");
		return MEFWCTL_EXIT_USAGE;
	}
	o.image = argv[optind];
	if (!o.yes && !isatty(STDIN_FILENO)) {
		mefwctl_err("update: not on a terminal, cannot ask for confirmation: use --yes");
		return MEFWCTL_EXIT_USAGE;
	}
	return update_run(&o);
}

int cmd_wait(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = ctx->json;
	sd_bus *bus = NULL;
	uint64_t id;
	int c, r;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			wait_usage(stdout);
			return MEFWCTL_EXIT_OK;
		default:
			return mefwctl_opt_error("wait", c, argv);
		}
	}
	r = mefwctl_parse_id("wait", argc, argv, &id);
	if (r)
		return r;
	r = mefwctl_bus_open(&bus);
	if (!r)
		r = mefwctl_follow(bus, "wait", id, json);
	sd_bus_flush_close_unref(bus);
	return r;
}
