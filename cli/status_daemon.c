// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl status --daemon [DEVICE]: the same report, asked from mefwd
 * (Manager.GetStatus, which returns the JSON of `mefwctl status --json`).
 * With --json it is printed as mefwd sent it; as text libmefw lays that
 * document out with the renderer of `mefwctl status` (status_text.c).
 */
#include <stdio.h>
#include <string.h>

#include "bus.h"
#include "follow.h"
#include "mefw.h"
#include "mefwctl.h"

/* the answer as `mefwctl status` lays it out (libmefw's one status text) */
static int print_text(const char *json)
{
	struct mefw_error err = { 0 };

	if (mefw_status_json_text(stdout, json, &err)) {
		mefwctl_err("status: mefwd's GetStatus answer is not the expected JSON");
		return MEFWCTL_EXIT_FAILURE;
	}
	return mefwctl_flush();
}

int mefwctl_status_daemon(bool json, const char *device)
{
	sd_bus_message *reply = NULL;
	sd_bus *bus = NULL;
	const char *s;
	int r;

	r = mefwctl_bus_open(&bus);
	if (!r)
		r = mefwctl_call(bus, "status", "GetStatus", false, &reply,
				 "s", device ? device : "");
	if (!r && sd_bus_message_read_basic(reply, 's', &s) < 0) {
		mefwctl_err("status: cannot read mefwd's answer to GetStatus");
		r = MEFWCTL_EXIT_FAILURE;
	}
	if (!r) {
		if (json) {
			printf("%s%s", s, s[0] && s[strlen(s) - 1] == '\n' ? "" : "\n");
			r = mefwctl_flush();
		} else {
			r = print_text(s);
		}
	}
	sd_bus_message_unref(reply);
	sd_bus_flush_close_unref(bus);
	return r;
}
