// SPDX-License-Identifier: GPL-2.0
/*
 * Transaction model: the list of transactions and the per-device FIFO
 * order (lowest id first).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mefw_clock.h"
#include "txn.h"

bool txn_running(const struct txn *t)
{
	return t->worker || mefw_txn_state_active(t->state);
}

void txn_init(struct txn *t, uint64_t id, const char *device)
{
	memset(t, 0, sizeof(*t));
	mefw_txn_clear(&t->rec);
	t->id = id;
	snprintf(t->device, sizeof(t->device), "%s", device);
	t->state = MEFW_TXN_QUEUED;
	t->created = mefw_real_us();
}

void txn_end(struct txn *t, enum mefw_txn_state state, uint32_t code,
	     const char *fmt, ...)
{
	va_list ap;

	t->state = state;
	t->code = code;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(t->message, sizeof(t->message), fmt, ap);
		va_end(ap);
	}
	t->speed_bps = 0;
	t->eta_seconds = -1;
	t->finished = mefw_real_us();
}

int txn_list_insert(struct txn **head, struct txn *t)
{
	struct txn **pp = head;

	while (*pp && (*pp)->id < t->id)
		pp = &(*pp)->next;
	if (*pp && (*pp)->id == t->id)
		return -EEXIST;
	t->next = *pp;
	*pp = t;
	return 0;
}

struct txn *txn_list_find(struct txn *head, uint64_t id)
{
	for (; head; head = head->next)
		if (head->id == id)
			return head;
	return NULL;
}

struct txn *txn_active_on(struct txn *head, const char *device)
{
	for (; head; head = head->next)
		if (txn_running(head) && !strcmp(head->device, device))
			return head;
	return NULL;
}

struct txn *txn_next_for_device(struct txn *head, const char *device)
{
	if (txn_active_on(head, device))
		return NULL;
	for (; head; head = head->next)
		if (head->state == MEFW_TXN_QUEUED && !strcmp(head->device, device))
			return head;
	return NULL;
}

/* run order: active, queued (FIFO), scheduled; -1: not in the queue */
static int queue_rank(const struct txn *t)
{
	return txn_running(t) ? 0 : t->state == MEFW_TXN_QUEUED ? 1 :
	       t->state == MEFW_TXN_SCHEDULED ? 2 : -1;
}

int txn_queue_order(struct txn *head, struct txn ***out)
{
	struct txn *t, **v;
	int n = 0, rank;

	*out = NULL;
	for (t = head; t; t = t->next)
		n += queue_rank(t) >= 0;
	if (!n)
		return 0;
	v = calloc((size_t)n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	n = 0;
	for (rank = 0; rank < 3; rank++)
		for (t = head; t; t = t->next)
			if (queue_rank(t) == rank)
				v[n++] = t;
	*out = v;
	return n;
}

int txn_history_order(struct txn *head, uint32_t limit, struct txn ***out)
{
	struct txn *t, **v;
	int n = 0, i;

	*out = NULL;
	for (t = head; t; t = t->next)
		n += mefw_txn_state_final(t->state);
	if (!n)
		return 0;
	v = calloc((size_t)n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	/* the list is ascending: walk it into the array backwards */
	i = n;
	for (t = head; t; t = t->next)
		if (mefw_txn_state_final(t->state))
			v[--i] = t;
	*out = v;
	return limit && limit < (uint32_t)n ? (int)limit : n;
}
