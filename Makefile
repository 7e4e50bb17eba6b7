# mefw - top-level build.  `make demo` and `make check` work on a fresh
# Debian 12 machine: they install what is missing first (scripts/deps.sh);
# the other targets expect the packages there (`make deps`), except the
# ones that boot a VM, which install the test packages they boot.
#
# The parts, read in this order (each uses only what the ones before it
# define): mk/userspace.mk (libmefw, mefwctl, the library flags, the
# object directories, the unit-test environment), mk/image.mk (the image
# tests, mefw-mkimage), mk/tools.mk (the programs run in the VM),
# mk/sim-tools.mk (the test images), mk/daemon.mk (mefwd, mefwd-verify,
# their tests), mk/install.mk (install, packages), mk/boot.mk, mk/bench.mk,
# mk/debug-kernel.mk (the debug kernel and its VM cases).

KVER ?= $(shell scripts/kver.sh 2>/dev/null)
KDIR ?= /usr/src/linux-headers-$(KVER)
B := $(CURDIR)/build
# mei core private headers from the matching linux-source-6.1
LINUX_SRC := $(B)/linux-src
MEI_PRIV := $(LINUX_SRC)/drivers/misc

# the project's one version (VERSION): mefwctl --version, mefwd --version
# and Manager.Version (-DMEFW_VERSION), the dkms directory, the .deb
# (debian/rules checks debian/changelog against it)
MEFW_VERSION := $(shell cat $(CURDIR)/VERSION)

CC ?= gcc
CFLAGS_COMMON := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	-I$(CURDIR)/kernel/include/uapi -I$(CURDIR)/kernel/common -I$(CURDIR)/lib \
	-DMEFW_VERSION='"$(MEFW_VERSION)"'
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

.PHONY: all deps deps-test modules userspace check demo vm-shell \
	linux-src vm-case unit-check kernel-gates vm-check clean

all: modules userspace

deps: ; scripts/deps.sh all
deps-test: ; @scripts/deps.sh test

# a no-op when build/linux-src is already the right version
linux-src:
	@scripts/kernel-src.sh $(KVER) $(LINUX_SRC)

modules: linux-src
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel modules
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/sim MEI_PRIV=$(MEI_PRIV) modules

# userspace binaries and unit tests: each mk/*.mk adds its prerequisites
userspace:
unit-check:

include mk/userspace.mk
include mk/image.mk
include mk/tools.mk
include mk/sim-tools.mk
include mk/daemon.mk
include mk/install.mk
include mk/boot.mk
include mk/bench.mk
include mk/debug-kernel.mk

# the objects that print MEFW_VERSION follow VERSION
$(foreach d,$(US_OBJ) $(SAN_OBJ),$(addprefix $(d)/,cli/mefwctl.o daemon/main.o \
	daemon/bus_manager.o)): VERSION

kernel-gates: modules
	scripts/kernel-gates.sh $(KDIR) $(LINUX_SRC)

vm-check: deps-test all
	tests/vm/selftest.sh
	tests/vm/run.sh
	tests/vm/reboot-test.sh

# one case by hand: make vm-case CASE=tests/vm/cases/mefw-02-sysfs.sh
vm-case: deps-test all
	tests/vm/run.sh $(CASE)

vm-shell: deps-test all
	tests/vm/run.sh --shell

demo: deps all
	@echo "demo: booting Debian $(KVER) in QEMU with the simulated ME (seed 000: ME 9.0.20.1447)..."
	@tests/vm/run.sh --demo

# the parts run one after the other, each timed, so the budget (60 min on
# two cores) stays visible in every log
CHECK_PARTS := unit-check install-check kernel-gates vm-check debug-check boot-check
check: deps all
	@t0=$$(date +%s); for p in $(CHECK_PARTS); do \
		s=$$(date +%s); \
		$(MAKE) --no-print-directory $$p || { \
			echo "check: $$p FAILED after $$(($$(date +%s) - s)) s"; exit 1; }; \
		echo "check: $$p passed in $$(($$(date +%s) - s)) s"; \
	done; echo "check: all tests passed in $$(($$(date +%s) - t0)) s"

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel clean
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/sim clean
	rm -rf $(B)/bin $(B)/obj $(B)/vm $(B)/vm-* $(B)/vm-data $(B)/gates $(B)/tmp
