# Shared by the mefw update fault cases (upd-05, upd-06, upd-07), after
# lib.sh: update with mefw-flash while a mei-sim fault is armed, check the
# result line, that the fault fired exactly once, then a good update.
D=/sys/kernel/debug/mei-sim
IMG=/data/sim/good.bin
[ -f $IMG ] || skip "no /data/sim images (build/vm-data)"

fired() { sed -n 's/^fired: //p' $D/fault; }

# upd_fault FAULT STATE CODE FW_STATUS [ERRNO [EXTRA]]
#   ERRNO "" is not checked; EXTRA is one more pattern for the result line.
#   UPD_SETTLE: seconds to let an ME reset settle before the good update.
upd_fault() {
	f0=$(fired)
	echo "$1" > $D/fault || fail "arm '$1'"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/c.out 2>&1
	res=$(grep '^result:' /tmp/c.out)
	echo "$1: $res"
	want="state=$2 error=$3 fw_status=$4 "
	[ -n "$5" ] && want="${want}errno=$5 "
	echo "$res" | grep -q "$want" || fail "$1: want '$want': $(cat /tmp/c.out)"
	[ -z "$6" ] || echo "$res" | grep -q "$6" || fail "$1: want '$6': $res"
	[ "$2" = succeeded ] || echo "$res" | grep -q ' hfsts1=0x' || fail "$1: no registers"
	[ "$(fired)" = $((f0 + 1)) ] || fail "$1: the fault did not fire once: $(cat $D/fault)"
	sleep "${UPD_SETTLE:-0}"
	wait_for /dev/mefw0 10 || fail "no /dev/mefw0"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/g.out 2>&1 ||
		fail "good update after '$1': $(cat /tmp/g.out)"
}
