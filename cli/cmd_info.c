// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl info IMAGE [--json]: what an ME firmware image is and whether it
 * is intact, offline (no daemon, no device).  Fields are named like
 * ME Analyzer's; then the partition table; then every integrity check.
 * Exit status: a MEFWCTL_EXIT_* code of mefwctl.h (0 intact, 1 I/O error,
 * 2 usage, 3 refused, 6 intact but incompatible with the device).
 * Built into mefwctl-info.so, which mefwctl loads for `info` alone
 * (info_load.c), so that no other command maps libcrypto.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "image/image.h"
#include "image_identity.h"
#include "json_build.h"
#include "mefwctl.h"
#include "mefw.h"
#include "mefw_ident.h"

struct info_args {
	const char *path;
	const char *root;	/* directory holding sys/ and dev/ (mefwctl_ctx) */
	bool json;
	bool trust_test_key;
	bool skip_modules;
	bool against_device;
	const char *device;	/* NULL: the first ME device */
	struct mefw_compat_opts compat;
};

/* the running ME, for the compatibility rules */
struct info_device {
	char name[MEFW_NAME_MAX];
	struct mefw_device_ident ident;
	struct mefw_compat_result res;
	bool checked;
};

static void info_usage(FILE *f)
{
	fprintf(f,
		"Usage: mefwctl info IMAGE [--json] [--trust-test-key] [--no-modules]\n"
		"                    [--against-device[=DEV]] [--allow-same-version]\n"
		"                    [--allow-downgrade]\n"
		"\n"
		"Show what an Intel ME firmware image is (fields named like ME Analyzer's)\n"
		"and verify it: $FPT checksum, partition layout, manifest RSA signatures,\n"
		"signing key, module hashes (CSME 11: metadata, module and partition\n"
		"hashes).  Works offline.\n"
		"\n"
		"  -j, --json          JSON output\n"
		"      --trust-test-key accept images signed with the mefw test key\n"
		"      --no-modules    do not decompress and hash modules (CSME 11: nor the\n"
		"                      metadata and partition hashes): never intact\n"
		"      --against-device[=DEV]  also apply the compatibility rules against\n"
		"                      the running ME (DEV: mefw0, mei0; default: the first)\n"
		"      --allow-same-version, --allow-downgrade  relax those rules\n"
		"  -h, --help          this help\n"
		"\n"
		"Exit status: 0 intact (and compatible), 1 cannot read the file or the\n"
		"device, 2 usage error, 3 refused (not an ME image, damaged, or a check\n"
		"failed), 6 intact but not compatible with the running ME.\n");
}

static void fail_line(const char *path, const char *fmt, const char *msg)
{
	fprintf(stderr, "mefwctl info: %s: ", path);
	fprintf(stderr, fmt, msg);
	fputc('\n', stderr);
}

/*
 * read the whole file into memory (mefw_image_load: bounded, never a
 * mapping, so a file truncated meanwhile cannot fault us); returns 0 or
 * an exit code (message printed)
 */
static int read_file(const char *path, uint8_t **out, size_t *outlen)
{
	char err[160];
	int rc = mefw_image_load(path, MEFW_IMG_MAX_FILE, out, outlen, err, sizeof(err));

	if (rc == -EFBIG) {
		fail_line(path, "refused: %s", err);
		return MEFWCTL_EXIT_REFUSED;
	}
	if (rc) {
		fail_line(path, "%s", err);
		return MEFWCTL_EXIT_FAILURE;
	}
	return 0;
}

static const char *ptype_str(uint8_t t)
{
	static const char *const names[] = { "code", "data", "nvram", "generic",
					     "effs", "rom" };

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : "other";
}

/* ---- text ---- */

