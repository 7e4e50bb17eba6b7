#!/bin/sh
# mei-sim: a FW-initiated reset re-enumerates; an open connection ends.
. /tests/lib.sh
FWU=309dcde8-ccb1-4062-8f78-600115a34327
D=/sys/kernel/debug/mei-sim
d=/sys/class/mei/mei0
val() { sed -n "s/^$1  *//p" $D/state; }

sim_load
r0=$(val link_resets)
if command -v heci-raw >/dev/null; then
	heci-raw -t 8000 -r $FWU > /tmp/rst.out 2>&1 &
	pid=$!
	n=50
	while ! grep -q '^fwu .* connected' $D/state && [ $n -gt 0 ]; do
		usleep 100000; n=$((n - 1))
	done
fi
echo 1 > $D/fw_reset || fail fw_reset
if [ -n "${pid:-}" ]; then
	wait $pid
	rc=$?
	echo "reader: $(cat /tmp/rst.out) rc=$rc"
	[ $rc -ne 2 ] || fail "reader not woken by the FW reset"
fi
n=100
while { [ "$(val link_resets)" = "$r0" ] || [ "$(cat $d/dev_state)" != ENABLED ]; } && [ $n -gt 0 ]; do
	usleep 100000; n=$((n - 1))
done
expect_eq "dev_state after reset" "$(cat $d/dev_state)" ENABLED
expect_eq fw_resets "$(val fw_resets)" 1
[ "$(val link_resets)" -gt "$r0" ] || fail "no link reset"
expect_eq hbm "$(val hbm)" started
n=50
while [ ! -d /sys/bus/mei/devices/mei0-309dcde8-ccb1-4062-8f78-600115a34327 ] && [ $n -gt 0 ]; do
	usleep 100000; n=$((n - 1))
done
ls /sys/bus/mei/devices/
[ "$(ls /sys/bus/mei/devices | wc -l)" = 3 ] || fail "clients not re-enumerated"
if command -v heci-raw >/dev/null; then
	expect_eq "GET_VERSION after reset" "$(heci-raw $FWU 00000000 | cut -c1-8)" 01000000
fi
expect_eq proto_errors "$(val proto_errors)" 0
mods_unload
