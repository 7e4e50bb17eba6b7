// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the identity of a parsed image as output: the field table and
 * its text and JSON renderers (the D-Bus one: image_identity_dbus.c).
 */
#include <stddef.h>
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
#define S(f) offsetof(struct mefw_image, f), NULL	/* a string field */
#define G(fn) 0, fn					/* a computed one */
static const struct mefw_ident_field fields[] = {
	{ "family", "Family", 's', "Family", "", false, S(family) },
	{ "version", "Version", 's', "Version", "", false, S(version) },
	{ "release", "Release", 's', "Release", "", false, S(release) },
	{ "type", "Type", 's', "Type", "", false, S(type) },
	{ "sku", "Sku", 's', "SKU", NULL, false, S(sku) },
	{ "tcb_svn", NULL, 0, "TCB Security Version Number", NULL, true, G(get_tcb_svn) },
	{ "vcn", NULL, 0, "Version Control Number", NULL, true, G(get_vcn) },
	{ "production_ready", NULL, 0, "Production Ready", NULL, false, G(get_pr) },
	{ "date", "Date", 's', "Date", "", false, S(date) },
	{ "chipset", "Chipset", 's', "Chipset Support", NULL, false, S(chipset) },
	{ "signing_key", "SigningKey", 's', "Signing Key", "unknown", false, S(key_name) },
	{ "kind", "Kind", 's', NULL, NULL, false, G(get_kind) },
	{ "generation", NULL, 0, NULL, NULL, false, G(get_gen) },
	{ "size", NULL, 0, NULL, NULL, true, G(get_size) },
	{ NULL, NULL, 0, "Image Kind", NULL, false, G(get_kind_line) },
};
#undef S
#undef G

/* the value of field @f of @img */
static void field_get(const struct mefw_ident_field *f, const struct mefw_image *img,
		      struct mefw_ident_value *v)
{
	memset(v, 0, sizeof(*v));
	if (f->get)
		f->get(img, v);
	else
		str_value(v, (const char *)img + f->off);
}

/* "Label:" padded so that every value starts in column 30 */
static void text_line(FILE *f, const char *label, const char *value)
{
	char head[40];

	snprintf(head, sizeof(head), "%s:", label);
	fprintf(f, "%-29s%s\n", head, value);
}

int mefw_image_identity_walk(const struct mefw_image *img, size_t name_off,
			     int (*cb)(const struct mefw_ident_field *f,
				       const struct mefw_ident_value *v, void *ud),
			     void *ud)
{
	struct mefw_ident_value v;
	size_t i;
	int r;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!*(const char *const *)((const char *)&fields[i] + name_off))
			continue;
		field_get(&fields[i], img, &v);
		r = cb(&fields[i], &v, ud);
		if (r < 0)
			return r;
	}
	return 0;
}

static int text_field(const struct mefw_ident_field *f, const struct mefw_ident_value *v,
		      void *ud)
{
	if (v->present)
		text_line(ud, f->label, v->s);
	else if (f->text_absent)
		text_line(ud, f->label, f->text_absent);
	return 0;
}

void mefw_image_identity_text(FILE *f, const struct mefw_image *img)
{
	mefw_image_identity_walk(img, offsetof(struct mefw_ident_field, label), text_field, f);
}

struct json_walk {
	struct mefw_jctx *c;
	struct json_object *o;
};

static int json_field(const struct mefw_ident_field *f, const struct mefw_ident_value *v,
		      void *ud)
{
	struct json_walk *w = ud;

	if (!v->present)
		mefw_json_add(w->c, w->o, f->json, NULL);
	else if (f->number)
		mefw_json_add_int(w->c, w->o, f->json, (int64_t)v->n);
	else
		mefw_json_add_str(w->c, w->o, f->json, v->s);
	return 0;
}

void mefw_image_identity_json(struct mefw_jctx *c, struct json_object *o,
			      const struct mefw_image *img)
{
	struct json_walk w = { c, o };

	mefw_image_identity_walk(img, offsetof(struct mefw_ident_field, json), json_field, &w);
}
