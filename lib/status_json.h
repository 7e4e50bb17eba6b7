/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to libmefw: the status document of json_out.c as json-c
 * objects, and the keys it uses for identity values, for the text
 * renderer (status_text.c), which lays out that same document whether it
 * was built here or came from mefwd's GetStatus.
 */
#ifndef MEFW_STATUS_JSON_H
#define MEFW_STATUS_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "json_build.h"
#include "mefw.h"

/* {"devices":[...]} of @n reports; NULL (and @c->oom) when out of memory */
struct json_object *mefw_reports_json(struct mefw_jctx *c,
				      const struct mefw_report *reports, size_t n);

/* JSON keys of the identity's enums ("legacy_fwu", "password_protected"...) */
const char *mefw_protocol_key(uint32_t p);
const char *mefw_local_update_key(uint32_t v);	/* NULL: unknown */
const char *mefw_hmrfpo_key(uint32_t v);	/* NULL: unknown */

#endif /* MEFW_STATUS_JSON_H */