static void print_text(const char *path, const struct mefw_image *img, bool verdict_ok,
		       const struct info_device *d)
{
	unsigned int i;

	printf("File:                        %s\n", path);
	mefw_image_identity_text(stdout, img);

	if (img->has_fpt) {
		printf("\nPartitions ($FPT at 0x%zx, ME region 0x%zx + 0x%zx, %u entries):\n",
		       img->fpt_offset, img->region_offset, img->region_size,
		       img->nparts);
		printf("  %-5s %-5s %-10s %-10s %-7s %s\n", "Name", "Owner",
		       "Offset", "Size", "Type", "State");
		for (i = 0; i < img->nparts; i++) {
			const struct mefw_img_part *p = &img->parts[i];
			const char *state = !p->valid ? "invalid" :
					    !p->present ? "-" :
					    p->end > img->region_size ? "PAST END" :
					    p->empty ? "empty" : "data";

			printf("  %-5s %-5s 0x%08x 0x%08x %-7s %s\n", p->name,
			       p->owner, p->offset, p->size, ptype_str(p->type),
			       state);
		}
	}

	printf("\nIntegrity checks:\n");
	for (i = 0; i < img->nchecks; i++) {
		const struct mefw_img_check *c = &img->checks[i];

		printf("  %-12s %-18s %-22s %s\n", mefw_check_status_str(c->status),
		       mefw_check_label(c->what), c->subject, c->detail);
	}
	if (img->checks_dropped)
		printf("  (%u more checks not listed)\n", img->checks_dropped);
	printf("\nVerdict: %s (%u passed, %u failed, %u not verified)\n",
	       verdict_ok ? "intact" : "REFUSED", img->npass, img->nfail,
	       img->nnotver);
	if (d && d->checked)
		printf("Compatibility with %s (%s %u.%u.%u.%u): %s%s%.0d%s %s\n", d->name,
		       d->ident.family, d->ident.major, d->ident.minor,
		       d->ident.hotfix, d->ident.build, d->res.ok ? "OK" : "REFUSED",
		       d->res.ok ? "" : " (error ", d->res.ok ? 0 : d->res.code,
		       d->res.ok ? "" : ")", d->res.message);
}

/* ---- JSON ---- */

/* "a.b.c.d" into @buf (one formatter for every version-like quad) */
static const char *quad_str(char *buf, size_t len, uint16_t a, uint16_t b,
			    uint16_t c, uint16_t d)
{
	const struct mefw_version v = { .major = a, .minor = b, .hotfix = c,
					.build = d };

	return mefw_version_str(&v, buf, len);
}

static void json_fpt(struct mefw_jctx *c, json_object *o, const struct mefw_image *img)
{
	json_object *e = json_object_new_object();
	char fit[32];

	mefw_json_add_int(c, e, "offset", (int64_t)img->fpt_offset);
	mefw_json_add_int(c, e, "region_offset", (int64_t)img->region_offset);
	mefw_json_add_int(c, e, "region_size", (int64_t)img->region_size);
	mefw_json_add_int(c, e, "header_version", img->fpt_header_version);
	quad_str(fit, sizeof(fit), img->fit[0], img->fit[1], img->fit[2], img->fit[3]);
	mefw_json_add_str(c, e, "fit_version", fit);
	mefw_json_add(c, o, "fpt", e);
}

static json_object *json_part(struct mefw_jctx *c, const struct mefw_img_part *p)
{
	json_object *e = json_object_new_object();

	mefw_json_add_str(c, e, "name", p->name);
	mefw_json_add_str(c, e, "owner", p->owner);
	mefw_json_add_int(c, e, "offset", p->offset);
	mefw_json_add_int(c, e, "size", p->size);
	mefw_json_add_str(c, e, "type", ptype_str(p->type));
	mefw_json_add_bool(c, e, "valid", p->valid);
	mefw_json_add_bool(c, e, "present", p->present);
	mefw_json_add_bool(c, e, "empty", p->empty);
	return e;
}

static json_object *json_manifest(struct mefw_jctx *c, const struct mefw_img_manifest *m)
{
	json_object *e = json_object_new_object();
	char v[32];

	mefw_json_add_str(c, e, "partition", m->partition);
	mefw_json_add_int(c, e, "offset", (int64_t)m->offset);
	mefw_json_add_str(c, e, "tag", m->tag);
	quad_str(v, sizeof(v), m->major, m->minor, m->hotfix, m->build);
	mefw_json_add_str(c, e, "version", v);
	mefw_json_add_int(c, e, "modules", m->num_modules);
	return e;
}

