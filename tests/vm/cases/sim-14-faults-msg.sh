#!/bin/sh
# mei-sim fault injection on the FWU messages (debugfs "fault"), raw over
# /dev/mei0: every kind at START, at the first, a middle and the last DATA
# and at END gives the documented symptom (status, timeout, ENODEV, bad
# reply) within bounds, fires once, and a good update works right after.
. /tests/lib.sh
command -v fwu-raw >/dev/null || skip "fwu-raw not built"
[ -f /data/sim/update.bin ] || skip "no /data/sim images (build/vm-data)"
D=/sys/kernel/debug/mei-sim
val() { sed -n "s/^$1  *//p" $D/state; }
IMG=/data/sim/update.bin
LAST=$(( ($(wc -c < $IMG) + 499) / 500 ))	# DATA messages of 500 bytes
MID=$((LAST / 2))
[ "$LAST" -ge 4 ] || skip "update.bin too small"
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

# fault KIND POINT RC PATTERN: arm, push IMG, check exit code and output
fault() {
	f0=$(sed -n 's/^fired: //p' $D/fault)
	echo "$1 $2" > $D/fault || fail "arm '$1 $2'"
	out=$(fwu-raw -t 1000 -p 5 -w 6 $IMG 2>&1); rc=$?
	line=$(echo "$out" | grep -E -m1 "$4")
	f1=$(sed -n 's/^fired: //p' $D/fault)
	if ! echo "$rc" | grep -qE "^($3)$" || [ -z "$line" ] || [ "$f1" != $((f0 + 1)) ]; then
		echo "$out" | grep -v '^progress: [0-9]' | sed 's/^/    /'
		echo "MISMATCH: '$1 $2': rc $rc (want $3), '$4' ${line:+found}, fired $f0 -> $f1"
		bad=$((bad + 1))
	else
		echo "ok: '$1 $2' -> $rc: $line"
	fi
	wait_ready
	out=$(fwu-raw -t 3000 -p 5 $IMG 2>&1); rc=$?
	[ $rc = 0 ] || { echo "$out"; fail "good update after '$1 $2': rc $rc"; }
	wait_ready
}

sim_load stage_ms=5 reset_ms=50
expect_eq "nothing armed" "$(cat $D/fault | tr '\n' ' ')" "armed: none fired: 0 "
for l in "bogus start" "error" "error bogus" "powercut start" "stall data:1" \
	 "error data:0" "error data" "error start:1" "error stage:20" \
	 "noreply start 5" "error start zz" "error start 1 2" "none start"; do
	echo "$l" > $D/fault 2>/dev/null && fail "accepted '$l'"
done
echo "ok: 13 malformed fault lines refused"
echo "error stage:4 0x23b" > $D/fault
expect_eq "armed shown" "$(head -1 $D/fault)" "armed: error stage:4 0x23b"
echo none > $D/fault
expect_eq "disarmed" "$(head -1 $D/fault)" "armed: none"
fault "error" start 5 '^start: status 5$'
fault "error" "start 9" 5 '^start: status 9$'
fault noreply start 2 '^start: timeout$'
fault reset start 4 '^start: (read|poll): ENODEV$'
fault truncate start 6 '^start: bad reply 12 bytes 0300000000000000'
fault oversize start 6 '^start: bad reply 88 bytes 0300000000000000.*a5a5$'
fault wrongid start 6 '^start: bad reply 24 bytes 7e000000'
fault starve start 2 '^data 1: timeout$'
fault disconnect start 4 '^start: (read|poll): ENODEV$'
for k in 1 $MID $LAST; do
	fault "error" "data:$k 0x8d" 5 "^data: $k msgs .* status 141$"
	fault noreply "data:$k" 2 "^data $k: timeout$"
	fault reset "data:$k" 4 "^data $k: (read|poll): ENODEV$"
	fault truncate "data:$k" 6 "^data $k: bad reply 4 bytes 05000000$"
	fault oversize "data:$k" 6 "^data $k: bad reply 72 bytes 0500000000000000a5"
	fault wrongid "data:$k" 6 "^data $k: bad reply 8 bytes 7e00000000000000$"
	fault disconnect "data:$k" 4 "^data $k: (read|poll): ENODEV$"
done
fault starve data:1 2 '^data 2: timeout$'
fault starve "data:$MID" 2 "^data $((MID + 1)): timeout$"
fault starve "data:$LAST" 2 '^end: timeout$'
fault "error" end 5 '^end: status 5 reset_type 0$'
# the engine goes on: with reset type 2 the ME may reset before the timeout
fault noreply end '2|4' '^end: (timeout|read: ENODEV)$'
fault reset end 4 '^end: (read|poll): ENODEV$'
fault truncate end 6 '^end: bad reply 14 bytes 07000000'
fault oversize end 6 '^end: bad reply 92 bytes 07000000'
fault wrongid end 6 '^end: bad reply 28 bytes 7e000000'
fault starve end 0 '^final: status 0x0 percent 100'
fault disconnect end 4 '^end: (read|poll): ENODEV$'
expect_eq "fault disarmed" "$(head -1 $D/fault)" "armed: none"
expect_eq proto_errors "$(val proto_errors)" 0
[ $bad = 0 ] || fail "$bad fault cases behaved differently"
mods_unload
