// SPDX-License-Identifier: GPL-2.0
/* mefwd logging: sd_journal_send with MESSAGE_IDs, stderr otherwise */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include "log.h"

/* the journal reads our stderr already: no second copy there */
static bool on_journal_stream(void)
{
	return getenv("JOURNAL_STREAM") != NULL;
}

static void to_stderr(const char *msg)
{
	if (!on_journal_stream())
		fprintf(stderr, "mefwd: %s\n", msg);
}

void log_msg(int prio, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	to_stderr(msg);
	sd_journal_send("MESSAGE=%s", msg, "PRIORITY=%d", prio,
			"SYSLOG_IDENTIFIER=mefwd", NULL);
}

void log_txn_started(const struct txn *t)
{
	char msg[256];

	snprintf(msg, sizeof(msg),
		 "update %" PRIu64 " started on %s: %s -> %s (%" PRIu64 " bytes)",
		 t->id, t->device, t->previous_version[0] ? t->previous_version : "?",
		 t->image_version[0] ? t->image_version : "?", t->image_size);
	to_stderr(msg);
	sd_journal_send("MESSAGE=%s", msg, "MESSAGE_ID=" MEFWD_MSGID_UPDATE_STARTED,
			"PRIORITY=%d", LOG_NOTICE, "SYSLOG_IDENTIFIER=mefwd",
			"MEFW_TRANSACTION=%" PRIu64, t->id, "MEFW_DEVICE=%s", t->device,
			"MEFW_IMAGE_VERSION=%s", t->image_version,
			"MEFW_IMAGE_SHA256=%s", t->image_sha256,
			"MEFW_PREVIOUS_VERSION=%s", t->previous_version, NULL);
}

void log_txn_ended(const struct txn *t)
{
	bool ok = t->state == MEFW_TXN_SUCCEEDED || t->state == MEFW_TXN_NEEDS_REBOOT;
	char msg[512];

	if (ok)
		snprintf(msg, sizeof(msg), "update %" PRIu64 " on %s %s: %s%s%s",
			 t->id, t->device, mefw_txn_state_str(t->state),
			 t->new_version[0] ? "now running " : "image ",
			 t->new_version[0] ? t->new_version : t->image_version,
			 t->verdict[0] ? " (recovered after a restart)" : "");
	else
		snprintf(msg, sizeof(msg), "update %" PRIu64 " on %s %s%s%.0u: %s",
			 t->id, t->device, mefw_txn_state_str(t->state),
			 t->code ? " with error " : "", t->code, t->message);
	to_stderr(msg);
	sd_journal_send("MESSAGE=%s", msg,
			"MESSAGE_ID=%s", ok ? MEFWD_MSGID_UPDATE_SUCCEEDED :
					      MEFWD_MSGID_UPDATE_FAILED,
			"PRIORITY=%d", ok ? LOG_NOTICE : t->state == MEFW_TXN_CANCELLED ?
					LOG_WARNING : LOG_ERR,
			"SYSLOG_IDENTIFIER=mefwd",
			"MEFW_TRANSACTION=%" PRIu64, t->id, "MEFW_DEVICE=%s", t->device,
			"MEFW_STATE=%s", mefw_txn_state_str(t->state),
			"MEFW_CODE=%u", t->code, "MEFW_FW_STATUS=%u", t->fw_status,
			"MEFW_NEW_VERSION=%s", t->new_version,
			"MEFW_VERDICT=%s", t->verdict, NULL);
}
