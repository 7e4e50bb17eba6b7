// SPDX-License-Identifier: GPL-2.0
/*
 * Names and look-ups of integrity check results.  Apart from image.c so
 * that a program linking only the compatibility rules (compat.c: mefwd,
 * whose images are checked by mefwd-verify) does not pull in the parser
 * and, with it, libcrypto and liblzma.
 */
#include <string.h>

#include "image_int.h"

const char *mefw_check_status_str(enum mefw_check_status s)
{
	switch (s) {
	case MEFW_CHECK_PASS:
		return "PASS";
	case MEFW_CHECK_FAIL:
		return "FAIL";
	default:
		return "NOT VERIFIED";
	}
}

const char *mefw_check_label(const char *what)
{
	static const struct {
		const char *what, *label;
	} labels[] = {
		{ "structure", "image structure" },
		{ "descriptor", "flash descriptor" },
		{ "fpt_checksum", "$FPT checksum" },
		{ "partition_layout", "partition layout" },
		{ "manifest_header", "manifest header" },
		{ "signing_key", "signing key" },
		{ "manifest_signature", "manifest signature" },
		{ "module_hash", "module hash" },
		{ "module_table", "module table" },
		{ "cpd_checksum", "$CPD checksum" },
		{ "partition_hash", "partition hash" },
		{ "metadata_hash", "metadata hash" },
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i].what, what))
			return labels[i].label;
	return what;
}

/*
 * NOT VERIFIED is acceptable only where the signed data itself says the
 * check cannot be made here: a Huffman-compressed or encrypted module
 * (module_hash; flags in the signed manifest or .met) and a partition
 * hash the signed manifest does not carry or that Intel got wrong
 * (partition_hash, cpd.c).  Any other check that could not be done
 * (signing key, signature, header, metadata, tables...) blocks the
 * verdict like a failure.
 */
bool mefw_check_blocks(const struct mefw_img_check *c)
{
	if (c->status != MEFW_CHECK_NOT_VERIFIED)
		return c->status == MEFW_CHECK_FAIL;
	return strcmp(c->what, "module_hash") && strcmp(c->what, "partition_hash");
}

const struct mefw_img_check *mefw_image_first_failure(const struct mefw_image *img)
{
	unsigned int i;

	for (i = 0; i < img->nchecks; i++)
		if (img->checks[i].status == MEFW_CHECK_FAIL)
			return &img->checks[i];
	return NULL;
}
