// SPDX-License-Identifier: GPL-2.0
/* Per-uid admission of callers' work (see quota.h) */
#include <errno.h>
#include <string.h>

#include "quota.h"

static unsigned int clamp(unsigned int v, unsigned int max)
{
	return v > max ? max : v;
}

void quota_init(struct quota *q, const struct quota_limits *lim)
{
	memset(q, 0, sizeof(*q));
	q->lim.total = clamp(lim->total, QUOTA_MAX);
	q->lim.reserved = clamp(lim->reserved, q->lim.total);
	q->lim.per_uid = clamp(lim->per_uid, q->lim.total);
}

static struct quota_uid *find(struct quota *q, uint32_t uid)
{
	unsigned int i;

	for (i = 0; i < QUOTA_MAX; i++)
		if (q->uids[i].n && q->uids[i].uid == uid)
			return &q->uids[i];
	return NULL;
}

unsigned int quota_held(const struct quota *q, uint32_t uid)
{
	unsigned int i;

	for (i = 0; i < QUOTA_MAX; i++)
		if (q->uids[i].n && q->uids[i].uid == uid)
			return q->uids[i].n;
	return 0;
}

static int take_unpriv(struct quota *q, uint32_t uid)
{
	struct quota_uid *e = find(q, uid);
	unsigned int i;

	if (q->used_unpriv >= q->lim.total - q->lim.reserved)
		return -EBUSY;
	if (e && e->n >= q->lim.per_uid)
		return -EDQUOT;
	if (!q->lim.per_uid)
		return -EDQUOT;
	for (i = 0; !e && i < QUOTA_MAX; i++)
		if (!q->uids[i].n)
			e = &q->uids[i];
	/* an entry per unprivileged slot at most: never without one */
	if (!e)
		return -EBUSY;
	e->uid = uid;
	e->n++;
	q->used_unpriv++;
	return 0;
}

int quota_take(struct quota *q, uint32_t uid, bool privileged)
{
	int r = 0;

	if (q->used >= q->lim.total)
		return -EBUSY;
	if (!privileged)
		r = take_unpriv(q, uid);
	if (!r)
		q->used++;
	return r;
}

void quota_put(struct quota *q, uint32_t uid, bool privileged)
{
	struct quota_uid *e;

	if (!q->used)
		return;
	if (!privileged) {
		e = find(q, uid);
		if (!e)
			return;
		e->n--;
		q->used_unpriv--;
	}
	q->used--;
}
