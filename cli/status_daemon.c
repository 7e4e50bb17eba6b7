// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl status --daemon [DEVICE]: the same report, asked from mefwd
 * (Manager.GetStatus, which returns the JSON of `mefwctl status --json`).
 * With --json it is printed as mefwd sent it; as text it is laid out like
 * the direct report (cmd_status.c): MEInfo's labels for the decoded
 * fields, the versions, the identity with the same labels, and the
 * notes: the same text as `mefwctl status`.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "bus.h"
#include "follow.h"
#include "mefw.h"
#include "mefwctl.h"

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    json_object_is_type(v, json_type_null))
		return NULL;
	return json_object_get_string(v);
}

/* "password_protected" -> "Password protected": the words of decode.c */
static void print_word(const char *label, const char *key)
{
	char buf[64];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", key);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	printf("%s: %s\n", label, buf);
}

static void print_plain(struct json_object *o, const char *key,
			const char *label)
{
	const char *s = str(o, key);

	if (s)
		printf("%s: %s\n", label, s);
}

/* the identity as print_identity() of cmd_status.c lays it out */
static void print_identity(struct json_object *o)
{
	const char *s, *sku;

	if ((s = str(o, "amt_version")) && strcmp(s, "0.0.0.0"))
		printf("AMT Version: %s\n", s);
	if ((s = str(o, "sku"))) {
		sku = str(o, "sku_interpretation");
		printf("SKU: %s (%s%s)\n", s, sku ? sku : "not interpreted",
		       sku ? "; mefw convention, reverse engineered" : "");
	}
	print_plain(o, "hw_sku", "HW SKU");
	print_plain(o, "pch_version", "PCH Version");
	if ((s = str(o, "vendor")))
		printf("VendorID: %s\n", strncmp(s, "0x", 2) ? s : s + 2);
	print_plain(o, "update_interfaces", "Update Interfaces");
	print_plain(o, "svn_in_flash", "SVN in Flash");
	print_plain(o, "last_update_status", "Last Update Status");
	print_plain(o, "last_reset_type", "Last Reset Type");
	print_plain(o, "mebx_version", "MEBx Version");
	if ((s = str(o, "bios_boot_state")))
		printf("BIOS boot State: %s\n", !strcmp(s, "0") ? "Pre Boot" :
		       !strcmp(s, "2") ? "Post Boot" : "Unknown");
	print_word("Local FWUpdate", (s = str(o, "local_update")) ? s : "unknown");
	print_word("HMRFPO", (s = str(o, "hmrfpo")) ? s : "unknown");
	s = str(o, "protocol");
	if (s && !strcmp(s, "legacy_fwu"))
		printf("Update Protocol: %s, MTU %s\n",
		       mefw_protocol_str(MEFW_PROTO_LEGACY_FWU),
		       str(o, "mtu") ? str(o, "mtu") : "?");
	else
		printf("Update Protocol: %s\n",
		       s && !strcmp(s, "unsupported") ?
		       mefw_protocol_str(MEFW_PROTO_UNSUPPORTED) :
		       mefw_protocol_str(MEFW_PROTO_UNKNOWN));
}

static enum mefw_family family_of(const char *key)
{
	int f;

	for (f = 0; f < MEFW_FAM_COUNT; f++)
		if (key && !strcmp(key, mefw_family_key(f)))
			return f;
	return MEFW_FAM_UNKNOWN;
}

static void print_device(struct json_object *d)
{
	struct json_object *a, *o, *v;
	const struct mefw_field *f;
	const char *s, *mei;
	enum mefw_family fam;
	size_t i, n;
	int id;

	s = str(d, "device");
	mei = str(d, "mei_device");
	if (s && mei && strcmp(s, mei))
		printf("Device: %s (%s)\n", s, mei);
	else if (s)
		printf("Device: %s\n", s);
	printf("Family: %s%s\n", str(d, "family") ? str(d, "family") : "?",
	       json_object_object_get_ex(d, "family_assumed", &v) &&
	       json_object_get_boolean(v) ? " (assumed)" : "");
	if (json_object_object_get_ex(d, "hfsts", &a)) {
		n = json_object_array_length(a);
		for (i = 0; i < n; i++)
			printf("FW Status Register%zu: %s\n", i + 1,
			       json_object_get_string(json_object_array_get_idx(a, i)));
	}
	fam = family_of(str(d, "family_key"));
	if (json_object_object_get_ex(d, "status", &o)) {
		for (id = 0; id < MEFW_F_COUNT; id++) {
			f = mefw_field_get(fam, id);
			if (f && (s = str(o, f->attr)))
				printf("%s: %s\n", f->label, s);
		}
	}
	if ((s = str(d, "update_percent")))
		printf("FW Update Progress: %s%%\n", s);
	if ((s = str(d, "fw_version")))
		printf("FW Version: %s\n", s);
	if ((s = str(d, "recovery_version")))
		printf("Recovery Version: %s\n", s);
	if ((s = str(d, "fitc_version")))
		printf("FITC Version: %s\n", s);
	if (json_object_object_get_ex(d, "identity", &o) &&
	    json_object_is_type(o, json_type_object))
		print_identity(o);
	if (json_object_object_get_ex(d, "notes", &a)) {
		n = json_object_array_length(a);
		for (i = 0; i < n; i++)
			printf("Note: %s\n",
			       json_object_get_string(json_object_array_get_idx(a, i)));
	}
}

static int print_text(const char *json)
{
	struct json_object *root, *devs;
	size_t i, n;

	root = json_tokener_parse(json);
	if (!root || !json_object_object_get_ex(root, "devices", &devs) ||
	    !json_object_is_type(devs, json_type_array)) {
		json_object_put(root);
		mefwctl_err("status: mefwd's GetStatus answer is not the expected JSON");
		return MEFWCTL_EXIT_FAILURE;
	}
	n = json_object_array_length(devs);
	for (i = 0; i < n; i++) {
		if (i)
			putchar('\n');
		print_device(json_object_array_get_idx(devs, i));
	}
	json_object_put(root);
	return mefwctl_flush();
}

int mefwctl_status_daemon(bool json, const char *device)
{
	sd_bus_message *reply = NULL;
	sd_bus *bus = NULL;
	const char *s;
	int r;

	r = mefwctl_bus_open(&bus);
	if (!r)
		r = mefwctl_call(bus, "status", "GetStatus", false, &reply,
				 "s", device ? device : "");
	if (!r && sd_bus_message_read_basic(reply, 's', &s) < 0) {
		mefwctl_err("status: cannot read mefwd's answer to GetStatus");
		r = MEFWCTL_EXIT_FAILURE;
	}
	if (!r) {
		if (json) {
			printf("%s%s", s, s[0] && s[strlen(s) - 1] == '\n' ? "" : "\n");
			r = mefwctl_flush();
		} else {
			r = print_text(s);
		}
	}
	sd_bus_message_unref(reply);
	sd_bus_flush_close_unref(bus);
	return r;
}
