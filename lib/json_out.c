// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: JSON form of status reports (json-c).  The shape is stable and
 * documented in Documentation/mefwctl.1; keys are only ever added.
 *
 * {"devices":[{"device":"mefw0", "source":"mefw", "mei_device":"mei0",
 *   "family":"ME 6-10", "family_key":"me6_10", "family_assumed":false,
 *   "fw_version":"9.0.20.1447", "recovery_version":..., "fitc_version":...,
 *   "hfsts":["0x1E000245", ...],
 *   "status":{"current_state":"Normal", ...},
 *   "status_raw":{"current_state":5, ...},
 *   "update_percent":null,
 *   "identity":{...} or null,
 *   "notes":[...]}]}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json_build.h"
#include "mefw.h"
#include "status_json.h"

static const char *source_key(enum mefw_source s)
{
	switch (s) {
	case MEFW_SRC_MEFW:
		return "mefw";
	case MEFW_SRC_MEI_SYSFS:
		return "mei-sysfs";
	default:
		return "decode";
	}
}

const char *mefw_protocol_key(uint32_t p)
{
	switch (p) {
	case MEFW_PROTO_LEGACY_FWU:
		return "legacy_fwu";
	case MEFW_PROTO_UNSUPPORTED:
		return "unsupported";
	default:
		return "unknown";
	}
}

const char *mefw_local_update_key(uint32_t v)
{
	switch (v) {
	case MEFW_LOCAL_UPDATE_DISABLED:
		return "disabled";
	case MEFW_LOCAL_UPDATE_ENABLED:
		return "enabled";
	case MEFW_LOCAL_UPDATE_PASSWORD:
		return "password_protected";
	default:
		return NULL;
	}
}

const char *mefw_hmrfpo_key(uint32_t v)
{
	switch (v) {
	case MEFW_HMRFPO_DISABLED:
		return "disabled";
	case MEFW_HMRFPO_LOCKED:
		return "locked";
	case MEFW_HMRFPO_ENABLED:
		return "enabled";
	default:
		return NULL;
	}
}

static void add_hex(struct mefw_jctx *c, struct json_object *o, const char *key,
		    uint32_t x, int digits)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%0*X", digits, x);
	mefw_json_add_str(c, o, key, buf);
}

static void add_version(struct mefw_jctx *c, struct json_object *o,
			const char *key, bool have,
			const struct mefw_version *v)
{
	char buf[32];

	mefw_json_add_str(c, o, key, have ? mefw_version_str(v, buf, sizeof(buf)) :
		NULL);
}

static struct json_object *identity_json(struct mefw_jctx *c,
					 const struct mefw_report *r)
{
	const struct mefw_identity *id = &r->identity;
	struct json_object *o = json_object_new_object();
	char bios[sizeof(id->bios_version) + 1];
	size_t i;

	if (!o) {
		c->oom = true;
		return NULL;
	}
	mefw_json_add_str(c, o, "protocol", mefw_protocol_key(id->protocol));
	mefw_json_add_int(c, o, "valid", id->valid);
	mefw_json_add_int(c, o, "mtu", id->mtu);
	if (id->valid & MEFW_ID_VERSION) {
		add_version(c, o, "code_version", true, &id->code);
		add_version(c, o, "amt_version", true, &id->amt);
		add_hex(c, o, "sku", id->sku, 8);
		mefw_json_add_str(c, o, "sku_interpretation",
				  mefw_sku_str(id->sku, id->code.major));
		mefw_json_add_int(c, o, "pch_version", id->pch_version);
		add_hex(c, o, "vendor", id->vendor, 4);
		mefw_json_add_int(c, o, "last_update_status", id->last_update_status);
		add_hex(c, o, "hw_sku", id->hw_sku, 8);
		add_hex(c, o, "update_interfaces", id->update_interfaces, 4);
		mefw_json_add_int(c, o, "svn_in_flash", id->svn_in_flash);
		mefw_json_add_int(c, o, "data_format_version", id->data_format_version);
		mefw_json_add_int(c, o, "last_reset_type", id->last_reset_type);
	}
	if (id->valid & MEFW_ID_MKHI_VERSION) {
		add_version(c, o, "recovery_version", true, &id->recovery);
		add_version(c, o, "fitc_version", true, &id->fitc);
	}
	mefw_json_add_str(c, o, "local_update", mefw_local_update_key(id->local_update));
	mefw_json_add_str(c, o, "hmrfpo", mefw_hmrfpo_key(id->hmrfpo));
	if (id->valid & MEFW_ID_INFO) {
		add_version(c, o, "mebx_version", true, &id->mebx);
		mefw_json_add_int(c, o, "bios_boot_state", id->bios_boot_state);
		add_hex(c, o, "info_flags", id->info_flags, 8);
		for (i = 0; i < sizeof(id->bios_version); i++) {
			unsigned char ch = id->bios_version[i];

			if (!ch)
				break;
			bios[i] = (ch >= 0x20 && ch < 0x7F) ? (char)ch : '?';
		}
		bios[i] = '\0';
		mefw_json_add_str(c, o, "bios_version", bios);
	}
	return o;
}

