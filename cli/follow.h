/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwctl: follow one transaction until it ends (update, wait).
 */
#ifndef MEFWCTL_FOLLOW_H
#define MEFWCTL_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-bus.h>

/*
 * Follow transaction @id on @bus: subscribe to its PropertiesChanged and
 * the Manager's TransactionEnded, then read it (GetTransaction), so that
 * a transaction that ended before the subscription is seen too; then
 * run an sd-event loop (no polling) until it ends.  Shows progress (a
 * redrawn bar when stdout is a terminal, else plain lines), then the
 * result, or with @json only the final transaction as JSON.  Ctrl-C
 * (SIGINT) or SIGTERM detaches: the update goes on in mefwd.
 * @what names the command for messages.  Returns the exit code.
 */
int mefwctl_follow(sd_bus *bus, const char *what, uint64_t id, bool json);

/* print @t as one pretty JSON object on stdout; exit code */
struct mefw_txn;
int mefwctl_print_txn_json(const struct mefw_txn *t);

/* fflush(stdout) with a one-line error; 0 or MEFWCTL_EXIT_FAILURE */
int mefwctl_flush(void);

#endif /* MEFWCTL_FOLLOW_H */
