# mk/image.mk - image inspection and validation tests: the synthetic image
# generator, unit tests (check, ASan+UBSan), the libFuzzer target and the
# benchmark.  lib/image and cli/cmd_info.c themselves are built into libmefw
# and mefwctl-info.so (which mefwctl loads for `info`) by mk/userspace.mk,
# which also lists them (IMG_LIB_SRCS) and defines JSONC_*, CRYPTO_LIBS,
# CHECK_* and UNIT_ENV.  Included by the top-level Makefile (B, CC,
# CFLAGS_COMMON, SAN_FLAGS).

IMG_LIBS = $(JSONC_LIBS) $(CRYPTO_LIBS)

IMG_UNIT_SRCS := tests/unit/image/helpers.c tests/unit/image/test_api.c \
	tests/unit/image/test_badinput.c tests/unit/image/test_corpus.c \
	tests/unit/image/test_device.c tests/unit/image/test_redteam.c \
	tests/unit/image/test_synth.c

IMG_OBJ := $(B)/obj/image
IMG_SAN := $(B)/obj/image-san
IMG_FUZZ := $(B)/obj/image-fuzz

IMG_CFLAGS_ALL = $(CFLAGS_COMMON) -I$(CURDIR)/cli $(JSONC_CFLAGS) -MMD -MP

IMG_UNIT_OBJS := $(IMG_UNIT_SRCS:%.c=$(IMG_SAN)/%.o)
# keys.c once more with its test-only hook (img_test_add_key), linked
# before libmefw.a so that only the unit tests carry it
IMG_HOOK_OBJ := $(IMG_SAN)/hooks/keys.o

.PHONY: image-check fuzz-check fuzz-seeds bench bench-crafted

userspace: $(B)/bin/mefw-mkimage
unit-check: image-check fuzz-check

