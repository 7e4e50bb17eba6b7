# mk/tools.mk - test programs run inside the VM (tests/tools/).
# Included by the top-level Makefile (B, CC, CFLAGS_COMMON).  Every
# executable in $(B)/bin is copied into the VM's initramfs.

TOOLS := mefw-ioctl-test
TOOLS_BINS := $(TOOLS:%=$(B)/bin/%)

.PHONY: tools

userspace: $(TOOLS_BINS)
tools: $(TOOLS_BINS)

$(TOOLS_BINS): $(B)/bin/%: tests/tools/%.c kernel/include/uapi/linux/mefw.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -o $@ $<
