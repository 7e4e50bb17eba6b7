# mk/userspace.mk - libmefw, mefwctl and their host unit tests.
# Included by the top-level Makefile, which defines B, CC, CFLAGS_COMMON and
# SAN_FLAGS.  Objects go to $(B)/obj/us (plain) and $(B)/obj/san (ASan +
# UBSan, for the unit tests only); only shipped programs go to $(B)/bin.

# the image parser and verifier (lib/image), also built for the fuzzer
# (mk/image.mk)
IMG_LIB_SRCS := lib/image/checks.c lib/image/compat.c lib/image/cpd.c \
	lib/image/digest.c lib/image/fpt.c lib/image/image.c lib/image/keys.c \
	lib/image/load.c lib/image/lzma.c lib/image/manifest.c \
	lib/image/modules.c lib/image/verify.c

# Deferred (=, not :=): `make check` and `make demo` install these
# packages (their deps prerequisite) after the makefiles were read.  Used
# by every mk/*.mk that links libmefw.
JSONC_CFLAGS = $(shell pkg-config --cflags json-c 2>/dev/null)
JSONC_LIBS = $(shell pkg-config --libs json-c 2>/dev/null || echo -ljson-c)
# image verification (lib/image): libcrypto for RSA/SHA, liblzma for modules
CRYPTO_LIBS = $(shell pkg-config --libs libcrypto liblzma 2>/dev/null || echo -lcrypto -llzma)
# sd-bus / sd-event: mefwctl talks to mefwd
SYSTEMD_CFLAGS = $(shell pkg-config --cflags libsystemd 2>/dev/null)
SYSTEMD_LIBS = $(shell pkg-config --libs libsystemd 2>/dev/null || echo -lsystemd)
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)

LIBMEFW_SRCS := lib/clock.c lib/error.c lib/txn.c lib/decode.c lib/device.c lib/status_report.c lib/json_build.c lib/device_ident.c lib/update_state.c lib/flash.c \
	lib/json_out.c lib/explain.c kernel/common/mefw_status.c \
	kernel/common/mefw_errors.c kernel/common/mefw_state.c lib/status_text.c \
	lib/image_identity.c lib/image_identity_dbus.c lib/bus_dict.c \
	$(IMG_LIB_SRCS)
MEFWCTL_SRCS := cli/mefwctl.c cli/cmd_status.c cli/info_load.c \
	cli/cmd_explain.c cli/cmd_update.c cli/cmd_txn.c cli/status_daemon.c \
	cli/bus.c cli/txn.c cli/progress.c cli/follow.c
# `mefwctl info`: a private shared object that mefwctl loads for that
# command alone (cli/info_load.c), so that no other command maps libcrypto;
# installed in $(LIBEXECDIR)/mefw, found next to mefwctl in a build tree
MEFWCTL_INFO_SRCS := cli/cmd_info.c
MEFWCTL_INFO_PATH = $(or $(LIBEXECDIR),/usr/libexec)/mefw/mefwctl-info.so
# the pure parts of mefwctl, linked into the unit tests too
MEFWCTL_UNIT_SRCS := cli/txn.c cli/progress.c
UNIT_SRCS := tests/unit/unit_main.c tests/unit/test_decode.c \
	tests/unit/test_parse.c tests/unit/test_report.c \
	tests/unit/test_device.c tests/unit/test_explain.c \
	tests/unit/test_progress.c tests/unit/test_txn.c tests/unit/test_flash.c

US_OBJ := $(B)/obj/us
SAN_OBJ := $(B)/obj/san
# position-independent objects for mefwctl-info.so (plain and sanitized)
PIC_OBJ := $(B)/obj/pic
SAN_PIC_OBJ := $(B)/obj/san-pic

LIBMEFW_OBJS := $(LIBMEFW_SRCS:%.c=$(US_OBJ)/%.o)
MEFWCTL_OBJS := $(MEFWCTL_SRCS:%.c=$(US_OBJ)/%.o)
LIBMEFW_SAN_OBJS := $(LIBMEFW_SRCS:%.c=$(SAN_OBJ)/%.o)
MEFWCTL_SAN_OBJS := $(MEFWCTL_SRCS:%.c=$(SAN_OBJ)/%.o)
UNIT_SAN_OBJS := $(UNIT_SRCS:%.c=$(SAN_OBJ)/%.o)
MEFWCTL_UNIT_SAN_OBJS := $(MEFWCTL_UNIT_SRCS:%.c=$(SAN_OBJ)/%.o)
INFO_PIC_OBJS := $(MEFWCTL_INFO_SRCS:%.c=$(PIC_OBJ)/%.o)
INFO_SAN_PIC_OBJS := $(MEFWCTL_INFO_SRCS:%.c=$(SAN_PIC_OBJ)/%.o)
LIBMEFW_PIC_OBJS := $(LIBMEFW_SRCS:%.c=$(PIC_OBJ)/%.o)
LIBMEFW_SAN_PIC_OBJS := $(LIBMEFW_SRCS:%.c=$(SAN_PIC_OBJ)/%.o)

US_CFLAGS = $(CFLAGS_COMMON) $(JSONC_CFLAGS) $(SYSTEMD_CFLAGS) -MMD -MP

.PHONY: userspace unit-check unit-check-userspace unit-check-cli-daemon

userspace: $(B)/bin/mefwctl $(B)/bin/mefwctl-info.so

$(US_OBJ)/cli/info_load.o $(SAN_OBJ)/cli/info_load.o: \
	US_CFLAGS += -DMEFWCTL_INFO_PATH='"$(MEFWCTL_INFO_PATH)"'

