// SPDX-License-Identifier: GPL-2.0
/*
 * Compatibility rules: may this (verified) image be sent to this ME?
 * Refusals carry FWUpdLcl's legacy error numbers (FwUpdateLib.h enum,
 * research/images.md 4.1) so that users can search for them:
 *   8706 FWU_SGN_MISMATCH     signature / signing key / release mismatch
 *   8713 FWU_IMG_HEADER       image damaged or not verified
 *   8705 FWU_VER_MISMATCH     family or major version differs
 *   8743 FWU_UNSUPPRT_PLAT    chipset not supported by the image
 *   8704 FWU_SKU_MISMATCH     SKU differs
 *   8746 FWU_INVALID_IMG_LENGTH image larger than the ME region in flash
 *   8758 FWU_IMAGE_UNDER_VCN  VCN lower than the flash's
 *   8760 FWU_DOWNGRADE_VETOED TCB SVN lower than the flash's, or an older
 *        version without allow_downgrade (legacy tools have no SVN code;
 *        CSME 12 tools use 352 FWU_LOWER_TCB_SVN)
 *   8723 FWU_NO_UPDATE        same version without allow_same_version
 * Rules run in that order; the first that refuses decides.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image.h"

static int refuse(struct mefw_compat_result *res, int code, const char *rule,
		  const char *msg)
{
	res->ok = false;
	res->code = code;
	snprintf(res->rule, sizeof(res->rule), "%s", rule);
	snprintf(res->message, sizeof(res->message), "%s", msg);
	return -EPERM;
}

/* "LPT/WPT" supports "LPT"; empty strings are unknown (no opinion) */
static bool chipset_ok(const char *img, const char *dev)
{
	char buf[32], *tok, *save = NULL;

	if (!img[0] || !dev[0])
		return true;
	snprintf(buf, sizeof(buf), "%s", img);
	for (tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save))
		if (!strcmp(tok, dev))
			return true;
	return false;
}

