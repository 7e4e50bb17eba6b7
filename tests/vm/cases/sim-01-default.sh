#!/bin/sh
# mei-sim default identity (me9 = seed 000): fw_ver through the kernel's
# own bus-fixup, the six status registers, the three clients on the bus.
. /tests/lib.sh

sim_load
d=/sys/class/mei/mei0
expect_eq hbm_ver "$(cat $d/hbm_ver)" 2.0
expect_eq kind "$(cat $d/kind)" sim
# bus-fixup asks the MKHI fixup client; wait for the answer
n=50
while [ "$(head -n 1 $d/fw_ver)" = "0:0.0.0.0" ] && [ $n -gt 0 ]; do
	usleep 100000
	n=$((n - 1))
done
expect_eq fw_ver "$(cat $d/fw_ver | tr '\n' ' ')" \
	"0:9.0.20.1447 0:9.0.20.1447 0:9.0.20.1427 "
expect_eq fw_status "$(cat $d/fw_status | tr '\n' ' ')" \
	"1E000245 76442312 00000200 00000000 00000000 00000000 "

# clients: uuid, max_len, max_conn, version
check_client() {
	dev=/sys/bus/mei/devices/mei0-$1
	[ -d "$dev" ] || dev=$(ls -d /sys/bus/mei/devices/*"$1"* 2>/dev/null | head -n 1)
	[ -n "$dev" ] && [ -d "$dev" ] || fail "client $1 not on the bus: $(ls /sys/bus/mei/devices)"
	expect_eq "$1 uuid" "$(cat "$dev/uuid")" "$1"
	expect_eq "$1 max_len" "$(cat "$dev/max_len")" "$2"
	expect_eq "$1 max_conn" "$(cat "$dev/max_conn")" 1
	expect_eq "$1 version" "$(cat "$dev/version")" 01
}
check_client 55213584-9a29-4916-badf-0fb7ed682aeb 512
check_client 8e6a6715-9abc-4043-88ef-9e39c6f63e0f 512
check_client 309dcde8-ccb1-4062-8f78-600115a34327 512

st=/sys/kernel/debug/mei-sim/state
[ -r $st ] || fail "no $st"
cat $st
expect_eq proto_errors "$(sed -n 's/^proto_errors *//p' $st)" 0
# the fixup connected once and disconnected
grep -q '^mkhi_fix .* idle ' $st || fail "mkhi_fix still connected"
mods_unload
