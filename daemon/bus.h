/* SPDX-License-Identifier: GPL-2.0 */
/* helpers shared by the bus_*.c files */
#ifndef MEFWD_BUS_H
#define MEFWD_BUS_H

#include <stdint.h>

#include <systemd/sd-bus.h>

struct daemon;

/* cancel transaction @id and reply to @m (authorization already done) */
void bus_cancel_id(struct daemon *d, sd_bus_message *m, uint64_t id);
/* reply to @m with the status JSON of @name ("" = all), from a thread */
int bus_get_status(struct daemon *d, sd_bus_message *m, const char *name);

#endif /* MEFWD_BUS_H */
