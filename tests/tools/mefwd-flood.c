// SPDX-License-Identifier: GPL-2.0
/*
 * mefwd-flood: keep mefwd busy the way an unprivileged caller can, for
 * the flood test (tests/vm/cases/dbus-10-flood.sh).
 *
 *   mefwd-flood --while FILE [--status N] [--inspect N] [IMAGE...]
 *
 * Keeps N Manager.GetStatus("") and N Manager.InspectImage(fd, "") calls
 * in flight on one system bus connection (the images in turn) for as
 * long as FILE exists (at most 300 s), then leaves without waiting for
 * the calls still in flight (as a caller may) and prints one line per
 * method:
 * "flood: GetStatus ok N busy N limits N other N (first other: NAME)".
 * Exit 0, or 2 for bad arguments / no bus.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "mefw_dbus.h"

#define MAX_IMAGES 8

struct flood;

struct tally {
	struct flood *f;
	const char *method;
	unsigned long ok, busy, limits, other;
	char first_other[160];
};

struct flood {
	sd_bus *bus;
	int fds[MAX_IMAGES];
	unsigned int nfds, next_fd;
	bool stopping;
	unsigned int in_flight;
	struct tally status, inspect;
};

static int issue(struct flood *f, struct tally *t);

static void count(struct tally *t, sd_bus_message *reply)
{
	const sd_bus_error *e = sd_bus_message_get_error(reply);

	if (!e)
		t->ok++;
	else if (sd_bus_error_has_name(e, MEFW_ERROR_BUSY))
		t->busy++;
	else if (sd_bus_error_has_name(e, MEFW_ERROR_LIMITS))
		t->limits++;
	else if (t->other++ == 0)
		snprintf(t->first_other, sizeof(t->first_other), "%s: %s", e->name,
			 e->message ? e->message : "");
}

static int on_reply(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
	struct tally *t = userdata;
	struct flood *f = t->f;

	(void)ret_error;
	count(t, reply);
	f->in_flight--;
	if (!f->stopping)
		issue(f, t);
	return 0;
}

static int issue(struct flood *f, struct tally *t)
{
	int r;

	if (t == &f->status)
		r = sd_bus_call_method_async(f->bus, NULL, MEFW_BUS_NAME, MEFW_MANAGER_PATH,
					     MEFW_MANAGER_IFACE, "GetStatus", on_reply, t,
					     "s", "");
	else
		r = sd_bus_call_method_async(f->bus, NULL, MEFW_BUS_NAME, MEFW_MANAGER_PATH,
					     MEFW_MANAGER_IFACE, "InspectImage", on_reply, t,
					     "hs", f->fds[f->next_fd++ % f->nfds], "");
	if (r < 0) {
		fprintf(stderr, "mefwd-flood: %s: %s\n", t->method, strerror(-r));
		return r;
	}
	f->in_flight++;
	return 0;
}

static void print(const struct tally *t)
{
	printf("flood: %s ok %lu busy %lu limits %lu other %lu%s%s%s\n", t->method, t->ok,
	       t->busy, t->limits, t->other, t->other ? " (first other: " : "",
	       t->first_other, t->other ? ")" : "");
}

static int run(struct flood *f, const char *while_file)
{
	time_t end = time(NULL) + 300;
	int r;

	while (f->in_flight) {
		if (access(while_file, F_OK) || time(NULL) > end) {
			f->stopping = true;
			break;
		}
		r = sd_bus_process(f->bus, NULL);
		if (r < 0)
			return r;
		if (r == 0)
			sd_bus_wait(f->bus, 100 * 1000);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct flood f = { .status.method = "GetStatus", .inspect.method = "InspectImage" };
	unsigned int nstatus = 0, ninspect = 0, i;
	const char *while_file = NULL;
	int a, r = 0;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--while") && a + 1 < argc)
			while_file = argv[++a];
		else if (!strcmp(argv[a], "--status") && a + 1 < argc)
			nstatus = (unsigned int)atoi(argv[++a]);
		else if (!strcmp(argv[a], "--inspect") && a + 1 < argc)
			ninspect = (unsigned int)atoi(argv[++a]);
		else if (argv[a][0] != '-' && f.nfds < MAX_IMAGES) {
			f.fds[f.nfds] = open(argv[a], O_RDONLY | O_CLOEXEC);
			if (f.fds[f.nfds] < 0) {
				perror(argv[a]);
				return 2;
			}
			f.nfds++;
		} else {
			fprintf(stderr, "usage: mefwd-flood --while FILE [--status N] [--inspect N] [IMAGE...]\n");
			return 2;
		}
	}
	if (!while_file || (ninspect && !f.nfds)) {
		fprintf(stderr, "mefwd-flood: --while FILE needed, and an IMAGE for --inspect\n");
		return 2;
	}
	r = sd_bus_open_system(&f.bus);
	if (r < 0) {
		fprintf(stderr, "mefwd-flood: system bus: %s\n", strerror(-r));
		return 2;
	}
	f.status.f = f.inspect.f = &f;
	for (i = 0; r >= 0 && i < nstatus; i++)
		r = issue(&f, &f.status);
	for (i = 0; r >= 0 && i < ninspect; i++)
		r = issue(&f, &f.inspect);
	if (r >= 0)
		r = run(&f, while_file);
	if (r < 0)
		fprintf(stderr, "mefwd-flood: bus: %s\n", strerror(-r));
	print(&f.status);
	print(&f.inspect);
	sd_bus_unref(f.bus);
	return 0;
}
