#!/bin/sh
# mei-sim fault injection on the FWU messages (debugfs "fault"), raw over
# /dev/mei0: every kind at START, at the first, a middle and the last DATA
# and at END gives the documented symptom (status, timeout, ENODEV, bad
# reply) within bounds, fires once, and a good update works right after.
. /tests/lib.sh
FAULT_WAIT=6
. /tests/sim-faults.sh
LAST=$(( ($(wc -c < $IMG) + 499) / 500 ))	# DATA messages of 500 bytes
MID=$((LAST / 2))
[ "$LAST" -ge 4 ] || skip "update.bin too small"

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
