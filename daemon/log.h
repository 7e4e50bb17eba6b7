/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwd logging: structured journal entries (sd_journal_send) with fixed
 * MESSAGE_IDs for the update events, plus a plain line on stderr when
 * stderr is not connected to the journal ($JOURNAL_STREAM unset).
 * The ids are part of the API (Documentation/dbus-api.md); never change
 * them.
 */
#ifndef MEFWD_LOG_H
#define MEFWD_LOG_H

#include <syslog.h>

#include "txn.h"

#define MEFWD_MSGID_UPDATE_STARTED	"15a8af4a3ebd4d068908ded10db8e214"
#define MEFWD_MSGID_UPDATE_SUCCEEDED	"f98eb7f495ed499ea10301dd315b6f9a"
#define MEFWD_MSGID_UPDATE_FAILED	"17d5cc746c3d41ec8c2a627faa5e2e0a"

/* a plain message at @prio (LOG_ERR, LOG_WARNING, LOG_INFO, ...) */
void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* update started (state transferring) / ended (final state) */
void log_txn_started(const struct txn *t);
void log_txn_ended(const struct txn *t);

#endif /* MEFWD_LOG_H */
