# mk/daemon.mk - mefwd (the update daemon), mefwd-verify (its image
# checker: parsing + verification run there, so mefwd links neither
# libcrypto nor liblzma) and their host unit tests.
# Included by the top-level Makefile (B, CC, CFLAGS_COMMON, SAN_FLAGS);
# uses libmefw, US_OBJ, SAN_OBJ, UNIT_ENV and JSONC_*/SYSTEMD_*/
# CRYPTO_LIBS/CHECK_* from mk/userspace.mk.

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

MEFWD_OBJS := $(MEFWD_SRCS:%.c=$(US_OBJ)/%.o)
MEFWD_SAN_OBJS := $(MEFWD_SRCS:%.c=$(SAN_OBJ)/%.o)
MEFWD_UNIT_OBJS := $(MEFWD_TESTED_SRCS:%.c=$(SAN_OBJ)/%.o) \
	$(MEFWD_UNIT_SRCS:%.c=$(SAN_OBJ)/%.o)

# where mk/install.mk puts mefwd-verify (mefwd also looks next to itself
# and in EXEDIR/../libexec/mefw: see daemon/seal.h)
MEFWD_VERIFY_PATH = $(or $(LIBEXECDIR),/usr/libexec)/mefw/mefwd-verify
MEFWD_CFLAGS = $(US_CFLAGS) $(SYSTEMD_CFLAGS) -pthread -Idaemon \
	-DMEFWD_VERIFY_PATH='"$(MEFWD_VERIFY_PATH)"'
# no CRYPTO_LIBS: libcrypto's pages would stay in mefwd's idle RSS (the
# image checks run in mefwd-verify); `ldd mefwd` shows it
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
$(SAN_OBJ)/mefwd-verify: $(MEFWD_VERIFY_SRC) $(MEFWD_VERIFY_HDRS) $(SAN_OBJ)/libmefw.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(SAN_FLAGS) -Idaemon -o $@ $(MEFWD_VERIFY_SRC) \
		$(SAN_OBJ)/libmefw.a $(MEFWD_VERIFY_LIBS)

$(MEFWD_OBJS): $(US_OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(MEFWD_CFLAGS) -c $< -o $@

$(MEFWD_SAN_OBJS): $(SAN_OBJ)/daemon/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(MEFWD_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(SAN_OBJ)/tests/unit/daemon/%.o: tests/unit/daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(MEFWD_CFLAGS) $(CHECK_CFLAGS) $(SAN_FLAGS) -Itests/unit/daemon -c $< -o $@

# mefwd runs mefwd-verify (next to it in a build tree): whoever builds
# one gets both
$(B)/bin/mefwd: $(MEFWD_OBJS) $(B)/obj/libmefw.a | $(B)/bin/mefwd-verify
	@mkdir -p $(@D)
	$(CC) -o $@ $(MEFWD_OBJS) $(MEFWD_LIBS)

# sanitized daemon for host bus tests; never copied into the VM
$(SAN_OBJ)/mefwd: $(MEFWD_SAN_OBJS) $(SAN_OBJ)/libmefw.a | $(SAN_OBJ)/mefwd-verify
	$(CC) $(SAN_FLAGS) -o $@ $(MEFWD_SAN_OBJS) $(SAN_OBJ)/libmefw.a \
		$(SYSTEMD_LIBS) $(JSONC_LIBS) -pthread

$(SAN_OBJ)/mefwd_unit_tests: $(MEFWD_UNIT_OBJS) $(SAN_OBJ)/libmefw.a
	$(CC) $(SAN_FLAGS) -o $@ $(MEFWD_UNIT_OBJS) $(SAN_OBJ)/libmefw.a \
		$(SYSTEMD_LIBS) $(JSONC_LIBS) $(CRYPTO_LIBS) $(CHECK_LIBS) -pthread

unit-check: unit-check-daemon

# bus-smoke.sh: a private dbus-daemon + the sanitized mefwd (no device);
# its test image is one of the VM's (SIM_VM_DATA, mk/sim-tools.mk)
unit-check-daemon: $(SAN_OBJ)/mefwd_unit_tests $(SAN_OBJ)/mefwd $(SAN_OBJ)/mefwd-verify \
		$(SAN_OBJ)/mefwd-call $(SIM_VM_DATA)/stamp
	$(UNIT_ENV) $(SAN_OBJ)/mefwd_unit_tests
	$(UNIT_ENV) MEFWD=$(SAN_OBJ)/mefwd MEFWD_CALL=$(SAN_OBJ)/mefwd-call \
		IMAGE=$(SIM_VM_DATA)/good.bin sh tests/unit/daemon/bus-smoke.sh

-include $(wildcard $(US_OBJ)/daemon/*.d $(SAN_OBJ)/daemon/*.d $(SAN_OBJ)/tests/unit/daemon/*.d)

# host test client for calls with file descriptors (busctl cannot send them)
$(SAN_OBJ)/mefwd-call: tests/unit/daemon/mefwd-call.c
	@mkdir -p $(@D)
	$(CC) $(MEFWD_CFLAGS) $(SAN_FLAGS) -o $@ $< $(SYSTEMD_LIBS)
