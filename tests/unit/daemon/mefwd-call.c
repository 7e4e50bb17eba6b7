// SPDX-License-Identifier: GPL-2.0
/*
 * mefwd-call - send mefwd the calls busctl cannot (file descriptor
 * arguments), for the daemon's host bus tests:
 *   mefwd-call inspect PATH DEVICE
 *   mefwd-call request PATH DEVICE [--same] [--at-boot] [--bad-option]
 * PATH "-" is stdin.  Prints the reply (sd_bus_message_dump) or
 * "error NAME: MESSAGE" and exits 1.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "mefw_dbus.h"

int main(int argc, char **argv)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	sd_bus *bus = NULL;
	int fd, r, i;

	if (argc < 4 || (strcmp(argv[1], "inspect") && strcmp(argv[1], "request"))) {
		fprintf(stderr, "usage: mefwd-call inspect|request PATH DEVICE [--same] [--at-boot] [--bad-option]\n");
		return 2;
	}
	fd = strcmp(argv[2], "-") ? open(argv[2], O_RDONLY | O_NONBLOCK | O_CLOEXEC) : 0;
	if (fd < 0) {
		perror(argv[2]);
		return 2;
	}
	r = sd_bus_open_system(&bus);
	if (r < 0) {
		fprintf(stderr, "bus: %s\n", strerror(-r));
		return 1;
	}
	if (!strcmp(argv[1], "inspect")) {
		r = sd_bus_call_method(bus, MEFW_BUS_NAME, MEFW_MANAGER_PATH, MEFW_MANAGER_IFACE,
				       "InspectImage", &e, &reply, "hs", fd, argv[3]);
	} else {
		r = sd_bus_message_new_method_call(bus, &m, MEFW_BUS_NAME, MEFW_MANAGER_PATH,
						   MEFW_MANAGER_IFACE, "RequestUpdate");
		if (r >= 0)
			r = sd_bus_message_append(m, "sh", argv[3], fd);
		if (r >= 0)
			r = sd_bus_message_open_container(m, 'a', "{sv}");
		for (i = 4; r >= 0 && i < argc; i++) {
			if (!strcmp(argv[i], "--same"))
				r = sd_bus_message_append(m, "{sv}", "allow-same-version", "b", 1);
			else if (!strcmp(argv[i], "--at-boot"))
				r = sd_bus_message_append(m, "{sv}", "at-boot", "b", 1);
			else if (!strcmp(argv[i], "--bad-type"))
				r = sd_bus_message_append(m, "{sv}", "at-boot", "s", "yes");
			else
				r = sd_bus_message_append(m, "{sv}", "frobnicate", "b", 1);
		}
		if (r >= 0)
			r = sd_bus_message_close_container(m);
		if (r >= 0)
			r = sd_bus_call(bus, m, 0, &e, &reply);
	}
	if (r < 0) {
		printf("error %s: %s\n", e.name ? e.name : "-", e.message ? e.message : strerror(-r));
		sd_bus_error_free(&e);
		sd_bus_message_unref(m);
		sd_bus_unref(bus);
		return 1;
	}
	sd_bus_message_dump(reply, stdout, 0);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(m);
	sd_bus_unref(bus);
	return 0;
}
