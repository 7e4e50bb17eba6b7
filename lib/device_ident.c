// SPDX-License-Identifier: GPL-2.0
/*
 * The running ME's identity for the compatibility rules, from a status
 * report (shared by `mefwctl info --against-device` and mefwd).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mefw_ident.h"

int mefw_device_ident_from_report(const struct mefw_report *r,
				  struct mefw_device_ident *id,
				  struct mefw_error *err)
{
	const struct mefw_version *v = NULL;

	memset(id, 0, sizeof(*id));
	if (r->have_fw_version)
		v = &r->fw_version;
	else if (r->have_identity && (r->identity.valid & MEFW_ID_VERSION))
		v = &r->identity.code;
	if (!v)
		return mefw_error_set(err, -ENODATA,
				      "%s does not report its firmware version",
				      r->device);
	id->major = v->major;
	id->minor = v->minor;
	id->hotfix = v->hotfix;
	id->build = v->build;
	snprintf(id->family, sizeof(id->family), "%s",
		 v->major >= 11 ? "CSME" : "ME");
	if (r->have_identity && (r->identity.valid & MEFW_ID_VERSION)) {
		/* GET_VERSION Sku bits 4-6: mefw's convention (lib/decode.c) */
		if (v->major >= 9 && v->major <= 10) {
			static const char *const t[] = { "5MB", "1.5MB", "Slim" };
			unsigned int k = (r->identity.sku >> 4) & 7;

			if (k < 3)
				snprintf(id->sku, sizeof(id->sku), "%s", t[k]);
		}
		id->has_svn = true;
		id->svn = r->identity.svn_in_flash;
	}
	return 0;
}

int mefw_device_ident_read(const char *root, const char *name,
			   struct mefw_device_ident *id, char *name_out,
			   struct mefw_error *err)
{
	struct mefw_dev_entry devs[MEFW_MAX_DEVICES], dev;
	struct mefw_report *r;
	int n, ret;

	if (!root)
		root = "";
	if (name && name[0]) {
		ret = mefw_device_resolve(root, name, &dev, err);
		if (ret < 0)
			return ret;
	} else {
		n = mefw_devices_list(root, devs, MEFW_MAX_DEVICES, err);
		if (n <= 0)
			return n < 0 ? n : mefw_error_set(err, -ENODEV, "no ME device found");
		dev = devs[0];
	}
	if (name_out)
		snprintf(name_out, MEFW_NAME_MAX, "%s", dev.name);
	r = calloc(1, sizeof(*r));
	if (!r)
		return mefw_error_set(err, -ENOMEM, "out of memory");
	ret = mefw_report_from_device(root, &dev, r, err);
	if (!ret)
		ret = mefw_device_ident_from_report(r, id, err);
	free(r);
	return ret;
}
