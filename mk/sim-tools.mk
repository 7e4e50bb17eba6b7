# mk/sim-tools.mk - mei-sim test programs run inside the VM (helper A).
# Included by the top-level Makefile (B, CC, CFLAGS_COMMON).  Every
# executable in $(B)/bin is copied into the VM's initramfs.

SIM_TOOLS := heci-raw
SIM_TOOLS_BINS := $(SIM_TOOLS:%=$(B)/bin/%)

.PHONY: sim-tools

userspace: $(SIM_TOOLS_BINS)
sim-tools: $(SIM_TOOLS_BINS)

$(SIM_TOOLS_BINS): $(B)/bin/%: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) -o $@ $<
