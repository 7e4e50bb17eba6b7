/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwctl: the client side of mefwd's D-Bus API (org.mefw1 on the system
 * bus): connecting, calling Manager methods, and turning D-Bus errors
 * into one-line messages and exit codes.
 */
#ifndef MEFWCTL_BUS_H
#define MEFWCTL_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-bus.h>

#include "txn.h"

/* long enough for polkit's password dialog and a 16 MiB copy in a VM */
#define MEFWCTL_SLOW_CALL_USEC (300ULL * 1000 * 1000)

/*
 * Connect to the system bus (sd_bus_open_system: honours
 * DBUS_SYSTEM_BUS_ADDRESS).  0, or an exit code after printing
 * "mefwctl: mefwd is not running and could not be activated: ...".
 */
int mefwctl_bus_open(sd_bus **bus);

/*
 * Print the failure of a call made for @what ("update", "cancel" ...) as
 * one line and return its exit code: 4 access denied, 3 image refused
 * (BadImage, Refused) or not cancellable, 1 anything else (no such
 * transaction or device, I/O, daemon missing: "mefwd is not running and
 * could not be activated: ...").  @e may be unset; then @r (negative
 * errno) is used.  A Refused message starting with an FWUpdLcl code
 * ("8706: ...") is followed by the explain hint.
 */
int mefwctl_bus_fail(const char *what, const sd_bus_error *e, int r);

/* the exit code mefwctl_bus_fail() returns for D-Bus error @name */
int mefwctl_bus_error_exit(const char *name);

/*
 * Call a method of org.mefw1.Manager.  The arguments follow @types as for
 * sd_bus_call_method().  On failure prints (mefwctl_bus_fail) and
 * returns the exit code; 0 with *@reply set on success.  @slow: a call
 * that may ask polkit interactively or copy an image (long timeout,
 * interactive authorization allowed when stdin is a terminal).
 */
int mefwctl_call(sd_bus *bus, const char *what, const char *method,
		 bool slow, sd_bus_message **reply, const char *types, ...);

/* the same for a message built by the caller (not consumed) */
int mefwctl_call_msg(sd_bus *bus, const char *what, sd_bus_message *m,
		     bool slow, sd_bus_message **reply);

/*
 * GetTransaction(@id) into @t; 0 or an exit code (message printed).
 * @cookie (may be NULL) gets the reply's serial: mefwd's signals with a
 * lower serial were sent before the answer and are older than @t.
 */
int mefwctl_get_txn(sd_bus *bus, const char *what, uint64_t id,
		    struct mefw_txn *t, uint64_t *cookie);

/*
 * The one transaction id argument of command WHAT, argv[optind] (getopt
 * done): decimal, 1..2^64-1.  0, or 2 after printing one line: no ID,
 * more than one, or "mefwctl: WHAT: invalid transaction id ...".
 */
int mefwctl_parse_id(const char *what, int argc, char **argv, uint64_t *id);

#endif /* MEFWCTL_BUS_H */
