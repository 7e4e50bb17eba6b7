#!/bin/sh
# mefw binds the FWUpdate and MKHI clients through the real mei bus and
# creates /dev/mefw0 and /sys/class/mefw/mefw0 under the FWUpdate device.
. /tests/lib.sh


sim_load
mefw_load

drv=/sys/bus/mei/drivers/mefw
[ -d "$drv" ] || fail "$drv missing"
fwu=$(ls -d "$drv"/*-"$FWU" 2>/dev/null | head -n 1)
mkhi=$(ls -d "$drv"/*-"$MKHI" 2>/dev/null | head -n 1)
[ -n "$fwu" ] || fail "FWUpdate client not bound: $(ls "$drv")"
[ -n "$mkhi" ] || fail "MKHI client not bound: $(ls "$drv")"
echo "ok: bound $(basename "$fwu") and $(basename "$mkhi")"

[ -c /dev/mefw0 ] || fail "/dev/mefw0 is not a char device"
[ -d "$fwu/mefw/mefw0" ] || fail "mefw0 is not a child of the FWUpdate device"
expect_eq "class device" "$(basename "$(readlink -f /sys/class/mefw/mefw0)")" mefw0
expect_eq "only one mefw device" "$(ls /sys/class/mefw | wc -l)" 1
expect_eq "reply_timeout_ms default" "$(cat /sys/module/mefw/parameters/reply_timeout_ms)" 5000

out=$(mefw-ioctl-test abi) || fail "abi: $out"
expect_eq "abi" "$out" "abi_version=1"

# the kernel's own bus-fixup read the simulated version
expect_eq "mei0 fw_ver" "$(head -n 1 /sys/class/mei/mei0/fw_ver)" "0:9.0.20.1447"

# reply_timeout_ms validation
echo 5 > /sys/module/mefw/parameters/reply_timeout_ms 2>/dev/null &&
	fail "reply_timeout_ms=5 accepted"
echo 2000 > /sys/module/mefw/parameters/reply_timeout_ms ||
	fail "reply_timeout_ms=2000 refused"
expect_eq "timeout" "$(cat /sys/module/mefw/parameters/reply_timeout_ms)" 2000

mods_unload
[ -e /dev/mefw0 ] && fail "/dev/mefw0 left behind"
exit 0
