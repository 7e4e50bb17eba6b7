/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal helpers to build JSON with json-c and notice every allocation
 * failure once, at the end (json-c reports them by returning NULL or
 * non-zero).  Used by json_out.c (status reports) and explain.c.
 */
#ifndef MEFW_JSON_BUILD_H
#define MEFW_JSON_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include "mefw.h"

struct mefw_jctx {
	bool oom;
};

/* add @v (NULL = JSON null) under @key; takes @v; @o NULL = oom */
void mefw_json_add(struct mefw_jctx *c, struct json_object *o,
		   const char *key, struct json_object *v);
/* a string value, or NULL (JSON null) for @s NULL */
struct json_object *mefw_json_str(struct mefw_jctx *c, const char *s);
void mefw_json_add_str(struct mefw_jctx *c, struct json_object *o,
		       const char *key, const char *s);
void mefw_json_add_int(struct mefw_jctx *c, struct json_object *o,
		       const char *key, int64_t x);
void mefw_json_add_bool(struct mefw_jctx *c, struct json_object *o,
			const char *key, bool b);
/* append @v to array @a; takes @v; NULL @v = oom */
void mefw_json_arr_add(struct mefw_jctx *c, struct json_object *a,
		       struct json_object *v);
/*
 * Serialize @root (pretty or on one line) into a malloc'ed *@out and put
 * @root.  -ENOMEM when anything failed along the way.
 */
int mefw_json_finish(struct mefw_jctx *c, struct json_object *root,
		     bool pretty, char **out, struct mefw_error *err);

#endif /* MEFW_JSON_BUILD_H */
