/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Admission of work that callers start (status reads, image checks,
 * pending authorization questions): a pool of @total slots.  Unprivileged
 * callers together hold at most @total - @reserved of them and each uid
 * at most @per_uid; privileged work (root's, or an authorized request)
 * may take any free slot, so a flood of unprivileged calls never takes
 * the capacity an authorized request needs.  Pure bookkeeping, no locks:
 * used on the event loop only.
 */
#ifndef MEFWD_QUOTA_H
#define MEFWD_QUOTA_H

#include <stdbool.h>
#include <stdint.h>

/* the most slots one pool may have */
#define QUOTA_MAX 64

struct quota_limits {
	unsigned int total;
	unsigned int reserved;	/* for privileged work only */
	unsigned int per_uid;	/* unprivileged slots per uid */
};

struct quota_uid {
	uint32_t uid;
	unsigned int n;		/* 0: entry free */
};

struct quota {
	struct quota_limits lim;
	unsigned int used;		/* slots held, all callers */
	unsigned int used_unpriv;	/* of those, by unprivileged callers */
	struct quota_uid uids[QUOTA_MAX];
};

/* @lim->total is clamped to QUOTA_MAX, @reserved and @per_uid to it */
void quota_init(struct quota *q, const struct quota_limits *lim);
/*
 * take a slot for @uid: 0, -EBUSY (no slot free for this kind of
 * caller) or -EDQUOT (@uid holds @per_uid unprivileged slots already)
 */
int quota_take(struct quota *q, uint32_t uid, bool privileged);
/* give back a slot taken with the same @uid and @privileged */
void quota_put(struct quota *q, uint32_t uid, bool privileged);
/* unprivileged slots @uid holds */
unsigned int quota_held(const struct quota *q, uint32_t uid);

#endif /* MEFWD_QUOTA_H */
