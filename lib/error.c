// SPDX-License-Identifier: GPL-2.0
/* libmefw: error reporting (negative errno plus one line of text) */
#include <stdarg.h>
#include <stdio.h>

#include "mefw.h"

int mefw_error_set(struct mefw_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}
