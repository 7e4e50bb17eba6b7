#!/bin/sh
# The link under the update at early, middle and late points (mei-sim
# faults reset, starve, disconnect): an ME reset before END removes the
# client: 8193 (-ENODEV); after END the transaction follows the ME across
# the reset and reports the outcome (a reset in the middle of the flash
# write that kills the update: 8707 with status 5); flow-control
# starvation: 8718; the firmware closing the connection: 8742
# (-ECONNRESET) before END, harmless after.  A good update after each.
. /tests/lib.sh

D=/sys/kernel/debug/mei-sim
IMG=/data/sim/good.bin
[ -f $IMG ] || skip "no /data/sim images (build/vm-data)"

sim_load stage_ms=20
[ -w $D/fault ] || { mods_unload; skip "mei-sim has no fault injection"; }
mefw_load poll_ms=20 reply_timeout_ms=1000

# case FAULT STATE CODE FW_STATUS ERRNO
case_() {
	echo "$1" > $D/fault || fail "arm '$1'"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/c.out 2>&1
	res=$(grep '^result:' /tmp/c.out)
	echo "$1: $res"
	echo "$res" | grep -q "state=$2 error=$3 fw_status=$4 errno=$5 " || fail "$1: $(cat /tmp/c.out)"
	grep -q "fired" $D/fault || fail "$1: the fault did not fire: $(cat $D/fault)"
	# the ME may be resetting: wait for the new device
	sleep 1
	wait_for /dev/mefw0 10 || fail "no /dev/mefw0"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/g.out 2>&1 ||
		fail "good update after '$1': $(cat /tmp/g.out)"
}

case_ "reset start" failed 8193 0x0 -19
case_ "reset data:300" failed 8193 0x0 -19
case_ "reset end" succeeded 0 0x0 0
case_ "reset stage:10" failed 8707 0x5 -121
case_ "reset progress" succeeded 0 0x0 0
case_ "starve start" failed 8718 0x0 -110
case_ "starve data:300" failed 8718 0x0 -110
case_ "starve end" succeeded 0 0x0 0
case_ "disconnect start" failed 8742 0x0 -104
case_ "disconnect data:300" failed 8742 0x0 -104
case_ "disconnect end" succeeded 0 0x0 0
case_ "disconnect stage:10" succeeded 0 0x0 0
mods_unload
exit 0
