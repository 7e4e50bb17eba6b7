#!/bin/sh
# Reboot test, control boot on a fresh disk (tests/vm/reboot-test.sh):
# mei-sim with a new flash file runs the preset's 9.0.20.1447.
. /tests/lib.sh

F=/disk/flash.img
grep -q ' /disk ' /proc/mounts || fail "/disk is not mounted (run with VM_DISK=)"
[ -e $F ] && fail "$F exists: the disk is not fresh"

sim_load flash=$F
mefw_load
expect_eq "fw_version on a fresh disk" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447
mefwctl status > /tmp/status.out 2>&1 || { cat /tmp/status.out; fail "mefwctl status"; }
grep -qxF "FW Version: 9.0.20.1447" /tmp/status.out ||
	{ cat /tmp/status.out; fail "mefwctl status does not report 9.0.20.1447"; }
echo "ok: mefwctl status: FW Version: 9.0.20.1447"
mods_unload
exit 0
