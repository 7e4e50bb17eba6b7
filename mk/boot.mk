# mk/boot.mk - the boot test world (tests/boot/run.sh): Debian's
# kernel in QEMU (TCG) booting systemd as PID 1 on an overlay of the host's
# root, with the mefw packages installed.  Included by the top-level
# Makefile.  See tests/README.md and Documentation/testing.md.
#
#   make boot-check                 all cases (tests/boot/cases/*.sh)
#   make boot-case CASE=boot        one case (or several: CASE="boot verify")
#
# BOOT_PREREQS: the target that builds the packages the VM installs
# (run.sh takes the newest build/deb/mefw{,-dkms}_*.deb).

.PHONY: boot-check boot-case

BOOT_PREREQS ?= deb

boot-check: deps-test all $(BOOT_PREREQS)
	@tests/boot/run.sh

boot-case: deps-test all $(BOOT_PREREQS)
	@tests/boot/run.sh $(CASE)
