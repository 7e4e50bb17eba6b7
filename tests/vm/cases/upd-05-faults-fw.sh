#!/bin/sh
# Firmware error statuses injected at early, middle and late points of an
# update (mei-sim debugfs fault "error POINT STATUS"): START, the 300th
# DATA, END, engine stage 4 (seed 000: "Stage 4 of 19", 8741 + 8707),
# stage 18, and the progress query.  Each ends FAILED with the right
# code, firmware status and registers; a good update works right after.
. /tests/lib.sh

D=/sys/kernel/debug/mei-sim
IMG=/data/sim/good.bin
[ -f $IMG ] || skip "no /data/sim images (build/vm-data)"

sim_load stage_ms=20
[ -w $D/fault ] || { mods_unload; skip "mei-sim has no fault injection"; }
mefw_load poll_ms=20

# case FAULT STATE CODE FW_STATUS [extra grep]
case_() {
	echo "$1" > $D/fault || fail "arm '$1'"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/c.out 2>&1
	res=$(grep '^result:' /tmp/c.out)
	echo "$1: $res"
	echo "$res" | grep -q "state=$2 error=$3 fw_status=$4 " || fail "$1: $(cat /tmp/c.out)"
	[ -z "$5" ] || echo "$res" | grep -q "$5" || fail "$1: want '$5': $res"
	[ "$2" = succeeded ] || echo "$res" | grep -q ' hfsts1=0x' || fail "$1: no registers"
	grep -q "fired" $D/fault || fail "$1: the fault did not fire: $(cat $D/fault)"
	# a good update right after
	wait_for /dev/mefw0 10 || fail "no /dev/mefw0"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/g.out 2>&1 ||
		fail "good update after '$1': $(cat /tmp/g.out)"
}

case_ "error start 5" failed 8707 0x5 "bytes=0 "
case_ "error data:300 5" failed 8707 0x5 "bytes=149500 "
case_ "error end 4" failed 8706 0x4 "bytes=524288 "
case_ "error stage:4 5" failed 8707 0x5 "stage=4/19 percent=1[0-9] "
case_ "error stage:18 7" failed 8705 0x7 "stage=18/19 "
case_ "error progress 5" failed 8707 0x5
mods_unload
exit 0
