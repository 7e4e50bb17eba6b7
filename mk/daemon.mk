# mk/daemon.mk - mefwd (the update daemon), mefwd-verify (its image
# checker: parsing + verification run there, so mefwd links neither
# libcrypto nor liblzma) and their host unit tests.
# Included by the top-level Makefile (B, CC, CFLAGS_COMMON, SAN_FLAGS);
# uses libmefw and JSONC_*/CRYPTO_LIBS/CHECK_* from mk/userspace.mk.

# Deferred (=): installed by deps-build after the makefiles were read
SYSTEMD_CFLAGS = $(shell pkg-config --cflags libsystemd 2>/dev/null)
SYSTEMD_LIBS = $(shell pkg-config --libs libsystemd 2>/dev/null || echo -lsystemd)

MEFWD_SRCS := daemon/main.c daemon/engine.c daemon/txn.c daemon/journal.c \
	daemon/recover.c daemon/seal.c daemon/verify_client.c daemon/verify_reply.c \
	daemon/worker.c daemon/async.c \
	daemon/devices.c daemon/auth.c daemon/log.c daemon/bus_manager.c \
	daemon/bus_device.c daemon/bus_txn.c daemon/quota.c
# the pure parts and the worker (without a device), unit-tested under
# ASan + UBSan
MEFWD_TESTED_SRCS := daemon/txn.c daemon/journal.c daemon/recover.c \
	daemon/worker.c daemon/async.c daemon/quota.c
MEFWD_UNIT_SRCS := tests/unit/daemon/test_daemon.c tests/unit/daemon/test_quota.c

# mk/userspace.mk is read after this file: name its directories here
MEFWD_US := $(B)/obj/us
MEFWD_SAN := $(B)/obj/san

MEFWD_OBJS := $(MEFWD_SRCS:%.c=$(MEFWD_US)/%.o)
MEFWD_SAN_OBJS := $(MEFWD_SRCS:%.c=$(MEFWD_SAN)/%.o)
MEFWD_UNIT_OBJS := $(MEFWD_TESTED_SRCS:%.c=$(MEFWD_SAN)/%.o) \
	$(MEFWD_UNIT_SRCS:%.c=$(MEFWD_SAN)/%.o)

# where mk/install.mk puts mefwd-verify (mefwd also looks next to itself
# and in EXEDIR/../libexec/mefw: see daemon/seal.h)
MEFWD_VERIFY_PATH = $(or $(LIBEXECDIR),/usr/libexec)/mefw/mefwd-verify
MEFWD_CFLAGS = $(US_CFLAGS) $(SYSTEMD_CFLAGS) -pthread -Idaemon \
	-DMEFWD_VERIFY_PATH='"$(MEFWD_VERIFY_PATH)"'
# no CRYPTO_LIBS: issue 5's idle RSS (libcrypto's pages); `ldd mefwd` shows it
MEFWD_LIBS = $(B)/obj/libmefw.a $(SYSTEMD_LIBS) $(JSONC_LIBS) -pthread
# the helper: lib/image (libcrypto, liblzma) and nothing else
MEFWD_VERIFY_SRC := daemon/mefwd-verify.c daemon/verify_jail.c daemon/verify_server.c
MEFWD_VERIFY_HDRS := daemon/verify.h daemon/verify_jail.h daemon/verify_server.h
MEFWD_VERIFY_LIBS = $(CRYPTO_LIBS) -pthread

.PHONY: mefwd unit-check-daemon

userspace: $(B)/bin/mefwd $(B)/bin/mefwd-verify
mefwd: $(B)/bin/mefwd $(B)/bin/mefwd-verify

$(B)/bin/mefwd-verify: $(MEFWD_VERIFY_SRC) $(MEFWD_VERIFY_HDRS) $(B)/obj/libmefw.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -Idaemon -o $@ $(MEFWD_VERIFY_SRC) $(B)/obj/libmefw.a $(MEFWD_VERIFY_LIBS)

# next to the sanitized mefwd, which finds it there
$(MEFWD_SAN)/mefwd-verify: $(MEFWD_VERIFY_SRC) $(MEFWD_VERIFY_HDRS) $(MEFWD_SAN)/libmefw.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(SAN_FLAGS) -Idaemon -o $@ $(MEFWD_VERIFY_SRC) \
		$(MEFWD_SAN)/libmefw.a $(MEFWD_VERIFY_LIBS)

$(MEFWD_OBJS): $(MEFWD_US)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(MEFWD_CFLAGS) -c $< -o $@

$(MEFWD_SAN_OBJS): $(MEFWD_SAN)/daemon/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(MEFWD_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(MEFWD_SAN)/tests/unit/daemon/%.o: tests/unit/daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(MEFWD_CFLAGS) $(CHECK_CFLAGS) $(SAN_FLAGS) -Itests/unit/daemon -c $< -o $@

# mefwd runs mefwd-verify (next to it in a build tree): whoever builds
# one gets both
$(B)/bin/mefwd: $(MEFWD_OBJS) $(B)/obj/libmefw.a | $(B)/bin/mefwd-verify
	@mkdir -p $(@D)
	$(CC) -o $@ $(MEFWD_OBJS) $(MEFWD_LIBS)

# sanitized daemon for host bus tests; never copied into the VM
$(MEFWD_SAN)/mefwd: $(MEFWD_SAN_OBJS) $(MEFWD_SAN)/libmefw.a | $(MEFWD_SAN)/mefwd-verify
	$(CC) $(SAN_FLAGS) -o $@ $(MEFWD_SAN_OBJS) $(MEFWD_SAN)/libmefw.a \
		$(SYSTEMD_LIBS) $(JSONC_LIBS) -pthread

$(MEFWD_SAN)/mefwd_unit_tests: $(MEFWD_UNIT_OBJS) $(MEFWD_SAN)/libmefw.a
	$(CC) $(SAN_FLAGS) -o $@ $(MEFWD_UNIT_OBJS) $(MEFWD_SAN)/libmefw.a \
		$(SYSTEMD_LIBS) $(JSONC_LIBS) $(CRYPTO_LIBS) $(CHECK_LIBS) -pthread

unit-check: unit-check-daemon

# bus-smoke.sh: a private dbus-daemon + the sanitized mefwd (no device);
# the image comes from mk/sim-tools.mk (read after this file: literal path)
unit-check-daemon: $(MEFWD_SAN)/mefwd_unit_tests $(MEFWD_SAN)/mefwd $(MEFWD_SAN)/mefwd-verify \
		$(MEFWD_SAN)/mefwd-call \
		$(B)/vm-data/sim/stamp
	$(UNIT_ENV) $(MEFWD_SAN)/mefwd_unit_tests
	$(UNIT_ENV) MEFWD=$(MEFWD_SAN)/mefwd MEFWD_CALL=$(MEFWD_SAN)/mefwd-call \
		IMAGE=$(B)/vm-data/sim/good.bin sh tests/unit/daemon/bus-smoke.sh

-include $(wildcard $(MEFWD_US)/daemon/*.d $(MEFWD_SAN)/daemon/*.d $(MEFWD_SAN)/tests/unit/daemon/*.d)

# host test client for calls with file descriptors (busctl cannot send them)
$(MEFWD_SAN)/mefwd-call: tests/unit/daemon/mefwd-call.c
	@mkdir -p $(@D)
	$(CC) $(MEFWD_CFLAGS) $(SAN_FLAGS) -o $@ $< $(SYSTEMD_LIBS)
