#!/bin/sh
# Mefwd crash recovery: kill -9 while transferring and while finalizing;
# restart; verdicts journaled, queue intact, the next update succeeds.
# (A kill -9 while the ME's update runs for long:
# dbus-15-follow-after-restart.)
. /tests/lib.sh
MEFWD_STATE=/var/lib/mefw-13

mefwd_world "stage_ms=300" "poll_ms=20 reply_timeout_ms=3000"

# A: kill -9 in the middle of the transfer (the sim stops granting credits)
echo "starve data:20" > $SIMDBG/fault || fail "arm fault"
mefwctl update --yes --no-wait /data/sim/good.bin || fail "request 1"
wait_txn 1 transferring -t 20
usleep 300000
mefwd_kill9
echo "after kill: $(cat $SIMDBG/fault)"
mefwd_start
expect_eq "txn 1 state" "$(txn_prop 1 State)" failed
expect_eq "txn 1 verdict" "$(txn_prop 1 Verdict)" failed
txn_prop 1 Message
expect_eq "version after A" "$(cat /sys/class/mefw/mefw0/fw_version 2>/dev/null || echo '?')" "$(cat /sys/class/mefw/mefw0/fw_version 2>/dev/null || echo '?')"

# B: kill -9 while the ME finalizes, with a second request queued behind
mefwctl update --yes --no-wait /data/sim/good.bin || fail "request 2"
mefwctl update --yes --no-wait /data/sim/good2.bin || fail "request 3"
expect_eq "txn 3 queued" "$(txn_prop 3 State)" queued
wait_txn 2 finalizing -t 30
mefwd_kill9
mefwd_start
# recovery follows a finalizing transaction in the background
wait_txn 2 succeeded -t 60
busctl --system call org.mefw1 /org/mefw1 org.mefw1.Manager GetTransaction t 2
busctl --system call org.mefw1 /org/mefw1 org.mefw1.Manager GetTransaction t 1
cat "$MEFWD_LOG"
expect_eq "txn 2 state" "$(txn_prop 2 State)" succeeded
expect_eq "txn 2 verdict" "$(txn_prop 2 Verdict)" completed
mefwctl wait 3 || fail "txn 3 did not succeed"
expect_eq "txn 3 state" "$(txn_prop 3 State)" succeeded
expect_eq "txn 3 new version" "$(txn_prop 3 NewVersion)" 9.0.22.1600
# C: a request for a device that is away waits for it (follows it by name)
mefw_unplug_seen
mefwctl update --yes --no-wait --device mefw0 --allow-same-version /data/sim/good2.bin ||
	fail "request 4 while mefw0 is away"
sleep 1
expect_eq "txn 4 waits for mefw0" "$(txn_prop 4 State)" queued
mefw_load poll_ms=20 reply_timeout_ms=3000
mefwctl wait 4 || fail "txn 4 did not succeed after mefw0 came back"

mefwctl history
cat "$MEFWD_LOG"
ls $MEFWD_STATE/images
no_image_copies
mefwd_stop || fail "mefwd exit $?"
# an ASan build of mefwd (host tests) reports into the log
if grep -q "Sanitizer\|runtime error" "$MEFWD_LOG"; then
	cat "$MEFWD_LOG"
	fail "sanitizer report in the mefwd log"
fi
bus_stop
mods_unload
