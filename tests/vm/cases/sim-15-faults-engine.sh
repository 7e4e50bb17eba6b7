#!/bin/sh
# mei-sim fault injection on the update engine, raw over /dev/mei0: every
# kind at the progress query and at an early (1), middle (10) and late (19)
# stage gives the documented symptom within bounds (seed 000's "error at
# stage 4 of 19" included), fires once, and a good update works right
# after.  Power cuts: sim-16-powercut.sh.
. /tests/lib.sh
command -v fwu-raw >/dev/null || skip "fwu-raw not built"
[ -f /data/sim/update.bin ] || skip "no /data/sim images (build/vm-data)"
D=/sys/kernel/debug/mei-sim
val() { sed -n "s/^$1  *//p" $D/state; }
IMG=/data/sim/update.bin
bad=0

wait_ready() {
	n=100
	while { [ "$(val update)" != idle ] ||
		[ "$(cat /sys/class/mei/mei0/dev_state 2>/dev/null)" != ENABLED ] ||
		! grep -q '^fwu .*idle' $D/state; } && [ $n -gt 0 ]; do
		usleep 100000; n=$((n - 1))
	done
	[ $n -gt 0 ] || fail "not idle: update=$(val update) dev_state=$(cat /sys/class/mei/mei0/dev_state)"
}

good() {
	out=$(fwu-raw -t 3000 -p 5 $IMG 2>&1); rc=$?
	[ $rc = 0 ] || { echo "$out"; fail "good update after '$1': rc $rc"; }
	wait_ready
}

# fault KIND POINT RC PATTERN: arm, push IMG, check exit code and output
fault() {
	f0=$(sed -n 's/^fired: //p' $D/fault)
	echo "$1 $2" > $D/fault || fail "arm '$1 $2'"
	out=$(fwu-raw -t 1000 -p 5 -w 2 $IMG 2>&1); rc=$?
	line=$(echo "$out" | grep -E -m1 "$4")
	f1=$(sed -n 's/^fired: //p' $D/fault)
	if ! echo "$rc" | grep -qE "^($3)$" || [ -z "$line" ] || [ "$f1" != $((f0 + 1)) ]; then
		echo "$out" | sed 's/^/    /'
		echo "MISMATCH: '$1 $2': rc $rc (want $3), '$4' ${line:+found}, fired $f0 -> $f1"
		bad=$((bad + 1))
	else
		echo "ok: '$1 $2' -> $rc: $line"
	fi
	[ "$1" = powercut ] && return
	# a stalled engine stays stalled until the next START aborts it
	if [ "$1" = stall ]; then
		expect_eq "stalled" "$(val update)" stalled
	else
		wait_ready
	fi
	good "$1 $2"
}

sim_load stage_ms=5 reset_ms=50
fault "error" progress 5 '^final: status 0x5 percent 0 stage 0/19'
# lost progress replies: the engine goes on, the ME may reset first
fault noreply progress 0 '^progress: (timeout|read: ENODEV)$'
fault reset progress 0 '^reset: progress client gone$'
fault truncate progress 6 '^progress: bad reply 14 bytes 06820000'
fault oversize progress 6 '^progress: bad reply 92 bytes 06820000.*a5a5$'
fault wrongid progress 6 '^progress: bad reply 28 bytes 06c20000'
fault starve progress 0 '^progress: (timeout|read: ENODEV)$'
fault disconnect progress 0 '^reset: progress client gone$'
# seed 000: "Error 8741 ... Stage 4 of 19", internal error
fault "error" "stage:4 5" 5 '^final: status 0x5 percent 15 stage 4/19'
for s in 1 10 19; do
	pct=$(( (s - 1) * 100 / 19 ))
	fault "error" "stage:$s 7" 5 "^final: status 0x7 percent $pct stage $s/19"
	fault noreply "stage:$s" 0 '^progress: (timeout|read: ENODEV)$'
	fault reset "stage:$s" 5 "^final: status 0x5 percent $pct stage $s/19"
	fault truncate "stage:$s" 6 '^progress: bad reply 14 bytes 06820000'
	fault oversize "stage:$s" 6 '^progress: bad reply 92 bytes 06820000'
	fault wrongid "stage:$s" 6 '^progress: bad reply 28 bytes 06c20000'
	fault starve "stage:$s" 0 '^progress: (timeout|read: ENODEV)$'
	fault disconnect "stage:$s" 0 '^reset: progress client gone$'
	fault stall "stage:$s" 7 '^final: polling limit reached$'
done
expect_eq "fault disarmed" "$(head -1 $D/fault)" "armed: none"
expect_eq proto_errors "$(val proto_errors)" 0
[ $bad = 0 ] || fail "$bad fault cases behaved differently"
mods_unload
