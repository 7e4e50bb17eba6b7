// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl: transaction snapshots from mefwd's a{sv} dictionaries, and
 * their JSON.  The table below is the only place that names a property.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mefw_dbus.h"
#include "mefwctl.h"
#include "txn.h"

#define P(d, j, t, m) \
	{ d, j, t, offsetof(struct mefwctl_txn, m), \
	  sizeof(((struct mefwctl_txn *)0)->m) }

static const struct mefwctl_dict_key props[] = {
	P("Id", "id", 't', id),
	P("Device", "device", 's', device),
	P("State", "state", 's', state),
	P("Requester", "requester", 'u', requester),
	P("ImageSize", "image_size", 't', image_size),
	P("ImageSha256", "image_sha256", 's', image_sha256),
	P("ImageVersion", "image_version", 's', image_version),
	P("PreviousVersion", "previous_version", 's', previous_version),
	P("NewVersion", "new_version", 's', new_version),
	P("AllowSameVersion", "allow_same_version", 'b', allow_same_version),
	P("AtBoot", "at_boot", 'b', at_boot),
	P("BytesSent", "bytes_sent", 't', bytes_sent),
	P("Percent", "percent", 'u', percent),
	P("Stage", "stage", 'u', stage),
	P("TotalStages", "total_stages", 'u', total_stages),
	P("SpeedBps", "speed_bps", 't', speed_bps),
	P("EtaSeconds", "eta_seconds", 'i', eta_seconds),
	P("Code", "code", 'u', code),
	P("Message", "message", 's', message),
	P("FwStatus", "fw_status", 'u', fw_status),
	P("ResetType", "reset_type", 'u', reset_type),
	P("Verdict", "verdict", 's', verdict),
	P("Created", "created", 't', created),
	P("Started", "started", 't', started),
	P("Finished", "finished", 't', finished),
};

#define NPROPS (sizeof(props) / sizeof(props[0]))

void mefwctl_txn_init(struct mefwctl_txn *t)
{
	memset(t, 0, sizeof(*t));
	t->eta_seconds = -1;
}

static const struct mefwctl_dict_key *key_find(const struct mefwctl_dict_key *keys,
					       size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i].dbus, name))
			return &keys[i];
	return NULL;
}

/* the variant's value into the member of @p; the variant is entered */
static int read_value(sd_bus_message *m, const struct mefwctl_dict_key *p,
		      void *base)
{
	char *dst = (char *)base + p->off;
	const char *s;
	int b, r;

	switch (p->type) {
	case 's':
		r = sd_bus_message_read_basic(m, 's', &s);
		if (r < 0)
			return r;
		/* cut at the array's size, always terminated */
		snprintf(dst, p->size, "%s", s);
		return 0;
	case 'b':
		/* D-Bus booleans are int-sized, ours are bool */
		r = sd_bus_message_read_basic(m, 'b', &b);
		if (r < 0)
			return r;
		*(bool *)dst = b;
		return 0;
	default:
		return sd_bus_message_read_basic(m, p->type, dst);
	}
}

int mefwctl_dict_read(sd_bus_message *m, const struct mefwctl_dict_key *keys,
		      size_t n, void *base)
{
	const struct mefwctl_dict_key *p;
	const char *key, *contents;
	char want[2] = { 0 };
	int r;

	r = sd_bus_message_enter_container(m, 'a', "{sv}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = sd_bus_message_read_basic(m, 's', &key);
		if (r < 0)
			return r;
		p = key_find(keys, n, key);
		r = sd_bus_message_peek_type(m, NULL, &contents);
		if (r < 0)
			return r;
		if (p)
			want[0] = p->type;
		if (!p || strcmp(contents, want)) {
			/* unknown key, or a type we do not expect: skip */
			r = sd_bus_message_skip(m, "v");
		} else {
			r = sd_bus_message_enter_container(m, 'v', contents);
			if (r < 0)
				return r;
			r = read_value(m, p, base);
			if (r < 0)
				return r;
			r = sd_bus_message_exit_container(m);
		}
		if (r < 0)
			return r;
		r = sd_bus_message_exit_container(m);
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

int mefwctl_txn_read(sd_bus_message *m, struct mefwctl_txn *t)
{
	return mefwctl_dict_read(m, props, NPROPS, t);
}

int mefwctl_txn_read_array(sd_bus_message *m, struct mefwctl_txn **out)
{
	struct mefwctl_txn *v = NULL, *nv;
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

bool mefwctl_txn_final(const struct mefwctl_txn *t)
{
	return !strcmp(t->state, MEFW_TS_SUCCEEDED) ||
	       !strcmp(t->state, MEFW_TS_NEEDS_REBOOT) ||
	       !strcmp(t->state, MEFW_TS_FAILED) ||
	       !strcmp(t->state, MEFW_TS_CANCELLED);
}

int mefwctl_txn_exit_code(const struct mefwctl_txn *t)
{
	if (!strcmp(t->state, MEFW_TS_SUCCEEDED) ||
	    !strcmp(t->state, MEFW_TS_NEEDS_REBOOT))
		return MEFWCTL_EXIT_OK;
	if (!strcmp(t->state, MEFW_TS_FAILED))
		return MEFWCTL_EXIT_REFUSED;
	if (!strcmp(t->state, MEFW_TS_CANCELLED))
		return MEFWCTL_EXIT_CANCELLED;
	return MEFWCTL_EXIT_FAILURE;
}

struct json_object *mefwctl_txn_to_json(const struct mefwctl_txn *t)
{
	struct json_object *o = json_object_new_object(), *v;
	const char *src;
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < NPROPS; i++) {
		src = (const char *)t + props[i].off;
		switch (props[i].type) {
		case 't':
			v = json_object_new_uint64(*(const uint64_t *)src);
			break;
		case 'u':
			v = json_object_new_int64(*(const uint32_t *)src);
			break;
		case 'i':
			v = json_object_new_int(*(const int32_t *)src);
			break;
		case 'b':
			v = json_object_new_boolean(*(const bool *)src);
			break;
		default:
			v = json_object_new_string(src);
			break;
		}
		if (!v || json_object_object_add(o, props[i].json, v)) {
			json_object_put(v);
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}