# hidden by default: the object exports mefwctl_info_run alone
PIC_CFLAGS = -fPIC -fvisibility=hidden

$(LIBMEFW_PIC_OBJS) $(INFO_PIC_OBJS): $(PIC_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(US_CFLAGS) $(PIC_CFLAGS) -c $< -o $@

$(LIBMEFW_SAN_PIC_OBJS) $(INFO_SAN_PIC_OBJS): $(SAN_PIC_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(US_CFLAGS) $(PIC_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(PIC_OBJ)/libmefw.a: $(LIBMEFW_PIC_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(SAN_PIC_OBJ)/libmefw.a: $(LIBMEFW_SAN_PIC_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/bin/mefwctl-info.so: $(INFO_PIC_OBJS) $(PIC_OBJ)/libmefw.a
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-z,defs -o $@ $^ $(JSONC_LIBS) $(CRYPTO_LIBS)

$(SAN_OBJ)/mefwctl-info.so: $(INFO_SAN_PIC_OBJS) $(SAN_PIC_OBJ)/libmefw.a
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) -shared -o $@ $^ $(JSONC_LIBS) $(CRYPTO_LIBS)

$(LIBMEFW_OBJS) $(MEFWCTL_OBJS): $(US_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(US_CFLAGS) -c $< -o $@

$(LIBMEFW_SAN_OBJS) $(MEFWCTL_SAN_OBJS): $(SAN_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(US_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(UNIT_SAN_OBJS): $(SAN_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(US_CFLAGS) -Icli $(CHECK_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(B)/obj/libmefw.a: $(LIBMEFW_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(SAN_OBJ)/libmefw.a: $(LIBMEFW_SAN_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

# no CRYPTO_LIBS: only mefwctl-info.so needs them; it needs the info object
$(B)/bin/mefwctl: $(MEFWCTL_OBJS) $(B)/obj/libmefw.a | $(B)/bin/mefwctl-info.so
	@mkdir -p $(@D)
	$(CC) -o $@ $(MEFWCTL_OBJS) $(B)/obj/libmefw.a $(JSONC_LIBS) $(SYSTEMD_LIBS)

# sanitized mefwctl (and its info object) for the CLI tests; never copied into the VM
$(SAN_OBJ)/mefwctl: $(MEFWCTL_SAN_OBJS) $(SAN_OBJ)/libmefw.a | $(SAN_OBJ)/mefwctl-info.so
	$(CC) $(SAN_FLAGS) -o $@ $(MEFWCTL_SAN_OBJS) $(SAN_OBJ)/libmefw.a \
		$(JSONC_LIBS) $(SYSTEMD_LIBS)

$(SAN_OBJ)/unit_tests: $(UNIT_SAN_OBJS) $(MEFWCTL_UNIT_SAN_OBJS) $(SAN_OBJ)/libmefw.a
	$(CC) $(SAN_FLAGS) -o $@ $(UNIT_SAN_OBJS) $(MEFWCTL_UNIT_SAN_OBJS) \
		$(SAN_OBJ)/libmefw.a $(JSONC_LIBS) $(CRYPTO_LIBS) $(SYSTEMD_LIBS) \
		$(CHECK_LIBS)

# detect_leaks=1: LeakSanitizer works on this machine (checked with a
# deliberate leak); where ptrace is unavailable it aborts loudly instead of
# passing silently.
UNIT_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	CK_DEFAULT_TIMEOUT=10

unit-check: unit-check-userspace

unit-check-userspace: $(SAN_OBJ)/unit_tests $(SAN_OBJ)/mefwctl $(B)/bin/mefwctl \
		$(SAN_OBJ)/mefwd
	$(UNIT_ENV) $(SAN_OBJ)/unit_tests
	sh tests/unit/assert-check.sh
	$(UNIT_ENV) MEFWCTL=$(SAN_OBJ)/mefwctl MEFWD=$(SAN_OBJ)/mefwd \
		sh tests/unit/cli-version.sh
	$(UNIT_ENV) MEFWCTL=$(SAN_OBJ)/mefwctl sh tests/unit/cli-status.sh
	$(UNIT_ENV) MEFWCTL=$(SAN_OBJ)/mefwctl sh tests/unit/cli-explain.sh
	$(UNIT_ENV) MEFWCTL=$(SAN_OBJ)/mefwctl sh tests/unit/cli-daemon-args.sh

# mefwctl against the real (sanitized) mefwd on a private dbus-daemon;
# $(SAN_OBJ)/mefwd and mefw-mkimage: mk/daemon.mk and mk/image.mk
unit-check: unit-check-cli-daemon
unit-check-cli-daemon: $(SAN_OBJ)/mefwctl $(SAN_OBJ)/mefwd $(B)/bin/mefw-mkimage
	$(UNIT_ENV) MEFWCTL=$(SAN_OBJ)/mefwctl MEFWD=$(SAN_OBJ)/mefwd \
		MKIMAGE=$(B)/bin/mefw-mkimage sh tests/unit/cli-daemon.sh

-include $(wildcard $(US_OBJ)/lib/*.d $(US_OBJ)/lib/image/*.d $(US_OBJ)/cli/*.d \
	$(US_OBJ)/kernel/common/*.d $(SAN_OBJ)/lib/*.d $(SAN_OBJ)/lib/image/*.d $(SAN_OBJ)/cli/*.d \
	$(SAN_OBJ)/kernel/common/*.d $(SAN_OBJ)/tests/unit/*.d \
	$(PIC_OBJ)/*/*.d $(PIC_OBJ)/*/*/*.d $(SAN_PIC_OBJ)/*/*.d $(SAN_PIC_OBJ)/*/*/*.d)
