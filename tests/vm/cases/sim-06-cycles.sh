#!/bin/sh
# mei-sim: 20 load/unload cycles, with traffic, and platform unbind/bind.
. /tests/lib.sh
i=0
while [ $i -lt 20 ]; do
	sim_load
	if command -v heci-raw >/dev/null; then
		heci-raw $FWU 00000000 > /dev/null || fail "cycle $i: GET_VERSION"
	fi
	mods_unload
	i=$((i + 1))
done
echo "ok: 20 cycles"

# unbind/bind the platform device
sim_load
drv=/sys/bus/platform/drivers/mei-sim
echo mei-sim > $drv/unbind || fail unbind
wait_gone /sys/class/mei/mei0 10 || fail "mei0 still there after unbind"
[ -d /sys/kernel/debug/mei-sim ] && fail "debugfs left after unbind"
echo mei-sim > $drv/bind || fail bind
wait_for /sys/class/mei/mei0 10 || fail "mei0 not back after bind"
n=100
while [ "$(cat /sys/class/mei/mei0/dev_state)" != ENABLED ] && [ $n -gt 0 ]; do
	usleep 100000; n=$((n - 1))
done
expect_eq "after rebind" "$(cat /sys/class/mei/mei0/dev_state)" ENABLED
mods_unload