$(IMG_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(IMG_CFLAGS_ALL) -c $< -o $@

$(IMG_SAN)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(IMG_CFLAGS_ALL) $(CHECK_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(B)/bin/mefw-mkimage: $(IMG_OBJ)/tests/tools/mkimage.o
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(IMG_LIBS)

$(IMG_HOOK_OBJ): lib/image/keys.c
	@mkdir -p $(@D)
	$(CC) $(IMG_CFLAGS_ALL) -DMEFW_IMAGE_TEST_HOOKS $(SAN_FLAGS) -c $< -o $@

$(IMG_SAN)/image_tests: $(IMG_UNIT_OBJS) $(IMG_HOOK_OBJ) $(B)/obj/san/libmefw.a
	$(CC) $(SAN_FLAGS) -o $@ $^ $(IMG_LIBS) $(CHECK_LIBS)

# the unit-test environment with a longer check timeout (the corpus)
IMG_TEST_ENV = $(UNIT_ENV) CK_DEFAULT_TIMEOUT=120 \
	MEFW_SRCDIR=$(CURDIR) MEFW_MKIMAGE=$(B)/bin/mefw-mkimage \
	MEFW_TMP=$(B)/tmp/image-tests

# the info command under test: the sanitized mefwctl
image-check: $(IMG_SAN)/image_tests $(B)/obj/san/mefwctl $(B)/bin/mefw-mkimage
	@rm -rf $(B)/tmp/image-tests && mkdir -p $(B)/tmp/image-tests && \
		chmod 0777 $(B)/tmp/image-tests
	$(IMG_TEST_ENV) MEFW_INFO="$(B)/obj/san/mefwctl info" $(IMG_SAN)/image_tests

-include $(wildcard $(IMG_OBJ)/lib/image/*.d $(IMG_OBJ)/cli/*.d $(IMG_OBJ)/tests/tools/*.d \
	$(IMG_OBJ)/bench/*.d $(IMG_SAN)/lib/image/*.d $(IMG_SAN)/cli/*.d \
	$(IMG_SAN)/tests/*/*.d $(IMG_SAN)/tests/unit/image/*.d $(IMG_SAN)/hooks/*.d \
	$(IMG_FUZZ)/lib/image/*.d $(IMG_FUZZ)/tests/fuzz/*.d)

# ---- libFuzzer target (clang) ----
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
IMG_FUZZ_CFLAGS = $(IMG_CFLAGS_ALL) -Wno-unknown-warning-option
IMG_LIB_FUZZ_OBJS := $(IMG_LIB_SRCS:%.c=$(IMG_FUZZ)/%.o)

$(IMG_FUZZ)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(IMG_FUZZ_CFLAGS) $(FUZZ_FLAGS) -c $< -o $@

# the public header, explicitly: objects built before -MMD have no .d file
$(IMG_FUZZ)/tests/fuzz/fuzz_image.o $(IMG_OBJ)/bench/bench_image.o: lib/image/image.h

$(IMG_FUZZ)/fuzz_image: $(IMG_FUZZ)/tests/fuzz/fuzz_image.o $(IMG_LIB_FUZZ_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(IMG_LIBS)

# seeds: small synthetic images (regenerate with `make fuzz-seeds`)
fuzz-seeds: $(B)/bin/mefw-mkimage
	@mkdir -p tests/fuzz/corpus
	for g in me5 csme11 me9; do \
		$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen $$g --kind update \
			-o tests/fuzz/corpus/$$g-update.bin; done
	for g in me5 csme11; do \
		$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen $$g --kind region \
			-o tests/fuzz/corpus/$$g-region.bin; done
	$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind flash \
		-o tests/fuzz/corpus/csme11-flash.bin
	for d in manifest-flip module-flip truncate sig-padding; do \
		$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen me5 --kind update \
			--damage $$d -o tests/fuzz/corpus/me5-update-$$d.bin; done
	for d in overlap past-end absurd-count fpt-checksum; do \
		$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind region \
			--damage $$d -o tests/fuzz/corpus/csme11-region-$$d.bin; done
	for d in module-flip met-flip partition-flip; do \
		$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind update \
			--damage $$d -o tests/fuzz/corpus/csme11-update-$$d.bin; done
	$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind update \
		--fitc --sku "Corporate LP" -o tests/fuzz/corpus/csme11-update-fitc.bin

# runs FUZZ_SECONDS (>= 60 in make check); new inputs go to build/, the
# committed seeds are only read
fuzz-check: $(IMG_FUZZ)/fuzz_image
	@rm -rf $(B)/tmp/fuzz-work && mkdir -p $(B)/tmp/fuzz-work $(B)/tmp/fuzz-artifacts
	$(IMG_FUZZ)/fuzz_image -max_total_time=$(FUZZ_SECONDS) -max_len=140000 \
		-timeout=20 -rss_limit_mb=2560 -print_final_stats=1 \
		-artifact_prefix=$(B)/tmp/fuzz-artifacts/ \
		$(B)/tmp/fuzz-work tests/fuzz/corpus 2>&1 | \
		tee $(B)/tmp/fuzz.log | grep -E 'INFO: seed|Done|stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY' || true
	@! grep -qE '^==[0-9]+==ERROR|SUMMARY: (Address|Undefined)|deadly signal|Test unit written' $(B)/tmp/fuzz.log || \
		{ echo "fuzz-check: FAILED, see $(B)/tmp/fuzz.log and $(B)/tmp/fuzz-artifacts/"; exit 1; }
	@grep -q 'Done [0-9]* runs' $(B)/tmp/fuzz.log || { echo "fuzz-check: fuzzer did not finish, see $(B)/tmp/fuzz.log"; exit 1; }
	@echo "fuzz-check: no crash; $$(grep -o 'Done [0-9]* runs in [0-9]* second(s)' $(B)/tmp/fuzz.log)"

# ---- benchmark (not a test; prints figures, never fails on a number) ----
BENCH_IMAGES ?= $(wildcard $(CURDIR)/../shared/corpus/*.bin)

$(IMG_OBJ)/bench_image: $(IMG_OBJ)/bench/bench_image.o $(B)/obj/libmefw.a
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(IMG_LIBS)

$(IMG_OBJ)/rss_probe: $(IMG_OBJ)/bench/rss_probe.o
	$(CC) -o $@ $^

# the worst crafted images we know: 56 LZMA modules padded up to the
# budget (sizes signed with the test key), the same with the sizes
# tampered after signing; both as large as the ordinary image they are
# compared with: a real 1.5 MB ME 10 region when the corpus is there,
# else a synthetic CSME 11 image padded to that size
BENCH_CRAFTED = $(B)/tmp/bench-crafted
BENCH_ORDINARY = $(firstword $(wildcard $(CURDIR)/../shared/corpus/10.0.55.3000_1.5MB_PRD_RGN.bin) \
	$(BENCH_CRAFTED)/ordinary.bin)
bench-crafted: $(B)/bin/mefw-mkimage
	@mkdir -p $(BENCH_CRAFTED)
	$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind update \
		--size 1560576 -o $(BENCH_CRAFTED)/ordinary.bin
	$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind update \
		--bomb 56 --bomb-usz 0x100000 --size 1560576 -o $(BENCH_CRAFTED)/bomb-signed.bin
	$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen csme11 --kind update \
		--bomb 56 --damage padding-bomb --size 1560576 -o $(BENCH_CRAFTED)/bomb-tampered.bin

BENCH_CRAFTED_ARGS = --crafted $(BENCH_CRAFTED)/bomb-signed.bin $(BENCH_ORDINARY) \
	--crafted $(BENCH_CRAFTED)/bomb-tampered.bin $(BENCH_ORDINARY)

bench: $(IMG_OBJ)/bench_image $(IMG_OBJ)/rss_probe $(B)/bin/mefwctl $(B)/bin/mefw-mkimage bench-crafted
	@export MEFWCTL=$(B)/bin/mefwctl RSS_PROBE=$(IMG_OBJ)/rss_probe; if [ -z "$(BENCH_IMAGES)" ]; then \
		echo "bench: ../shared/corpus is absent; using synthetic images"; \
		mkdir -p $(B)/tmp/bench && for g in me5 me9 csme11; do \
		$(B)/bin/mefw-mkimage --key tests/images/test-key.pem --gen $$g --kind flash \
			-o $(B)/tmp/bench/$$g.bin; done; \
		$(IMG_OBJ)/bench_image $(BENCH_CRAFTED_ARGS) $(B)/tmp/bench/*.bin; \
	else $(IMG_OBJ)/bench_image $(BENCH_CRAFTED_ARGS) $(BENCH_IMAGES); fi