static json_object *json_check(struct mefw_jctx *c, const struct mefw_img_check *k)
{
	json_object *e = json_object_new_object();

	mefw_json_add_str(c, e, "check", k->what);
	mefw_json_add_str(c, e, "subject", k->subject);
	mefw_json_add_str(c, e, "status", mefw_check_status_str(k->status));
	mefw_json_add_str(c, e, "detail", k->detail);
	return e;
}

/* partitions, manifests and checks, each an array under its key */
static void json_lists(struct mefw_jctx *c, json_object *o, const struct mefw_image *img)
{
	json_object *arr;
	unsigned int i;

	arr = json_object_new_array();
	for (i = 0; i < img->nparts; i++)
		mefw_json_arr_add(c, arr, json_part(c, &img->parts[i]));
	mefw_json_add(c, o, "partitions", arr);
	arr = json_object_new_array();
	for (i = 0; i < img->nmanifests; i++)
		mefw_json_arr_add(c, arr, json_manifest(c, &img->manifests[i]));
	mefw_json_add(c, o, "manifests", arr);
	arr = json_object_new_array();
	for (i = 0; i < img->nchecks; i++)
		mefw_json_arr_add(c, arr, json_check(c, &img->checks[i]));
	mefw_json_add(c, o, "checks", arr);
}

static void json_compat(struct mefw_jctx *c, json_object *o, const struct info_device *d)
{
	json_object *e = json_object_new_object();
	char v[32];

	mefw_json_add_str(c, e, "device", d->name);
	quad_str(v, sizeof(v), d->ident.major, d->ident.minor, d->ident.hotfix,
		 d->ident.build);
	mefw_json_add_str(c, e, "device_version", v);
	mefw_json_add_bool(c, e, "ok", d->res.ok);
	if (d->res.ok)
		mefw_json_add(c, e, "code", NULL);
	else
		mefw_json_add_int(c, e, "code", d->res.code);
	mefw_json_add_str(c, e, "rule", d->res.rule);
	mefw_json_add_str(c, e, "message", d->res.message);
	mefw_json_add(c, o, "compatibility", e);
}

static void print_json(const char *path, const struct mefw_image *img,
		       bool parsed, bool verdict_ok, const char *error,
		       const struct info_device *d)
{
	json_object *o = json_object_new_object();
	struct mefw_jctx c = { 0 };
	char *out;

	mefw_json_add_str(&c, o, "file", path);
	if (parsed) {
		mefw_image_identity_json(&c, o, img);
		if (img->has_fpt)
			json_fpt(&c, o, img);
		json_lists(&c, o, img);
		if (d && d->checked)
			json_compat(&c, o, d);
	}
	mefw_json_add_str(&c, o, "verdict", verdict_ok ? "intact" : "refused");
	if (!verdict_ok && error)
		mefw_json_add_str(&c, o, "error", error);
	if (mefw_json_finish(&c, o, true, &out, NULL)) {
		fprintf(stderr, "mefwctl info: %s: out of memory building JSON\n", path);
		return;
	}
	puts(out);
	free(out);
}

/* identity of the running ME; 0 or an exit code (message printed) */
static int read_device(const struct info_args *a, struct info_device *d)
{
	struct mefw_error err = { 0 };

	if (mefw_device_ident_read(a->root, a->device, &d->ident, d->name, &err) < 0) {
		fprintf(stderr, "mefwctl info: --against-device: %s\n",
			err.msg[0] ? err.msg : "no ME device found");
		return MEFWCTL_EXIT_FAILURE;
	}
	return 0;
}

static int parse_args(const struct mefwctl_ctx *ctx, int argc, char **argv,
		      struct info_args *a)
{
	int i;
	bool opts_done = false;

