// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl: transaction snapshots from mefwd's a{sv} dictionaries, and
 * their JSON, by the table of lib/mefw_txn.h (the only place that names
 * a property).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mefw_bus_dict.h"
#include "mefw_dbus.h"
#include "mefwctl.h"
#include "txn.h"

void mefwctl_txn_init(struct mefw_txn *t)
{
	mefw_txn_clear(t);
	t->state = MEFW_TXN_STATE_COUNT;
}

/* the entered variant's value of D-Bus type @type into @dst (@size bytes) */
static int read_value(sd_bus_message *m, char type, void *dst, size_t size)
{
	const char *s;
	int b, r;

	switch (type) {
	case 's':
		r = sd_bus_message_read_basic(m, 's', &s);
		if (r < 0)
			return r;
		/* cut at the array's size, always terminated */
		snprintf(dst, size, "%s", s);
		return 0;
	case 'b':
		/* D-Bus booleans are int-sized, ours are bool */
		r = sd_bus_message_read_basic(m, 'b', &b);
		if (r < 0)
			return r;
		*(bool *)dst = b;
		return 0;
	default:
		return sd_bus_message_read_basic(m, type, dst);
	}
}

/* the variant of D-Bus type @type into @dst; 0 (skip) on another type */
static int read_variant(sd_bus_message *m, const char *contents, char type,
			void *dst, size_t size)
{
	char want[2] = { type, 0 };
	int r;

	if (strcmp(contents, want))
		return 0;
	r = sd_bus_message_enter_container(m, 'v', contents);
	if (r >= 0)
		r = read_value(m, type, dst, size);
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	return r < 0 ? r : 1;
}

struct keys_ctx {
	const struct mefwctl_dict_key *keys;
	size_t n;
	void *base;
};

static int key_entry(sd_bus_message *m, const char *key, const char *contents,
		     void *ctx)
{
	const struct keys_ctx *c = ctx;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->keys[i].dbus, key))
			return read_variant(m, contents, c->keys[i].type,
					    (char *)c->base + c->keys[i].off,
					    c->keys[i].size);
	return 0;
}

int mefwctl_dict_read(sd_bus_message *m, const struct mefwctl_dict_key *keys,
		      size_t n, void *base)
{
	struct keys_ctx c = { keys, n, base };

	return mefw_bus_dict_walk(m, key_entry, &c);
}

static int txn_entry(sd_bus_message *m, const char *key, const char *contents,
		     void *ctx)
{
	const struct mefw_txn_field *f = mefw_txn_field_find(key);
	struct mefw_txn *t = ctx;
	char state[32];
	int r;

	if (!f)
		return 0;
	if (f->type != MEFW_TXN_STATE)
		return read_variant(m, contents, f->sig[0], (char *)t + f->off,
				    f->size);
	r = read_variant(m, contents, 's', state, sizeof(state));
	if (r > 0 && mefw_txn_state_parse(state, &t->state))
		t->state = MEFW_TXN_STATE_COUNT;
	return r;
}

int mefwctl_txn_read(sd_bus_message *m, struct mefw_txn *t)
{
	return mefw_bus_dict_walk(m, txn_entry, t);
}

int mefwctl_txn_read_array(sd_bus_message *m, struct mefw_txn **out)
{
	struct mefw_txn *v = NULL, *nv;
	size_t n = 0, cap = 0;
	int r;

	*out = NULL;
	r = sd_bus_message_enter_container(m, 'a', "a{sv}");
	if (r < 0)
		return r;
	for (;;) {
		r = sd_bus_message_at_end(m, false);
		if (r < 0)
			goto fail;
		if (r > 0)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			nv = reallocarray(v, cap, sizeof(*v));
			if (!nv) {
				r = -ENOMEM;
				goto fail;
			}
			v = nv;
		}
		mefwctl_txn_init(&v[n]);
		r = mefwctl_txn_read(m, &v[n]);
		if (r < 0)
			goto fail;
		n++;
	}
	r = sd_bus_message_exit_container(m);
	if (r < 0)
		goto fail;
	if (n > (size_t)INT32_MAX) {
		r = -E2BIG;
		goto fail;
	}
	*out = v;
	return (int)n;
fail:
	free(v);
	return r;
}

bool mefwctl_txn_final(const struct mefw_txn *t)
{
	return mefw_txn_state_final(t->state);
}

int mefwctl_txn_exit_code(const struct mefw_txn *t)
{
	switch (t->state) {
	case MEFW_TXN_SUCCEEDED:
	case MEFW_TXN_NEEDS_REBOOT:
		return MEFWCTL_EXIT_OK;
	case MEFW_TXN_FAILED:
		return MEFWCTL_EXIT_REFUSED;
	case MEFW_TXN_CANCELLED:
		return MEFWCTL_EXIT_CANCELLED;
	default:
		return MEFWCTL_EXIT_FAILURE;
	}
}

struct json_object *mefwctl_txn_to_json(const struct mefw_txn *t)
{
	return mefw_txn_to_json(t, MEFW_TXN_KEYS_JSON);
}
