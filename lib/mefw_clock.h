/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmefw: the two clocks of the userspace tools, in microseconds.
 * Deadlines and rates use the monotonic clock (it never jumps); times
 * that are recorded or shown (a transaction's Created/Started/Finished)
 * use the realtime clock.
 */
#ifndef MEFW_CLOCK_H
#define MEFW_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in microseconds */
uint64_t mefw_mono_us(void);
/* CLOCK_REALTIME in microseconds since the epoch */
uint64_t mefw_real_us(void);

#endif /* MEFW_CLOCK_H */
