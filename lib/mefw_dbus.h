/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of mefwd's D-Bus API, written once for the daemon and its
 * clients.  The API itself is described in Documentation/dbus-api.md and
 * daemon/dbus/org.mefw1.xml.  The "1" versions the whole API, like
 * org.freedesktop.login1: an incompatible change gets org.mefw2.
 */
#ifndef MEFW_DBUS_H
#define MEFW_DBUS_H

#define MEFW_BUS_NAME		"org.mefw1"
#define MEFW_MANAGER_PATH	"/org/mefw1"
#define MEFW_MANAGER_IFACE	"org.mefw1.Manager"
#define MEFW_DEVICE_PREFIX	"/org/mefw1/device"	/* + "/mefw0" */
#define MEFW_DEVICE_IFACE	"org.mefw1.Device"
#define MEFW_TXN_PREFIX		"/org/mefw1/transaction"	/* + "/17" */
#define MEFW_TXN_IFACE		"org.mefw1.Transaction"

/* polkit actions (daemon/polkit/org.mefw1.policy) */
#define MEFW_ACTION_UPDATE	"org.mefw1.update"
#define MEFW_ACTION_CANCEL	"org.mefw1.cancel"

/* D-Bus error names */
#define MEFW_ERROR_PREFIX	"org.mefw1.Error."
#define MEFW_ERROR_BAD_IMAGE	"org.mefw1.Error.BadImage"	/* not an image we can flash */
#define MEFW_ERROR_REFUSED	"org.mefw1.Error.Refused"	/* rules say no; "CODE: text" */
#define MEFW_ERROR_NO_DEVICE	"org.mefw1.Error.NoSuchDevice"
#define MEFW_ERROR_NO_TXN	"org.mefw1.Error.NoSuchTransaction"
#define MEFW_ERROR_NOT_CANCELLABLE "org.mefw1.Error.NotCancellable"
#define MEFW_ERROR_ACCESS_DENIED "org.mefw1.Error.AccessDenied"
#define MEFW_ERROR_IO		"org.mefw1.Error.IO"
/* mefwd is doing as much of this work as it takes at once: try again */
#define MEFW_ERROR_BUSY		"org.mefw1.Error.Busy"
/* the caller's uid has as many requests of this kind in progress as allowed */
#define MEFW_ERROR_LIMITS	"org.mefw1.Error.LimitsExceeded"

/* Transaction "State" values, in the order a transaction goes through them */
#define MEFW_TS_SCHEDULED	"scheduled"	/* --at-boot: waits for the next boot */
#define MEFW_TS_QUEUED		"queued"
#define MEFW_TS_VALIDATING	"validating"
#define MEFW_TS_TRANSFERRING	"transferring"
#define MEFW_TS_FINALIZING	"finalizing"
#define MEFW_TS_SUCCEEDED	"succeeded"
#define MEFW_TS_NEEDS_REBOOT	"needs-reboot"
#define MEFW_TS_FAILED		"failed"
#define MEFW_TS_CANCELLED	"cancelled"

#endif /* MEFW_DBUS_H */
