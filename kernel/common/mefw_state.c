// SPDX-License-Identifier: GPL-2.0
/*
 * Short names of the update states.
 *
 * Compiled twice: by kbuild into mefw.ko and by the host compiler into
 * libmefw.  It therefore includes nothing but its own header: the index
 * of each name is the value of its MEFW_STATE_* in the uapi header.
 */
#include "mefw_state.h"

static const char *const mefw_state_names[] = {
	"idle",		/* MEFW_STATE_IDLE */
	"preparing",	/* MEFW_STATE_PREPARING */
	"transferring",	/* MEFW_STATE_TRANSFERRING */
	"finalizing",	/* MEFW_STATE_FINALIZING */
	"succeeded",	/* MEFW_STATE_SUCCEEDED */
	"needs-reboot",	/* MEFW_STATE_NEEDS_REBOOT */
	"failed",	/* MEFW_STATE_FAILED */
	"cancelled",	/* MEFW_STATE_CANCELLED */
};

const char *mefw_state_name(unsigned int state)
{
	if (state < sizeof(mefw_state_names) / sizeof(*mefw_state_names))
		return mefw_state_names[state];
	return "unknown";
}
