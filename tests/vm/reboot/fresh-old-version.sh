#!/bin/sh
# Reboot test, control boot on a fresh disk (tests/vm/reboot-test.sh):
# mei-sim with a new flash file runs the preset's 9.0.20.1447.
. /tests/lib.sh

F=/disk/flash.img
grep -q ' /disk ' /proc/mounts || fail "/disk is not mounted (run with VM_DISK=)"
[ -e $F ] && fail "$F exists: the disk is not fresh"

sim_load flash=$F
mefw_load
expect_fw_version "on a fresh disk" 9.0.20.1447
mods_unload
exit 0
