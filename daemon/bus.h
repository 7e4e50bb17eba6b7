/* SPDX-License-Identifier: GPL-2.0 */
/* helpers shared by the bus_*.c files */
#ifndef MEFWD_BUS_H
#define MEFWD_BUS_H

#include <stdint.h>

#include <systemd/sd-bus.h>

struct daemon;

/* cancel transaction @id for @uid and reply to @m (authorization done) */
void bus_cancel_id(struct daemon *d, sd_bus_message *m, long uid, uint64_t id);
/*
 * reply to @m with the status JSON of @name ("" = all): from the cache
 * for devices that update, else from a thread (within the caller's
 * quota).  Returns 1 (replied or will reply) or a negative errno.
 */
int bus_get_status(struct daemon *d, sd_bus_message *m, const char *name);

#endif /* MEFWD_BUS_H */
