// SPDX-License-Identifier: GPL-2.0
/*
 * org.mefw1.Transaction objects (/org/mefw1/transaction/<id>): the
 * properties of struct txn (one table: mefw_txn_fields), PropertiesChanged,
 * Cancel(), and the TransactionEnded signal of the Manager.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "bus.h"
#include "daemon.h"
#include "mefw_dbus.h"

void bus_txn_path(const struct txn *t, char *buf, size_t len)
{
	snprintf(buf, len, MEFW_TXN_PREFIX "/%" PRIu64, t->id);
}

static int append_field(sd_bus_message *m, const struct mefw_txn *t,
			const struct mefw_txn_field *f)
{
	const char *p = (const char *)t + f->off;
	int b;

	switch (f->type) {
	case MEFW_TXN_BOOL:
		/* D-Bus booleans are int-sized, ours are bool */
		b = *(const bool *)p;
		return sd_bus_message_append_basic(m, 'b', &b);
	case MEFW_TXN_STATE:
		return sd_bus_message_append_basic(m, 's', mefw_txn_state_str(t->state));
	default:
		/* t, u, i: a uint64_t, uint32_t, int32_t member; s: the array */
		return sd_bus_message_append_basic(m, f->sig[0], p);
	}
}

int bus_txn_append_dict(sd_bus_message *m, const struct txn *t)
{
	size_t i;
	int r;

	r = sd_bus_message_open_container(m, 'a', "{sv}");
	for (i = 0; r >= 0 && i < mefw_txn_nfields; i++) {
		const struct mefw_txn_field *f = &mefw_txn_fields[i];

		r = sd_bus_message_open_container(m, 'e', "sv");
		if (r >= 0)
			r = sd_bus_message_append_basic(m, 's', f->name);
		if (r >= 0)
			r = sd_bus_message_open_container(m, 'v', f->sig);
		if (r >= 0)
			r = append_field(m, &t->rec, f);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	return r;
}

static int prop_get(sd_bus *bus, const char *path, const char *interface,
		    const char *property, sd_bus_message *reply, void *userdata,
		    sd_bus_error *error)
{
	const struct txn *t = userdata;
	const struct mefw_txn_field *f = mefw_txn_field_find(property);

	(void)bus;
	(void)path;
	(void)interface;
	if (!f)
		return sd_bus_error_setf(error, SD_BUS_ERROR_UNKNOWN_PROPERTY,
					 "no property %s", property);
	return append_field(reply, &t->rec, f);
}

static void cancel_authorized(struct daemon *d, sd_bus_message *m, long uid,
			      const sd_bus_error *e, void *ud)
{
	uint64_t id = (uint64_t)(uintptr_t)ud;

	if (e) {
		sd_bus_reply_method_error(m, e);
		return;
	}
	bus_cancel_id(d, m, uid, id);
}

static int method_cancel(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct txn *t = userdata;

	(void)error;
	return auth_check(t->owner, m, MEFW_ACTION_CANCEL,
			  "cancelling ME firmware updates", cancel_authorized,
			  (void *)(uintptr_t)t->id);
}

/*
 * The Transaction interface: one property per entry of mefw_txn_fields
 * (lib/mefw_txn.h, the only list of the transaction's properties), then
 * Cancel().  Built once; it lives as long as the process.
 */
static const sd_bus_vtable *txn_vtable(void)
{
	static sd_bus_vtable *v;
	size_t i, n = 0;

	if (v)
		return v;
	v = calloc(mefw_txn_nfields + 3, sizeof(*v));
	if (!v)
		return NULL;
	v[n++] = (sd_bus_vtable)SD_BUS_VTABLE_START(0);
	for (i = 0; i < mefw_txn_nfields; i++)
		v[n++] = (sd_bus_vtable)SD_BUS_PROPERTY(mefw_txn_fields[i].name,
			mefw_txn_fields[i].sig, prop_get, 0,
			SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE);
	v[n++] = (sd_bus_vtable)SD_BUS_METHOD("Cancel", "", "", method_cancel,
					      SD_BUS_VTABLE_UNPRIVILEGED);
	v[n] = (sd_bus_vtable)SD_BUS_VTABLE_END;
	return v;
}

/* "/org/mefw1/transaction/17" -> the exported transaction 17 */
static struct txn *txn_of_path(struct daemon *d, const char *path)
{
	const char *s = path + strlen(MEFW_TXN_PREFIX);
	unsigned long long id;
	char *end;
	struct txn *t;

	if (strncmp(path, MEFW_TXN_PREFIX "/", strlen(MEFW_TXN_PREFIX) + 1))
		return NULL;
	s++;
	if (*s < '1' || *s > '9')
		return NULL;
	errno = 0;
	id = strtoull(s, &end, 10);
	if (errno || *end)
		return NULL;
	t = txn_list_find(d->txns, id);
	return t && t->exported ? t : NULL;
}

static int txn_find(sd_bus *bus, const char *path, const char *interface,
		    void *userdata, void **found, sd_bus_error *error)
{
	struct txn *t = txn_of_path(userdata, path);

	(void)bus;
	(void)interface;
	(void)error;
	if (!t)
		return 0;
	t->owner = userdata;
	*found = t;
	return 1;
}

static int txn_enum(sd_bus *bus, const char *prefix, void *userdata,
		    char ***nodes, sd_bus_error *error)
{
	struct daemon *d = userdata;
	size_t n = 0, i = 0;
	struct txn *t;
	char **v;

	(void)bus;
	(void)prefix;
	(void)error;
	for (t = d->txns; t; t = t->next)
		n += t->exported;
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (t = d->txns; t && i < n; t = t->next) {
		char p[96];

		if (!t->exported)
			continue;
		bus_txn_path(t, p, sizeof(p));
		v[i] = strdup(p);
		if (!v[i]) {
			while (i)
				free(v[--i]);
			free(v);
			return -ENOMEM;
		}
		i++;
	}
	*nodes = v;
	return 1;
}

int bus_txn_setup(struct daemon *d)
{
	const sd_bus_vtable *vt = txn_vtable();
	int r;

	if (!vt)
		return -ENOMEM;
	r = sd_bus_add_fallback_vtable(d->bus, NULL, MEFW_TXN_PREFIX, MEFW_TXN_IFACE,
				       vt, txn_find, d);
	if (r < 0)
		return r;
	return sd_bus_add_node_enumerator(d->bus, NULL, MEFW_TXN_PREFIX, txn_enum, d);
}

void bus_txn_emit_changed(struct daemon *d, struct txn *t)
{
	char p[96];

	if (!d->bus || !t->exported)
		return;
	bus_txn_path(t, p, sizeof(p));
	sd_bus_emit_properties_changed_strv(d->bus, p, MEFW_TXN_IFACE, NULL);
}

void bus_txn_emit_ended(struct daemon *d, struct txn *t)
{
	char p[96];

	if (!d->bus)
		return;
	bus_txn_path(t, p, sizeof(p));
	sd_bus_emit_signal(d->bus, MEFW_MANAGER_PATH, MEFW_MANAGER_IFACE,
			   "TransactionEnded", "tosus", t->id, p,
			   mefw_txn_state_str(t->state), t->code, t->message);
}