static int cmp_ver(const struct mefw_image *i, const struct mefw_device_ident *d)
{
	const uint16_t a[4] = { i->major, i->minor, i->hotfix, i->build };
	const uint16_t b[4] = { d->major, d->minor, d->hotfix, d->build };
	int k;

	for (k = 0; k < 4; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

/*
 * One rule: 0 when it does not refuse, else refuse()'s -EPERM with the
 * result filled in.
 */
typedef int (*compat_rule)(const struct mefw_image *img,
			   const struct mefw_device_ident *dev,
			   const struct mefw_compat_opts *opts,
			   struct mefw_compat_result *res);

static int rule_verified(const struct mefw_image *img, const struct mefw_device_ident *dev,
			 const struct mefw_compat_opts *opts, struct mefw_compat_result *res)
{
	const struct mefw_img_check *f;
	char m[256];
	bool sig;

	(void)dev;
	(void)opts;
	if (!img->verified)
		return refuse(res, 8713, "not_verified",
			      "The image has not been verified; run the integrity checks first.");
	f = mefw_image_first_failure(img);
	if (!f)
		return 0;
	sig = !strcmp(f->what, "manifest_signature") || !strcmp(f->what, "signing_key");
	snprintf(m, sizeof(m), "The image failed its %s check%s%s: %s",
		 mefw_check_label(f->what), f->subject[0] ? " for " : "",
		 f->subject, f->detail);
	return refuse(res, sig ? 8706 : 8713, sig ? "signature" : "integrity", m);
}

static int rule_release(const struct mefw_image *img, const struct mefw_device_ident *dev,
			const struct mefw_compat_opts *opts, struct mefw_compat_result *res)
{
	char m[256];

	(void)opts;
	if (!strcmp(img->release, "Production") || !dev->family[0])
		return 0;
	snprintf(m, sizeof(m),
		 "The image is %s firmware; a production ME only accepts production-signed images.",
		 img->release);
	return refuse(res, 8706, "signature", m);
}

static int rule_family(const struct mefw_image *img, const struct mefw_device_ident *dev,
		       const struct mefw_compat_opts *opts, struct mefw_compat_result *res)
{
	char m[256];

	(void)opts;
	if (dev->family[0] && strcmp(img->family, dev->family)) {
		snprintf(m, sizeof(m),
			 "The image is %s firmware but this machine runs %s firmware.",
			 img->family, dev->family);
		return refuse(res, 8705, "family", m);
	}
	if (img->major != dev->major) {
		snprintf(m, sizeof(m),
			 "Major version of the image (%u) is not the same as the major version of the firmware in flash (%u).",
			 img->major, dev->major);
		return refuse(res, 8705, "major_version", m);
	}
	return 0;
}

static int rule_platform(const struct mefw_image *img, const struct mefw_device_ident *dev,
			 const struct mefw_compat_opts *opts, struct mefw_compat_result *res)
{
	char m[256];

	(void)opts;
	if (!chipset_ok(img->chipset, dev->chipset)) {
		snprintf(m, sizeof(m),
			 "The image supports %s chipsets; this machine has %s.",
			 img->chipset, dev->chipset);
		return refuse(res, 8743, "chipset", m);
	}
	if (img->sku[0] && dev->sku[0] && strcmp(img->sku, dev->sku)) {
		snprintf(m, sizeof(m),
			 "SKU of the image (%s) differs from the SKU of the firmware in flash (%s).",
			 img->sku, dev->sku);
		return refuse(res, 8704, "sku", m);
	}
	if (dev->flash_size && img->file_size > dev->flash_size) {
		snprintf(m, sizeof(m),
			 "The image (%zu bytes) is larger than the ME region in flash (%llu bytes).",
			 img->file_size, (unsigned long long)dev->flash_size);
		return refuse(res, 8746, "length", m);
	}
	return 0;
}

static int rule_security(const struct mefw_image *img, const struct mefw_device_ident *dev,
			 const struct mefw_compat_opts *opts, struct mefw_compat_result *res)
{
	char m[256];

	(void)opts;
	if (img->has_vcn && dev->has_vcn && img->vcn < dev->vcn) {
		snprintf(m, sizeof(m),
			 "Update to an image with a lower VCN (%u < %u) is not allowed.",
			 img->vcn, dev->vcn);
		return refuse(res, 8758, "vcn", m);
	}
	if (img->has_tcb_svn && dev->has_svn && img->tcb_svn < dev->svn) {
		snprintf(m, sizeof(m),
			 "Update to an image with a lower TCB SVN (%u < %u) is not allowed.",
			 img->tcb_svn, dev->svn);
		return refuse(res, 8760, "svn", m);
	}
	return 0;
}

static int rule_version(const struct mefw_image *img, const struct mefw_device_ident *dev,
			const struct mefw_compat_opts *opts, struct mefw_compat_result *res)
{
	int c = cmp_ver(img, dev);
	char m[256];

	if (c == 0 && !opts->allow_same_version) {
		snprintf(m, sizeof(m),
			 "The image is the version already in flash (%u.%u.%u.%u); use --allow-same-version to reflash it.",
			 img->major, img->minor, img->hotfix, img->build);
		return refuse(res, 8723, "same_version", m);
	}
	if (c < 0 && !opts->allow_downgrade) {
		snprintf(m, sizeof(m),
			 "The image (%u.%u.%u.%u) is older than the firmware in flash (%u.%u.%u.%u); use --allow-downgrade.",
			 img->major, img->minor, img->hotfix, img->build, dev->major,
			 dev->minor, dev->hotfix, dev->build);
		return refuse(res, 8760, "downgrade", m);
	}
	return 0;
}

/* in the order of the table at the top of this file */
static const compat_rule rules[] = {
	rule_verified, rule_release, rule_family, rule_platform, rule_security,
	rule_version,
};

int mefw_compat_check(const struct mefw_image *img,
		      const struct mefw_device_ident *dev,
		      const struct mefw_compat_opts *opts,
		      struct mefw_compat_result *res)
{
	static const struct mefw_compat_opts none;
	size_t i;
	int rc;

	if (!img || !dev || !res)
		return -EINVAL;
	if (!opts)
		opts = &none;
	memset(res, 0, sizeof(*res));
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		rc = rules[i](img, dev, opts, res);
		if (rc)
			return rc;
	}
	res->ok = true;
	snprintf(res->rule, sizeof(res->rule), "ok");
	snprintf(res->message, sizeof(res->message),
		 "No rule refuses this image: family and major version match; SKU %s; chipset %s; VCN %s; SVN %s; image size %s.",
		 img->sku[0] && dev->sku[0] ? "matches" : "not known on both sides",
		 img->chipset[0] && dev->chipset[0] ? "supported" : "not known on both sides",
		 img->has_vcn && dev->has_vcn ? "not lower" : "not known on both sides",
		 img->has_tcb_svn && dev->has_svn ? "not lower" : "not known on both sides",
		 dev->flash_size ? "fits" : "not compared (ME region size unknown)");
	return 0;
}
