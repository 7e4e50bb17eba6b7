// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: userspace wrapper of the status-register tables
 * (kernel/common/mefw_status.c), family names, register value parsing
 * and the texts of identity values.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mefw.h"

int mefw_decode_field(enum mefw_family fam, enum mefw_field_id id,
		      const uint32_t *hfsts, unsigned int count,
		      struct mefw_decoded_field *out)
{
	unsigned int regs[MEFW_STATUS_REGS];
	const struct mefw_field *f;
	const char *text;
	long raw;
	unsigned int i;

	f = mefw_field_get(fam, id);
	if (!f || !hfsts)
		return 0;
	if (count > MEFW_STATUS_REGS)
		count = MEFW_STATUS_REGS;
	for (i = 0; i < count; i++)
		regs[i] = hfsts[i];
	raw = mefw_field_raw(f, regs, count);
	if (raw < 0)
		return 0;

	memset(out, 0, sizeof(*out));
	out->id = id;
	out->label = f->label;
	out->attr = f->attr;
	out->raw = (unsigned long)raw;
	text = mefw_field_text(f, out->raw);
	out->known = text != NULL;
	if (text)
		snprintf(out->text, sizeof(out->text), "%s", text);
	else
		snprintf(out->text, sizeof(out->text), "Unknown (%lu)",
			 out->raw);
	return 1;
}

const char *mefw_family_key(enum mefw_family fam)
{
	switch (fam) {
	case MEFW_FAM_ME2_5:
		return "me2_5";
	case MEFW_FAM_ME6_10:
		return "me6_10";
	case MEFW_FAM_CSME11:
		return "csme11";
	default:
		return "unknown";
	}
}

static int parse_uint(const char **p, unsigned int *out)
{
	unsigned int v = 0;
	const char *s = *p;

	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > 99)
			return -1;
		s++;
	}
	*p = s;
	*out = v;
	return 0;
}

int mefw_family_parse(const char *s, enum mefw_family *out,
		      struct mefw_error *err)
{
	char buf[32];
	const char *p;
	size_t n = 0;
	unsigned int a, b;
	bool csme = false;

	if (!s)
		s = "";
	for (p = s; *p; p++) {
		char c = (char)tolower((unsigned char)*p);

		if (c == ' ' || c == '\t')
			continue;
		/* "me6_10" (our JSON key) is "me6-10"; "csme_11" is "csme11" */
		if (c == '_') {
			if (!n || !isdigit((unsigned char)buf[n - 1]))
				continue;
			c = '-';
		}
		if (n + 1 >= sizeof(buf))
			goto bad;
		buf[n++] = c;
	}
	buf[n] = '\0';

	p = buf;
	if (!strncmp(p, "csme", 4)) {
		csme = true;
		p += 4;
	} else if (!strncmp(p, "me", 2)) {
		p += 2;
	}
	if (parse_uint(&p, &a) || a == 0)
		goto bad;

	if (*p == '\0') {
		if (csme && a < 11)
			goto bad;
		*out = mefw_family_from_major(a);
		return 0;
	}
	if (!strcmp(p, "+") && a == 11) {
		*out = MEFW_FAM_CSME11;
		return 0;
	}
	if (*p == '-' && !csme) {
		p++;
		if (parse_uint(&p, &b) || *p != '\0')
			goto bad;
		if ((a == 1 || a == 2) && b == 5) {
			*out = MEFW_FAM_ME2_5;
			return 0;
		}
		if (a == 6 && b == 10) {
			*out = MEFW_FAM_ME6_10;
			return 0;
		}
	}
bad:
	return mefw_error_set(err, -EINVAL,
			      "unknown ME family '%s' (expected e.g. ME9, \"ME 6-10\", ME5, CSME11)",
			      s);
}

int mefw_parse_hex_u32(const char *s, uint32_t *out, struct mefw_error *err)
{
	const char *p = s ? s : "";
	uint64_t v = 0;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (*p == '\0')
		goto bad;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			goto bad;
		v = (v << 4) | (uint64_t)d;
		if (v > UINT32_MAX)
			return mefw_error_set(err, -ERANGE,
					      "register value '%s' does not fit in 32 bits",
					      s);
	}
	*out = (uint32_t)v;
	return 0;
bad:
	return mefw_error_set(err, -EINVAL,
			      "invalid register value '%s': expected a hexadecimal number such as 0x1E000245",
			      s ? s : "");
}

int mefw_parse_hfsts_args(int argc, char *const argv[], uint32_t *hfsts,
			  struct mefw_error *err)
{
	int i, ret;

	if (argc <= 0)
		return mefw_error_set(err, -EINVAL,
				      "no register value given (expected HFSTS1 [HFSTS2 ...])");
	if (argc > MEFW_STATUS_REGS)
		return mefw_error_set(err, -E2BIG,
				      "too many register values: %d given, at most %d (HFSTS1..HFSTS%d)",
				      argc, MEFW_STATUS_REGS,
				      MEFW_STATUS_REGS);
	for (i = 0; i < argc; i++) {
		ret = mefw_parse_hex_u32(argv[i], &hfsts[i], err);
		if (ret)
			return ret;
	}
	return argc;
}

const char *mefw_version_str(const struct mefw_version *v, char *buf,
			     size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", v->major, v->minor, v->hotfix,
		 v->build);
	return buf;
}

const char *mefw_local_update_str(uint32_t v)
{
	switch (v) {
	case MEFW_LOCAL_UPDATE_DISABLED:
		return "Disabled";
	case MEFW_LOCAL_UPDATE_ENABLED:
		return "Enabled";
	case MEFW_LOCAL_UPDATE_PASSWORD:
		return "Password protected";
	default:
		return "Unknown";
	}
}

const char *mefw_hmrfpo_str(uint32_t v)
{
	switch (v) {
	case MEFW_HMRFPO_DISABLED:
		return "Disabled";
	case MEFW_HMRFPO_LOCKED:
		return "Locked";
	case MEFW_HMRFPO_ENABLED:
		return "Enabled";
	default:
		return "Unknown";
	}
}

const char *mefw_protocol_str(uint32_t v)
{
	switch (v) {
	case MEFW_PROTO_LEGACY_FWU:
		return "legacy FWUpdate client";
	case MEFW_PROTO_UNSUPPORTED:
		return "not supported";
	default:
		return "unknown";
	}
}

/*
 * GET_VERSION "Sku": no public source defines it for ME 6-10.  mefw's
 * convention (mei-sim follows it, see Documentation/status-decoding.md):
 * the low byte is the $SKU attribute byte ME Analyzer reads from ME 7-10
 * images ($SKU+0xC): bits [6:4] SKUType (0 = 5MB corporate, 1 = 1.5MB
 * consumer, 2 = slim), bits [3:0] SKUSize in 0.5 MB units.  Seed 000's
 * 1.5MB consumer firmware is 0x13.  SKUType exists on ME 9-10 only.
 */
const char *mefw_sku_str(uint32_t sku, unsigned int major)
{
	if (major < 9 || major > 10)
		return NULL;
	switch ((sku >> 4) & 7) {
	case 0:
		return "5MB (corporate)";
	case 1:
		return "1.5MB (consumer)";
	case 2:
		return "slim";
	default:
		return NULL;
	}
}