static struct json_object *report_json(struct mefw_jctx *c,
				       const struct mefw_report *r)
{
	struct json_object *o, *regs, *st, *raw, *notes;
	unsigned int i;
	char buf[16];

	o = json_object_new_object();
	if (!o) {
		c->oom = true;
		return NULL;
	}
	mefw_json_add_str(c, o, "device", r->device[0] ? r->device : NULL);
	mefw_json_add_str(c, o, "source", source_key(r->source));
	mefw_json_add_str(c, o, "mei_device", r->mei_device[0] ? r->mei_device : NULL);
	mefw_json_add_str(c, o, "family", mefw_family_name(r->family));
	mefw_json_add_str(c, o, "family_key", mefw_family_key(r->family));
	mefw_json_add_bool(c, o, "family_assumed", r->family_assumed);
	add_version(c, o, "fw_version", r->have_fw_version, &r->fw_version);
	add_version(c, o, "recovery_version", r->have_recovery,
		    &r->recovery);
	add_version(c, o, "fitc_version", r->have_fitc, &r->fitc);

	regs = json_object_new_array();
	for (i = 0; i < r->nregs; i++) {
		snprintf(buf, sizeof(buf), "0x%08X", r->hfsts[i]);
		mefw_json_arr_add(c, regs, json_object_new_string(buf));
	}
	mefw_json_add(c, o, "hfsts", regs);

	st = json_object_new_object();
	raw = json_object_new_object();
	for (i = 0; i < r->nfields; i++) {
		mefw_json_add_str(c, st, r->fields[i].attr, r->fields[i].text);
		mefw_json_add_int(c, raw, r->fields[i].attr,
			(int64_t)r->fields[i].raw);
	}
	mefw_json_add(c, o, "status", st);
	mefw_json_add(c, o, "status_raw", raw);

	if (r->update_percent >= 0)
		mefw_json_add_int(c, o, "update_percent", r->update_percent);
	else
		mefw_json_add(c, o, "update_percent", NULL);

	mefw_json_add(c, o, "identity", r->have_identity ? identity_json(c, r) : NULL);

	notes = json_object_new_array();
	for (i = 0; i < r->nnotes; i++)
		mefw_json_arr_add(c, notes, json_object_new_string(r->notes[i]));
	mefw_json_add(c, o, "notes", notes);
	return o;
}

struct json_object *mefw_reports_json(struct mefw_jctx *c,
				      const struct mefw_report *reports, size_t n)
{
	struct json_object *root, *devs;
	size_t i;

	root = json_object_new_object();
	devs = json_object_new_array();
	for (i = 0; i < n; i++)
		mefw_json_arr_add(c, devs, report_json(c, &reports[i]));
	mefw_json_add(c, root, "devices", devs);
	if (!root)
		c->oom = true;
	return root;
}

int mefw_reports_to_json(const struct mefw_report *reports, size_t n,
			 bool pretty, char **out, struct mefw_error *err)
{
	struct mefw_jctx c = { .oom = false };
	struct json_object *root = mefw_reports_json(&c, reports, n);

	return mefw_json_finish(&c, root, pretty, out, err);
}
