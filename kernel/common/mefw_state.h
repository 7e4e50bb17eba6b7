/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Short names of the update states (MEFW_STATE_* in the uapi header).
 *
 * The one copy of this table: plain C with no libc and no kernel
 * dependency, compiled into mefw.ko (sysfs update_state, kernel log) and
 * into libmefw (mefw-flash output).
 */
#ifndef _MEFW_STATE_H
#define _MEFW_STATE_H

/* "idle", "preparing", ..., "cancelled"; "unknown" for any other value */
const char *mefw_state_name(unsigned int state);

#endif /* _MEFW_STATE_H */
