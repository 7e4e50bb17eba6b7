# Shared by the mei-sim fault cases (sim-14, sim-15, sim-16), after
# lib.sh: push an image raw over /dev/mei0 with fwu-raw while a fault is
# armed in /sys/kernel/debug/mei-sim/fault, check the symptom, then a good
# update.  FAULT_WAIT: seconds fwu-raw waits for progress (default 2).
D=/sys/kernel/debug/mei-sim
IMG=/data/sim/update.bin
bad=0

command -v fwu-raw >/dev/null || skip "fwu-raw not built"
[ -f $IMG ] || skip "no /data/sim images (build/vm-data)"

val() { sed -n "s/^$1  *//p" $D/state; }

# wait until the engine is idle and the ME enumerated again
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
	out=$(fwu-raw -t 1000 -p 5 -w "${FAULT_WAIT:-2}" $IMG 2>&1); rc=$?
	line=$(echo "$out" | grep -E -m1 "$4")
	f1=$(sed -n 's/^fired: //p' $D/fault)
	if ! echo "$rc" | grep -qE "^($3)$" || [ -z "$line" ] || [ "$f1" != $((f0 + 1)) ]; then
		echo "$out" | grep -v '^progress: [0-9]' | sed 's/^/    /'
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
