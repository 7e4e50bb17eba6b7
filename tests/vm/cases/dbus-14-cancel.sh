#!/bin/sh
# Mefwd: cancel while queued and while a transfer is stalled,
# NotCancellable while finalizing, SIGTERM cancels a transfer and journals
# it, at-boot + --run-scheduled, one mefwd per state directory, and no
# wakeups when idle.
. /tests/lib.sh
MEFWD_STATE=/var/lib/mefw-14

mefwd_world "stage_ms=200" "poll_ms=20 reply_timeout_ms=20000"

echo "== cancel a stalled transfer and a queued request"
echo "starve data:20" > $SIMDBG/fault || fail "arm fault"
mefwctl update --yes --no-wait /data/sim/good.bin || fail "request 1"
mefwctl update --yes --no-wait /data/sim/good2.bin || fail "request 2"
wait_txn 1 transferring -t 20
usleep 300000
expect_eq "txn 2 waits" "$(txn_prop 2 State)" queued
mefwctl cancel 2 || fail "cancel 2: exit $?"
expect_eq "txn 2" "$(txn_prop 2 State)" cancelled
mefwctl cancel 1 || fail "cancel 1: exit $?"
wait_txn 1 cancelled -t 5
txn_prop 1 Message

echo "== finalizing cannot be cancelled"
mefwctl update --yes --no-wait /data/sim/good.bin || fail "request 3"
wait_txn 3 finalizing -t 30
out=$(mefwctl cancel 3 2>&1); rc=$?
echo "$out"
expect_eq "cancel while finalizing exit" "$rc" 3
echo "$out" | grep -q "cannot be cancelled" || fail "no NotCancellable message"
mefwctl wait 3 || fail "txn 3 did not succeed"
out=$(mefwctl cancel 3 2>&1); echo "$out"
out=$(mefwctl cancel 99 2>&1); rc=$?; echo "$out"
[ "$rc" -ne 0 ] || fail "cancel 99 succeeded"

echo "== SIGTERM during a stalled transfer"
echo "starve data:20" > $SIMDBG/fault || fail "arm fault"
mefwctl update --yes --no-wait /data/sim/good2.bin || fail "request 4"
wait_txn 4 transferring -t 20
usleep 300000
mefwd_stop || fail "mefwd exit $? on SIGTERM"
grep -q '"State":"cancelled"' $MEFWD_STATE/transactions/4.json || fail "txn 4 not journaled cancelled"
grep '"Message"' $MEFWD_STATE/transactions/4.json
mefwd_start
expect_eq "txn 4 after restart" "$(txn_prop 4 State)" cancelled

echo "== at-boot + --run-scheduled"
mefwctl update --yes --no-wait --at-boot /data/sim/good2.bin || fail "request 5"
expect_eq "txn 5" "$(txn_prop 5 State)" scheduled
usleep 500000
expect_eq "txn 5 still waits" "$(txn_prop 5 State)" scheduled
expect_eq "offline-update marker" "$(cat $MEFWD_STATE/offline-update)" 5
out=$(mefwd --run-scheduled --trust-test-key --state-dir $MEFWD_STATE 2>&1); rc=$?
echo "$out"
expect_eq "second mefwd on the same state dir" "$rc" 1
echo "$out" | grep -q "another mefwd" || fail "no lock message"
mefwd_stop || fail "mefwd exit $?"
mefwd --run-scheduled --trust-test-key --state-dir $MEFWD_STATE; rc=$?
expect_eq "--run-scheduled exit" "$rc" 0
[ ! -e $MEFWD_STATE/offline-update ] || fail "offline-update marker left after --run-scheduled"
mefwd --run-scheduled --trust-test-key --state-dir $MEFWD_STATE; rc=$?
expect_eq "--run-scheduled with nothing to do" "$rc" 0
mefwd_start
expect_eq "txn 5" "$(txn_prop 5 State)" succeeded
expect_eq "txn 5 version" "$(txn_prop 5 NewVersion)" 9.0.22.1600

echo "== idle: no wakeups"
sleep 1
a=$(grep ctxt_switches /proc/$MEFWD_PID/status | awk '{s+=$2} END {print s}')
sleep 3
b=$(grep ctxt_switches /proc/$MEFWD_PID/status | awk '{s+=$2} END {print s}')
expect_eq "context switches in 3 s idle" "$((b - a))" 0
grep VmRSS /proc/$MEFWD_PID/status
ls /proc/$MEFWD_PID/task | wc -l

mefwctl history
no_image_copies
mefwd_stop || fail "mefwd exit $?"
cat "$MEFWD_LOG"
# an ASan build of mefwd (host tests) reports into the log
if grep -q "Sanitizer\|runtime error" "$MEFWD_LOG"; then
	cat "$MEFWD_LOG"
	fail "sanitizer report in the mefwd log"
fi
bus_stop
mods_unload
