#!/bin/sh
# Reboot test, second boot with the disk of the first
# (tests/vm/reboot-test.sh): mei-sim loaded with the same flash file comes
# up running the version the first boot installed, as mefw's sysfs and
# `mefwctl status` report.  On a fresh disk this case must fail (the
# control run checks that it does).
. /tests/lib.sh

F=/disk/flash.img
grep -q ' /disk ' /proc/mounts || fail "/disk is not mounted (run with VM_DISK=)"
[ -s $F ] || fail "no $F on the disk"

sim_load flash=$F
mefw_load
expect_fw_version "after the reboot" 9.0.21.1500
mods_unload
exit 0
