// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the identity of a parsed image as output: the field table and
 * its text and JSON renderers (the D-Bus one: image_identity_dbus.c).
 */
#include <stdio.h>
#include <string.h>

#include "image_identity.h"

const char *mefw_image_kind_str(const struct mefw_image *img)
{
	return img->kind == MEFW_IMG_REGION ? "region" :
	       img->kind == MEFW_IMG_UPDATE ? "update" : "unknown";
}

const char *mefw_image_gen_str(const struct mefw_image *img)
{
	switch (img->gen) {
	case MEFW_GEN_MAN:
		return "$MAN (ME 2-5)";
	case MEFW_GEN_MN2:
		return "$MN2 (ME 6-10)";
	case MEFW_GEN_CPD:
		return "$CPD (CSME 11)";
	default:
		return "unknown";
	}
}

static void str_value(struct mefw_ident_value *v, const char *s)
{
	v->s = s;
	v->present = s && s[0];
}

static void num_value(struct mefw_ident_value *v, bool present, uint64_t n)
{
	v->present = present;
	v->n = n;
	snprintf(v->buf, sizeof(v->buf), "%llu", (unsigned long long)n);
	v->s = v->buf;
}

static void get_family(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->family);
}

static void get_version(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->version);
}

static void get_release(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->release);
}

static void get_type(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->type);
}

static void get_sku(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->sku);
}

static void get_tcb_svn(const struct mefw_image *img, struct mefw_ident_value *v)
{
	num_value(v, img->has_tcb_svn, img->tcb_svn);
}

static void get_vcn(const struct mefw_image *img, struct mefw_ident_value *v)
{
	num_value(v, img->has_vcn, img->vcn);
}

static void get_pr(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->production_ready < 0 ? NULL :
		  img->production_ready ? "Yes" : "No");
}

static void get_date(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->date);
}

static void get_chipset(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->chipset);
}

static void get_key(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, img->key_name);
}

static void get_kind(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, mefw_image_kind_str(img));
}

static void get_gen(const struct mefw_image *img, struct mefw_ident_value *v)
{
	str_value(v, mefw_image_gen_str(img));
}

static void get_size(const struct mefw_image *img, struct mefw_ident_value *v)
{
	num_value(v, true, img->file_size);
}

/* text only: kind, generation and size on one line */
static void get_kind_line(const struct mefw_image *img, struct mefw_ident_value *v)
{
	snprintf(v->buf, sizeof(v->buf), "%s, %s, %zu bytes",
		 mefw_image_kind_str(img), mefw_image_gen_str(img), img->file_size);
	str_value(v, v->buf);
}

/*
 * The identity, in the order of `mefwctl info` and its JSON.  The
 * InspectImage dictionary is unordered (a{sv}); its keys are listed
 * in Documentation/dbus-api.md.
 */
static const struct mefw_ident_field fields[] = {
	{ "family", "Family", 's', "Family", "", false, get_family },
	{ "version", "Version", 's', "Version", "", false, get_version },
	{ "release", "Release", 's', "Release", "", false, get_release },
	{ "type", "Type", 's', "Type", "", false, get_type },
	{ "sku", "Sku", 's', "SKU", NULL, false, get_sku },
	{ "tcb_svn", NULL, 0, "TCB Security Version Number", NULL, true, get_tcb_svn },
	{ "vcn", NULL, 0, "Version Control Number", NULL, true, get_vcn },
	{ "production_ready", NULL, 0, "Production Ready", NULL, false, get_pr },
	{ "date", "Date", 's', "Date", "", false, get_date },
	{ "chipset", "Chipset", 's', "Chipset Support", NULL, false, get_chipset },
	{ "signing_key", "SigningKey", 's', "Signing Key", "unknown", false, get_key },
	{ "kind", "Kind", 's', NULL, NULL, false, get_kind },
	{ "generation", NULL, 0, NULL, NULL, false, get_gen },
	{ "size", NULL, 0, NULL, NULL, true, get_size },
	{ NULL, NULL, 0, "Image Kind", NULL, false, get_kind_line },
};

const struct mefw_ident_field *mefw_image_identity_fields(size_t *n)
{
	*n = sizeof(fields) / sizeof(fields[0]);
	return fields;
}

/* "Label:" padded so that every value starts in column 30 */
static void text_line(FILE *f, const char *label, const char *value)
{
	char head[40];

	snprintf(head, sizeof(head), "%s:", label);
	fprintf(f, "%-29s%s\n", head, value);
}

void mefw_image_identity_text(FILE *f, const struct mefw_image *img)
{
	struct mefw_ident_value v;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!fields[i].label)
			continue;
		memset(&v, 0, sizeof(v));
		fields[i].get(img, &v);
		if (v.present)
			text_line(f, fields[i].label, v.s);
		else if (fields[i].text_absent)
			text_line(f, fields[i].label, fields[i].text_absent);
	}
}

void mefw_image_identity_json(struct mefw_jctx *c, struct json_object *o,
			      const struct mefw_image *img)
{
	struct mefw_ident_value v;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!fields[i].json)
			continue;
		memset(&v, 0, sizeof(v));
		fields[i].get(img, &v);
		if (!v.present)
			mefw_json_add(c, o, fields[i].json, NULL);
		else if (fields[i].number)
			mefw_json_add_int(c, o, fields[i].json, (int64_t)v.n);
		else
			mefw_json_add_str(c, o, fields[i].json, v.s);
	}
}