	memset(a, 0, sizeof(*a));
	a->json = ctx->json;
	a->root = ctx->root;
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (!opts_done && !strcmp(s, "--")) {
			opts_done = true;
		} else if (!opts_done && (!strcmp(s, "-j") || !strcmp(s, "--json"))) {
			a->json = true;
		} else if (!opts_done && !strcmp(s, "--trust-test-key")) {
			a->trust_test_key = true;
		} else if (!opts_done && !strcmp(s, "--no-modules")) {
			a->skip_modules = true;
		} else if (!opts_done && !strcmp(s, "--against-device")) {
			a->against_device = true;
		} else if (!opts_done && !strncmp(s, "--against-device=", 17) && s[17]) {
			a->against_device = true;
			a->device = s + 17;
		} else if (!opts_done && !strcmp(s, "--allow-same-version")) {
			a->compat.allow_same_version = true;
		} else if (!opts_done && !strcmp(s, "--allow-downgrade")) {
			a->compat.allow_downgrade = true;
		} else if (!opts_done && (!strcmp(s, "-h") || !strcmp(s, "--help"))) {
			info_usage(stdout);
			return -1;
		} else if (!opts_done && s[0] == '-' && s[1]) {
			fprintf(stderr, "mefwctl info: unknown option '%s' (see mefwctl info --help)\n", s);
			return MEFWCTL_EXIT_USAGE;
		} else if (!a->path) {
			a->path = s;
		} else {
			fprintf(stderr, "mefwctl info: only one IMAGE may be given ('%s')\n", s);
			return MEFWCTL_EXIT_USAGE;
		}
	}
	if (!a->path) {
		fprintf(stderr, "mefwctl info: missing IMAGE (usage: mefwctl info IMAGE [--json])\n");
		return MEFWCTL_EXIT_USAGE;
	}
	return 0;
}

/* parse, verify, compare with the device, print; returns the exit status */
static int info_checks(struct info_args *a, struct mefw_image *img,
		       struct info_device *dev, const uint8_t *buf, size_t len)
{
	struct mefw_img_opts opts = { 0 };
	int rc;

	opts.trust_test_key = a->trust_test_key;
	opts.skip_modules = a->skip_modules;
	rc = mefw_image_parse_opts(img, buf, len, &opts);
	if (rc) {
		if (a->json)
			print_json(a->path, img, false, false, img->error, NULL);
		fail_line(a->path, "refused: %s", img->error);
		return MEFWCTL_EXIT_REFUSED;
	}
	rc = mefw_image_verify(img, buf, len, &opts);
	if (!rc && a->against_device) {
		int drc = read_device(a, dev);

		if (drc)
			return drc;
		dev->checked = true;
		mefw_compat_check(img, &dev->ident, &a->compat, &dev->res);
	}
	if (a->json)
		print_json(a->path, img, true, rc == 0, img->error, dev);
	else
		print_text(a->path, img, rc == 0, dev);
	if (rc) {
		fail_line(a->path, "refused: %s", img->error);
		return MEFWCTL_EXIT_REFUSED;
	}
	if (dev->checked && !dev->res.ok) {
		fprintf(stderr, "mefwctl info: %s: not compatible with %s: error %d: %s\n",
			a->path, dev->name, dev->res.code, dev->res.message);
		return MEFWCTL_EXIT_INCOMPATIBLE;
	}
	return 0;
}

int mefwctl_info_run(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	struct info_device dev = { 0 };
	struct info_args a;
	struct mefw_image *img;
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	rc = parse_args(ctx, argc, argv, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	/*
	 * libcrypto without openssl.cnf and without its error strings: we only
	 * hash and verify fixed historical formats (SHA-1 for ME 2-5), which
	 * a system crypto policy (RHEL 9 disables SHA-1 signatures through
	 * openssl.cnf) must not turn into false refusals; and we never print
	 * libcrypto's error strings.  Both also keep libcrypto's memory
	 * footprint down (about 0.5 MiB).  No effect if libcrypto was
	 * already initialised.
	 */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG |
			    OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
	rc = read_file(a.path, &buf, &len);
	if (rc)
		return rc;
	img = calloc(1, sizeof(*img));
	if (!img) {
		fail_line(a.path, "%s", "out of memory");
		rc = MEFWCTL_EXIT_FAILURE;
	} else {
		rc = info_checks(&a, img, &dev, buf, len);
	}
	free(img);
	free(buf);
	return rc;
}
