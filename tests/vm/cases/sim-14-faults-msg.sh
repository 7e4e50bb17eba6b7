#!/bin/sh
# mei-sim fault injection on the FWU messages (debugfs "fault"), raw over
# /dev/mei0: every kind at START, at the first, a middle and the last DATA
# and at END gives the documented symptom (status, timeout, ENODEV, bad
# reply) within bounds, fires once, and a good update works right after.
. /tests/lib.sh
FAULT_WAIT=6
IMG=/data/sim/update.bin
need_images
LAST=$(( ($(wc -c < $IMG) + 499) / 500 ))	# DATA messages of 500 bytes
MID=$((LAST / 2))
[ "$LAST" -ge 4 ] || skip "update.bin too small"

sim_load stage_ms=5 reset_ms=50
expect_eq "nothing armed" "$(cat $SIMDBG/fault | tr '\n' ' ')" "armed: none fired: 0 "
for l in "bogus start" "error" "error bogus" "powercut start" "stall data:1" \
	 "error data:0" "error data" "error start:1" "error stage:20" \
	 "noreply start 5" "error start zz" "error start 1 2" "none start"; do
	echo "$l" > $SIMDBG/fault 2>/dev/null && fail "accepted '$l'"
done
echo "ok: 13 malformed fault lines refused"
echo "error stage:4 0x23b" > $SIMDBG/fault
expect_eq "armed shown" "$(head -1 $SIMDBG/fault)" "armed: error stage:4 0x23b"
echo none > $SIMDBG/fault
expect_eq "disarmed" "$(head -1 $SIMDBG/fault)" "armed: none"
sim_fault "error" start 5 '^start: status 5$'
sim_fault "error" "start 9" 5 '^start: status 9$'
sim_fault noreply start 2 '^start: timeout$'
sim_fault reset start 4 '^start: (read|poll): ENODEV$'
sim_fault truncate start 6 '^start: bad reply 12 bytes 0300000000000000'
sim_fault oversize start 6 '^start: bad reply 88 bytes 0300000000000000.*a5a5$'
sim_fault wrongid start 6 '^start: bad reply 24 bytes 7e000000'
sim_fault starve start 2 '^data 1: timeout$'
sim_fault disconnect start 4 '^start: (read|poll): ENODEV$'
for k in 1 $MID $LAST; do
	sim_fault "error" "data:$k 0x8d" 5 "^data: $k msgs .* status 141$"
	sim_fault noreply "data:$k" 2 "^data $k: timeout$"
	sim_fault reset "data:$k" 4 "^data $k: (read|poll): ENODEV$"
	sim_fault truncate "data:$k" 6 "^data $k: bad reply 4 bytes 05000000$"
	sim_fault oversize "data:$k" 6 "^data $k: bad reply 72 bytes 0500000000000000a5"
	sim_fault wrongid "data:$k" 6 "^data $k: bad reply 8 bytes 7e00000000000000$"
	sim_fault disconnect "data:$k" 4 "^data $k: (read|poll): ENODEV$"
done
sim_fault starve data:1 2 '^data 2: timeout$'
sim_fault starve "data:$MID" 2 "^data $((MID + 1)): timeout$"
sim_fault starve "data:$LAST" 2 '^end: timeout$'
sim_fault "error" end 5 '^end: status 5 reset_type 0$'
# the engine goes on: with reset type 2 the ME may reset before the timeout
sim_fault noreply end '2|4' '^end: (timeout|read: ENODEV)$'
sim_fault reset end 4 '^end: (read|poll): ENODEV$'
sim_fault truncate end 6 '^end: bad reply 14 bytes 07000000'
sim_fault oversize end 6 '^end: bad reply 92 bytes 07000000'
sim_fault wrongid end 6 '^end: bad reply 28 bytes 7e000000'
sim_fault starve end 0 '^final: status 0x0 percent 100'
sim_fault disconnect end 4 '^end: (read|poll): ENODEV$'
expect_eq "fault disarmed" "$(head -1 $SIMDBG/fault)" "armed: none"
expect_eq proto_errors "$(sim_val proto_errors)" 0
checks_done
mods_unload
