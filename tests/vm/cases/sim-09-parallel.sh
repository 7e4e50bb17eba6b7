#!/bin/sh
# mei-sim: concurrent traffic on all three clients, then FW resets under
# traffic; the FW never sees a host protocol violation.
. /tests/lib.sh
FIX=55213584-9a29-4916-badf-0fb7ed682aeb

loop() {	# loop NAME UUID REQ WANT
	i=0
	while [ $i -lt 25 ]; do
		got=$(heci-raw "$2" "$3" "$3" "$3" | tr '\n' ' ')
		[ "$got" = "$4 $4 $4 " ] || { echo "$1 #$i: got '$got'"; return 1; }
		i=$((i + 1))
	done
}

sim_load
loop fwu $FWU 1c000000 ff0000008d000000 & p1=$!
loop mkhi $MKHI 05030000 0583000001000000 & p2=$!
loop fix $FIX 01020000 0182008d & p3=$!
wait $p1 || fail "fwu loop"
wait $p2 || fail "mkhi loop"
wait $p3 || fail "fix loop"
echo "ok: 3 x 75 requests in parallel"
expect_eq proto_errors "$(sed -n 's/^proto_errors  *//p' $SIMDBG/state)" 0

# resets while requests are in flight: requests may fail, nothing hangs
( i=0; while [ $i -lt 40 ]; do heci-raw -t 2000 $FWU 00000000 >/dev/null 2>&1; i=$((i + 1)); done ) & p1=$!
i=0
while [ $i -lt 5 ]; do
	usleep 300000
	echo 1 > $SIMDBG/fw_reset
	i=$((i + 1))
done
wait $p1
n=100
while [ "$(cat /sys/class/mei/mei0/dev_state)" != ENABLED ] && [ $n -gt 0 ]; do
	usleep 100000; n=$((n - 1))
done
expect_eq "dev_state" "$(cat /sys/class/mei/mei0/dev_state)" ENABLED
expect_eq "after resets" "$(heci-raw $FWU 1c000000)" ff0000008d000000
sed -n '/^proto_errors/p; /^link_resets/p; /^fw_resets/p' $SIMDBG/state
expect_eq proto_errors "$(sed -n 's/^proto_errors  *//p' $SIMDBG/state)" 0
mods_unload
