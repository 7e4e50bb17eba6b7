// SPDX-License-Identifier: GPL-2.0
/* uapi update states -> the transaction state names of the D-Bus API */
#include "mefw_dbus.h"
#include "mefw_ident.h"

const char *mefw_update_state_str(unsigned int uapi_state)
{
	switch (uapi_state) {
	case MEFW_STATE_IDLE:
		return MEFW_TS_QUEUED;
	case MEFW_STATE_PREPARING:
	case MEFW_STATE_TRANSFERRING:
		return MEFW_TS_TRANSFERRING;
	case MEFW_STATE_FINALIZING:
		return MEFW_TS_FINALIZING;
	case MEFW_STATE_SUCCEEDED:
		return MEFW_TS_SUCCEEDED;
	case MEFW_STATE_NEEDS_REBOOT:
		return MEFW_TS_NEEDS_REBOOT;
	case MEFW_STATE_FAILED:
		return MEFW_TS_FAILED;
	case MEFW_STATE_CANCELLED:
		return MEFW_TS_CANCELLED;
	default:
		return "unknown";
	}
}
