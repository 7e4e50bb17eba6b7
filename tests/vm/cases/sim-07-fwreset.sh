#!/bin/sh
# mei-sim: a FW-initiated reset re-enumerates; an open connection ends.
. /tests/lib.sh
d=/sys/class/mei/mei0

sim_load
r0=$(sim_val link_resets)
heci-raw -t 8000 -r $FWU > /tmp/rst.out 2>&1 &
pid=$!
wait_until 50 grep -q '^fwu .* connected' $SIMDBG/state
echo 1 > $SIMDBG/fw_reset || fail fw_reset
wait $pid
rc=$?
echo "reader: $(cat /tmp/rst.out) rc=$rc"
[ $rc -ne 2 ] || fail "reader not woken by the FW reset"
n=100
while { [ "$(sim_val link_resets)" = "$r0" ] || [ "$(cat $d/dev_state)" != ENABLED ]; } && [ $n -gt 0 ]; do
	usleep 100000; n=$((n - 1))
done
expect_eq "dev_state after reset" "$(cat $d/dev_state)" ENABLED
expect_eq fw_resets "$(sim_val fw_resets)" 1
[ "$(sim_val link_resets)" -gt "$r0" ] || fail "no link reset"
expect_eq hbm "$(sim_val hbm)" started
n=50
while [ ! -d /sys/bus/mei/devices/mei0-309dcde8-ccb1-4062-8f78-600115a34327 ] && [ $n -gt 0 ]; do
	usleep 100000; n=$((n - 1))
done
ls /sys/bus/mei/devices/
[ "$(ls /sys/bus/mei/devices | wc -l)" = 3 ] || fail "clients not re-enumerated"
if command -v heci-raw >/dev/null; then
	expect_eq "GET_VERSION after reset" "$(heci-raw $FWU 00000000 | cut -c1-8)" 01000000
fi
expect_eq proto_errors "$(sim_val proto_errors)" 0
mods_unload
