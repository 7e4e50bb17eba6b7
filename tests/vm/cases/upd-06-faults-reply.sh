#!/bin/sh
# Malformed or missing replies at early, middle and late points (mei-sim
# faults noreply, truncate, oversize, wrongid): a lost or malformed reply
# to START or DATA ends the update with 8718 (no reply within
# reply_timeout_ms) or 8742 (HECI protocol error); a reply with extra
# bytes is accepted; the ME's answer to END and one progress query may be
# lost or damaged without harm: the progress query and the version after
# the reset tell the outcome.  A good update works after each.
. /tests/lib.sh

D=/sys/kernel/debug/mei-sim
IMG=/data/sim/good.bin
[ -f $IMG ] || skip "no /data/sim images (build/vm-data)"

sim_load stage_ms=20
[ -w $D/fault ] || { mods_unload; skip "mei-sim has no fault injection"; }
mefw_load poll_ms=20 reply_timeout_ms=1000

# case FAULT STATE CODE ERRNO
case_() {
	echo "$1" > $D/fault || fail "arm '$1'"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/c.out 2>&1
	res=$(grep '^result:' /tmp/c.out)
	echo "$1: $res"
	echo "$res" | grep -q "state=$2 error=$3 fw_status=0x0 errno=$4 " || fail "$1: $(cat /tmp/c.out)"
	[ "$2" = succeeded ] || echo "$res" | grep -q ' hfsts1=0x' || fail "$1: no registers"
	grep -q "fired" $D/fault || fail "$1: the fault did not fire: $(cat $D/fault)"
	wait_for /dev/mefw0 10 || fail "no /dev/mefw0"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/g.out 2>&1 ||
		fail "good update after '$1': $(cat /tmp/g.out)"
}

case_ "noreply start" failed 8718 -110
case_ "noreply data:300" failed 8718 -110
case_ "noreply end" succeeded 0 0
case_ "noreply stage:10" succeeded 0 0
case_ "truncate start" failed 8742 -71
case_ "truncate data:300" failed 8742 -71
case_ "truncate end" succeeded 0 0
case_ "truncate stage:10" succeeded 0 0
case_ "wrongid start" failed 8742 -71
case_ "wrongid data:1" failed 8742 -71
case_ "wrongid data:1049" failed 8742 -71
case_ "wrongid end" succeeded 0 0
case_ "wrongid progress" succeeded 0 0
case_ "oversize start" succeeded 0 0
case_ "oversize data:300" succeeded 0 0
case_ "oversize end" succeeded 0 0
case_ "oversize stage:10" succeeded 0 0
mods_unload
exit 0
