/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmefw: an image's identity as output.  One table lists the identity
 * fields of a parsed image (family, version, ... size) with their JSON key
 * (`mefwctl info --json`), InspectImage key and type (Documentation/
 * dbus-api.md) and text label (`mefwctl info`); one renderer per format
 * walks it.  Only reads struct mefw_image: linking it pulls in no image
 * parser and no libcrypto.
 */
#ifndef MEFW_IMAGE_IDENTITY_H
#define MEFW_IMAGE_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "image/image.h"
#include "json_build.h"

/**
 * struct mefw_ident_value - one identity field of one image
 * @present: the image has the field ("" strings and has_* false: absent)
 * @s: the value as text (a number formatted in @buf)
 * @n: the value of a numeric field
 * @buf: room for @s
 */
struct mefw_ident_value {
	bool present;
	const char *s;
	uint64_t n;
	char buf[64];
};

/**
 * struct mefw_ident_field - one identity field and its names per format
 * @json: key in `mefwctl info --json` (absent: null), NULL: not there
 * @dbus: key in the InspectImage dictionary (absent: ""), NULL: not there
 * @dbus_type: its D-Bus type, 's' or 't'
 * @label: text label of `mefwctl info`, NULL: no line of its own
 * @text_absent: text when absent ("" for an empty value), NULL: no line
 * @number: JSON value is a number (else a string)
 * @off: offset of a string field of struct mefw_image (when @get is NULL)
 * @get: fills a computed value from the image
 */
struct mefw_ident_field {
	const char *json;
	const char *dbus;
	char dbus_type;
	const char *label;
	const char *text_absent;
	bool number;
	size_t off;
	void (*get)(const struct mefw_image *img, struct mefw_ident_value *v);
};

/*
 * @cb with each field of the table, in output order, that has a name in
 * the format whose name member is at @name_off (offsetof(struct
 * mefw_ident_field, json) ...), and its value in @img; stops at the first
 * negative return of @cb and returns it, else 0
 */
int mefw_image_identity_walk(const struct mefw_image *img, size_t name_off,
			     int (*cb)(const struct mefw_ident_field *f,
				       const struct mefw_ident_value *v, void *ud),
			     void *ud);

/* "region", "update" or "unknown" */
const char *mefw_image_kind_str(const struct mefw_image *img);
/* "$MN2 (ME 6-10)", ... or "unknown" */
const char *mefw_image_gen_str(const struct mefw_image *img);

/* the identity lines of `mefwctl info` ("Family:   ME" ...) on @f */
void mefw_image_identity_text(FILE *f, const struct mefw_image *img);
/* the identity keys of `mefwctl info --json` into @o */
void mefw_image_identity_json(struct mefw_jctx *c, struct json_object *o,
			      const struct mefw_image *img);

struct sd_bus_message;
/*
 * the identity entries of the InspectImage dictionary ({sv} each) into
 * the open a{sv} container of @m (image_identity_dbus.c); sd-bus's
 * negative errno or 0
 */
int mefw_image_identity_dbus(struct sd_bus_message *m, const struct mefw_image *img);

#endif /* MEFW_IMAGE_IDENTITY_H */
