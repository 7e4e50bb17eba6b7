// SPDX-License-Identifier: GPL-2.0
/* JSON building helpers shared by libmefw's JSON writers */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json_build.h"

void mefw_json_add(struct mefw_jctx *c, struct json_object *o,
		   const char *key, struct json_object *v)
{
	if (!o) {
		json_object_put(v);
		c->oom = true;
		return;
	}
	/* a NULL value is JSON null on purpose (optional fields) */
	if (json_object_object_add(o, key, v)) {
		json_object_put(v);
		c->oom = true;
	}
}

struct json_object *mefw_json_str(struct mefw_jctx *c, const char *s)
{
	struct json_object *v;

	if (!s)
		return NULL;
	v = json_object_new_string(s);
	if (!v)
		c->oom = true;
	return v;
}

void mefw_json_add_str(struct mefw_jctx *c, struct json_object *o,
		       const char *key, const char *s)
{
	mefw_json_add(c, o, key, mefw_json_str(c, s));
}

void mefw_json_add_int(struct mefw_jctx *c, struct json_object *o,
		       const char *key, int64_t x)
{
	struct json_object *v = json_object_new_int64(x);

	if (!v)
		c->oom = true;
	mefw_json_add(c, o, key, v);
}

void mefw_json_add_bool(struct mefw_jctx *c, struct json_object *o,
			const char *key, bool b)
{
	struct json_object *v = json_object_new_boolean(b);

	if (!v)
		c->oom = true;
	mefw_json_add(c, o, key, v);
}

void mefw_json_arr_add(struct mefw_jctx *c, struct json_object *a,
		       struct json_object *v)
{
	if (!a || !v || json_object_array_add(a, v)) {
		json_object_put(v);
		c->oom = true;
	}
}

int mefw_json_finish(struct mefw_jctx *c, struct json_object *root,
		     bool pretty, char **out, struct mefw_error *err)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *s;

	*out = NULL;
	if (root && !c->oom) {
		flags |= pretty ? JSON_C_TO_STRING_PRETTY |
			JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN;
		s = json_object_to_json_string_ext(root, flags);
		if (s)
			*out = strdup(s);
	}
	json_object_put(root);
	if (!*out)
		return mefw_error_set(err, -ENOMEM,
				      "out of memory building JSON");
	return 0;
}
