// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the text of `mefwctl status`, an MEInfo-like report: the
 * registers, the decoded fields with MEInfo's labels, the versions, what
 * the ME says about itself, the notes.  One renderer, laid out from the
 * status document of json_out.c, so that a report read here and the
 * answer of mefwd's GetStatus (that same document) print the same text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mefw.h"
#include "status_json.h"

/* @key's value as text; NULL when absent or null */
static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    json_object_is_type(v, json_type_null))
		return NULL;
	return json_object_get_string(v);
}

static void line(FILE *f, const char *label, const char *value)
{
	if (value)
		fprintf(f, "%s: %s\n", label, value);
}

/* the uapi values of protocol, local update and HMRFPO: 0, 1, 2 (and UNKNOWN) */
#define ENUM_VALUES 3

/* the value whose key (@key_of) is @key, for the words of decode.c */
static uint32_t value_of(const char *(*key_of)(uint32_t), const char *key,
			 uint32_t unknown)
{
	uint32_t v;
	const char *k;

	for (v = 0; key && v < ENUM_VALUES; v++) {
		k = key_of(v);
		if (k && !strcmp(k, key))
			return v;
	}
	return unknown;
}

static void text_protocol(FILE *f, struct json_object *o)
{
	uint32_t p = value_of(mefw_protocol_key, str(o, "protocol"), MEFW_PROTO_UNKNOWN);
	const char *mtu = str(o, "mtu");

	if (p == MEFW_PROTO_LEGACY_FWU)
		fprintf(f, "Update Protocol: %s, MTU %s\n", mefw_protocol_str(p),
			mtu ? mtu : "?");
	else
		fprintf(f, "Update Protocol: %s\n", mefw_protocol_str(p));
}

/* the identity's SKU and version block (GET_VERSION) */
static void text_version_block(FILE *f, struct json_object *o)
{
	const char *s, *sku;

	s = str(o, "amt_version");
	if (s && strcmp(s, "0.0.0.0"))
		line(f, "AMT Version", s);
	if ((s = str(o, "sku"))) {
		sku = str(o, "sku_interpretation");
		fprintf(f, "SKU: %s (%s%s)\n", s, sku ? sku : "not interpreted",
			sku ? "; mefw convention, reverse engineered" : "");
	}
	line(f, "HW SKU", str(o, "hw_sku"));
	line(f, "PCH Version", str(o, "pch_version"));
	if ((s = str(o, "vendor")))
		line(f, "VendorID", strncmp(s, "0x", 2) ? s : s + 2);
	line(f, "Update Interfaces", str(o, "update_interfaces"));
	line(f, "SVN in Flash", str(o, "svn_in_flash"));
	line(f, "Last Update Status", str(o, "last_update_status"));
	line(f, "Last Reset Type", str(o, "last_reset_type"));
}

static void text_identity(FILE *f, struct json_object *o)
{
	const char *s;

	text_version_block(f, o);
	line(f, "MEBx Version", str(o, "mebx_version"));
	if ((s = str(o, "bios_boot_state")))
		line(f, "BIOS boot State", !strcmp(s, "0") ? "Pre Boot" :
		     !strcmp(s, "2") ? "Post Boot" : "Unknown");
	line(f, "Local FWUpdate", mefw_local_update_str(value_of(mefw_local_update_key,
		str(o, "local_update"), MEFW_LOCAL_UPDATE_UNKNOWN)));
	line(f, "HMRFPO", mefw_hmrfpo_str(value_of(mefw_hmrfpo_key, str(o, "hmrfpo"),
						   MEFW_HMRFPO_UNKNOWN)));
	text_protocol(f, o);
}

static enum mefw_family family_of(const char *key)
{
	int fam;

	for (fam = 0; fam < MEFW_FAM_COUNT; fam++)
		if (key && !strcmp(key, mefw_family_key(fam)))
			return fam;
	return MEFW_FAM_UNKNOWN;
}

/* each string of array @key as "LABEL: S", or "LABELn: S" when @numbered */
static void text_list(FILE *f, struct json_object *d, const char *key,
		      const char *label, bool numbered)
{
	struct json_object *a;
	size_t i, n;

	if (!json_object_object_get_ex(d, key, &a) || !json_object_is_type(a, json_type_array))
		return;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(a, i));

		if (numbered)
			fprintf(f, "%s%zu: %s\n", label, i + 1, s);
		else
			fprintf(f, "%s: %s\n", label, s);
	}
}

/* the decoded fields, in the order and with the labels of the family's table */
static void text_fields(FILE *f, struct json_object *d)
{
	enum mefw_family fam = family_of(str(d, "family_key"));
	const struct mefw_field *fl;
	struct json_object *o;
	int id;

	if (!json_object_object_get_ex(d, "status", &o))
		return;
	for (id = 0; id < MEFW_F_COUNT; id++) {
		fl = mefw_field_get(fam, id);
		if (fl)
			line(f, fl->label, str(o, fl->attr));
	}
}

static void text_device(FILE *f, struct json_object *d)
{
	const char *s = str(d, "device"), *mei = str(d, "mei_device"), *pct;
	struct json_object *o;

	if (s && mei && strcmp(s, mei))
		fprintf(f, "Device: %s (%s)\n", s, mei);
	else
		line(f, "Device", s);
	fprintf(f, "Family: %s%s\n", str(d, "family") ? str(d, "family") : "?",
		json_object_object_get_ex(d, "family_assumed", &o) &&
		json_object_get_boolean(o) ? " (assumed)" : "");
	text_list(f, d, "hfsts", "FW Status Register", true);
	text_fields(f, d);
	if ((pct = str(d, "update_percent")))
		fprintf(f, "FW Update Progress: %s%%\n", pct);
	line(f, "FW Version", str(d, "fw_version"));
	line(f, "Recovery Version", str(d, "recovery_version"));
	line(f, "FITC Version", str(d, "fitc_version"));
	if (json_object_object_get_ex(d, "identity", &o) &&
	    json_object_is_type(o, json_type_object))
		text_identity(f, o);
	text_list(f, d, "notes", "Note", false);
}

/* every device of the document @root, a blank line between two */
static int text_document(FILE *f, struct json_object *root, struct mefw_error *err)
{
	struct json_object *devs;
	size_t i, n;

	if (!root || !json_object_object_get_ex(root, "devices", &devs) ||
	    !json_object_is_type(devs, json_type_array))
		return mefw_error_set(err, -EINVAL, "not a status document");
	n = json_object_array_length(devs);
	for (i = 0; i < n; i++) {
		if (i)
			fputc('\n', f);
		text_device(f, json_object_array_get_idx(devs, i));
	}
	return 0;
}

int mefw_reports_text(FILE *f, const struct mefw_report *reports, size_t n,
		      struct mefw_error *err)
{
	struct mefw_jctx c = { .oom = false };
	struct json_object *root = mefw_reports_json(&c, reports, n);
	int ret;

	if (c.oom)
		ret = mefw_error_set(err, -ENOMEM, "out of memory building the report");
	else
		ret = text_document(f, root, err);
	json_object_put(root);
	return ret;
}

int mefw_status_json_text(FILE *f, const char *json, struct mefw_error *err)
{
	struct json_object *root = json_tokener_parse(json);
	int ret = text_document(f, root, err);

	json_object_put(root);
	return ret;
}
