#!/bin/sh
# mei-sim power cut at an early (1), middle (10) and late (19) engine
# stage: the FW goes silent (the host's polling gives up, bounded), the
# flash file is left incomplete, the next load with the same file boots
# the recovery copy (old version) and a good update from there works.
. /tests/lib.sh
command -v fwu-raw >/dev/null || skip "fwu-raw not built"
[ -f /data/sim/update.bin ] || skip "no /data/sim images (build/vm-data)"
D=/sys/kernel/debug/mei-sim
val() { sed -n "s/^$1  *//p" $D/state; }
IMG=/data/sim/update.bin
F=/tmp/flash-faults.img
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

# power cut early / middle / late: recovery boot from the same flash file
for s in 1 10 19; do
	rm -f $F
	sim_load stage_ms=5 reset_ms=50 flash=$F
	fault powercut "stage:$s" 7 '^final: polling limit reached$'
	expect_eq "powercut stage:$s: dead" "$(val update)" dead
	mods_unload
	sim_load stage_ms=5 reset_ms=50 flash=$F
	expect_eq "powercut stage:$s: recovery" "$(val recovery_boot)/$(head -1 /sys/class/mei/mei0/fw_ver)" Y/0:9.0.20.1447
	good "powercut stage:$s"
	expect_eq "powercut stage:$s: recovered" "$(val recovery_boot)/$(val code)" N/9.0.21.1500
	mods_unload
done
[ $bad = 0 ] || fail "$bad fault cases behaved differently"
