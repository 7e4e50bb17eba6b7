/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmefw helpers shared by mefwd and mefwctl around firmware updates:
 * the compatibility identity of a device, and the names of the update
 * states.
 */
#ifndef MEFW_IDENT_H
#define MEFW_IDENT_H

#include "image/image.h"
#include "mefw.h"

/*
 * The identity the compatibility rules need (lib/image compat.c) from a
 * report of mefw_report_from_device().  -ENODATA with a message when the
 * device does not report its firmware version.
 */
int mefw_device_ident_from_report(const struct mefw_report *r,
				  struct mefw_device_ident *id,
				  struct mefw_error *err);

/*
 * Read device @name (as mefw_device_resolve() accepts it; NULL or "" =
 * the first ME device) under @root and fill @id; @name_out (may be NULL,
 * MEFW_NAME_MAX bytes) gets the device name.  Talks to the ME (blocks up
 * to the driver's timeout).  0 or a negative errno with a message.
 */
int mefw_device_ident_read(const char *root, const char *name,
			   struct mefw_device_ident *id, char *name_out,
			   struct mefw_error *err);

/*
 * The transaction state name (MEFW_TS_* of mefw_dbus.h) of an uapi
 * MEFW_STATE_*: PREPARING and TRANSFERRING are "transferring"; IDLE is
 * "queued"; "unknown" for values we do not know.
 */
const char *mefw_update_state_str(unsigned int uapi_state);

#endif /* MEFW_IDENT_H */
