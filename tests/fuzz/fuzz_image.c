// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the image parser and verifier (lib/image).
 * Built with clang -fsanitize=fuzzer,address,undefined by mk/image.mk;
 * `make fuzz-check` runs it for FUZZ_SECONDS (default 60) from the seed
 * corpus in tests/fuzz/corpus (small SYNTHETIC images, never Intel's).
 * Replay a crash: build/obj/image-fuzz/fuzz_image CRASHFILE
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *fz_data;
static size_t fz_size;

/* opts.release: every range handed back must lie inside the input */
static void fz_release(void *ctx, const void *p, size_t len)
{
	const uint8_t *q = p;

	(void)ctx;
	if (q < fz_data || len > fz_size || (size_t)(q - fz_data) > fz_size - len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mefw_img_opts opts = { .trust_test_key = true,
						   .release = fz_release };
	struct mefw_image *img = malloc(sizeof(*img));
	struct mefw_compat_result res;
	struct mefw_device_ident dev = { .family = "ME", .major = 9, .sku = "1.5MB",
					 .chipset = "LPT", .has_svn = true, .svn = 1,
					 .has_vcn = true, .vcn = 3 };

	if (!img)
		return 0;
	fz_data = data;
	fz_size = size;
	if (mefw_image_parse_opts(img, data, size, &opts) == 0) {
		(void)mefw_image_verify(img, data, size, &opts);
		(void)mefw_compat_check(img, &dev, NULL, &res);
		/* every string the CLI prints must be terminated */
		if (strlen(img->version) >= sizeof(img->version) ||
		    strlen(img->sku) >= sizeof(img->sku))
			abort();
	} else if (!img->error[0]) {
		abort(); /* a failure must always say why */
	}
	free(img);
	return 0;
}
