# mk/tools.mk - test programs run inside the VM (tests/tools/).
# Included by the top-level Makefile (B, CC, CFLAGS_COMMON) after
# mk/userspace.mk (libmefw, JSONC_*, CRYPTO_LIBS, SYSTEMD_*).  Every
# executable in $(B)/bin is copied into the VM's initramfs.

# one source file each, no library: mefw-ioctl-test (mefw.ko's ioctls),
# heci-raw and fwu-raw (raw HECI exchanges with mei-sim over /dev/mei0),
# mefw-fuzz (seeded, time-bounded fuzzer of /dev/mefwN), mefw-failnth
# (each allocation of one mefw.ko path failed in turn)
TOOLS := mefw-ioctl-test heci-raw fwu-raw mefw-fuzz mefw-failnth
TOOLS_BINS := $(TOOLS:%=$(B)/bin/%)

# mefw-flash: the minimal direct updater.  It uses libmefw: the error
# table (kernel/common/mefw_errors.c) and the image parser for the image
# version.

.PHONY: tools

userspace: $(TOOLS_BINS) $(B)/bin/mefw-flash $(B)/bin/mefwd-flood
tools: $(TOOLS_BINS) $(B)/bin/mefw-flash $(B)/bin/mefwd-flood

$(TOOLS_BINS): $(B)/bin/%: tests/tools/%.c kernel/include/uapi/linux/mefw.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -o $@ $<

$(B)/bin/mefw-flash: tests/tools/mefw-flash.c kernel/common/mefw_errors.h \
		kernel/include/uapi/linux/mefw.h lib/image/image.h $(B)/obj/libmefw.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -o $@ tests/tools/mefw-flash.c \
		$(B)/obj/libmefw.a $(JSONC_LIBS) $(CRYPTO_LIBS)

# mefwd-flood: an unprivileged caller's flood of GetStatus and
# InspectImage (tests/vm/cases/dbus-10-flood.sh)
$(B)/bin/mefwd-flood: tests/tools/mefwd-flood.c lib/mefw_dbus.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(SYSTEMD_CFLAGS) -o $@ $< $(SYSTEMD_LIBS)
