#!/bin/sh
# Reboot test, first boot (tests/vm/reboot-test.sh): a fresh persistent
# disk; mei-sim keeps its flash in /disk/flash.img.  Update to 9.0.21.1500
# with reset type 1 (host reset): the update succeeds but needs a reboot,
# so the ME keeps running 9.0.20.1447 in this boot.
. /tests/lib.sh

F=/disk/flash.img
grep -q ' /disk ' /proc/mounts || fail "/disk is not mounted (run with VM_DISK=)"
[ -f /data/sim/good.bin ] || fail "no /data/sim/good.bin (build/vm-data)"
[ -e $F ] && fail "$F exists: the disk is not fresh"

sim_load stage_ms=0 reset_type=1 flash=$F
mefw_load poll_ms=20
expect_eq "version before the update" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447

mefw-flash --quiet /data/sim/good.bin > /tmp/flash.out; rc=$?
cat /tmp/flash.out
expect_eq "mefw-flash exit status" "$rc" 0
grep -q '^result: state=needs-reboot error=0 .*reset_type=1 ' /tmp/flash.out ||
	fail "result: $(grep '^result:' /tmp/flash.out)"
expect_eq "version until the reboot" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447
mods_unload
[ -s $F ] || fail "$F is empty after the update"
exit 0
