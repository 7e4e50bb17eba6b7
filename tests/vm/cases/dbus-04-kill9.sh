#!/bin/sh
# `kill -9 mefwd` at the worst moments, then restart.
# 1. Mid-transfer (the ME holds back a DATA reply: mei-sim "noreply
#    data:300", so the transfer is surely running): the journal file says
#    "transferring"; after the restart transaction 1 is failed with
#    Verdict "failed" and an "interrupted" message, the firmware is
#    unchanged, and transaction 2, queued behind it, is still there and
#    then runs to success.
# 2. While the ME writes its flash (finalizing): after the restart the
#    daemon waits for the ME and records success, Verdict "completed".
# 3. A new update succeeds; no image copies are left.
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-04

mefwd_world "stage_ms=300" "poll_ms=20 reply_timeout_ms=20000" --no-polkit

# ---- 1: killed mid-transfer ----
echo 'noreply data:300' > $SIMDBG/fault
mefwctl update --yes --no-wait /data/sim/good.bin > /tmp/r1.out 2>&1 || fail "request 1: $(cat /tmp/r1.out)"
mefwctl update --yes --no-wait /data/sim/good.bin > /tmp/r2.out 2>&1 || fail "request 2: $(cat /tmp/r2.out)"
expect_eq "ids" "$(txn_id /tmp/r1.out) $(txn_id /tmp/r2.out)" "1 2"
n=100
until grep -q '^fired: 1' $SIMDBG/fault; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "the transfer did not reach DATA 300: $(cat $SIMDBG/fault)"
	usleep 100000
done
expect_eq "state when killed" "$(txn_prop 1 State)" transferring
sent=$(txn_prop 1 BytesSent)
echo "BytesSent when killed: $sent"
[ "$sent" -gt 0 ] || fail "BytesSent $sent"
t0=$(cut -d' ' -f1 /proc/uptime)
mefwd_kill9
echo "mefwd gone $(awk -v t0="$t0" '{ printf "%.1f", $1 - t0 }' /proc/uptime) s after SIGKILL"
grep -q '"transferring"' $MEFWD_STATE/transactions/1.json ||
	fail "journal of 1 after the kill: $(cat $MEFWD_STATE/transactions/1.json)"
grep -q '"queued"' $MEFWD_STATE/transactions/2.json ||
	fail "journal of 2 after the kill: $(cat $MEFWD_STATE/transactions/2.json)"
echo "ok: journal files say transferring / queued"
wait_for /dev/mefw0 10 || fail "no /dev/mefw0"
expect_eq "firmware unchanged" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447

echo 50 > /sys/module/mei_sim/parameters/stage_ms
mefwd_start
wait_txn 1 failed succeeded -t 15
expect_eq "1 after restart" "$(txn_prop 1 State)" failed
expect_eq "1 verdict" "$(txn_prop 1 Verdict)" failed
msg=$(txn_prop 1 Message)
echo "1 message: $msg"
echo "$msg" | grep -q 'interrupted' || fail "message of 1 does not say 'interrupted'"
echo "$msg" | grep -q '9\.0\.20\.1447' || fail "message of 1 does not name the running version"
grep -q '"failed"' $MEFWD_STATE/transactions/1.json || fail "journal of 1: $(cat $MEFWD_STATE/transactions/1.json)"
st=$(txn_prop 2 State)
echo "2 after restart: $st"
case "$st" in queued|validating|transferring|finalizing|succeeded) ;; *) fail "2 after restart: '$st'" ;; esac
mefwctl wait 2 > /tmp/w2.out 2>&1; rc=$?
cat /tmp/w2.out
expect_eq "2 wait exit" "$rc" 0
expect_eq "2 state" "$(txn_prop 2 State)" succeeded
wait_version 9.0.21.1500

# ---- 2: killed while the ME writes its flash ----
echo 300 > /sys/module/mei_sim/parameters/stage_ms
mefwctl update --yes --no-wait /data/sim/good2.bin > /tmp/r3.out 2>&1 || fail "request 3: $(cat /tmp/r3.out)"
id3=$(txn_id /tmp/r3.out)
wait_txn "$id3" finalizing -t 30
n=100
until [ "$(txn_prop "$id3" Stage)" -ge 3 ] 2>/dev/null; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "stage of $id3: $(txn_prop "$id3" Stage)"
	usleep 100000
done
echo "killing mefwd at stage $(txn_prop "$id3" Stage)/19"
mefwd_kill9
grep -q '"finalizing"' $MEFWD_STATE/transactions/$id3.json ||
	fail "journal of $id3 after the kill: $(cat $MEFWD_STATE/transactions/$id3.json)"
mefwd_start
wait_txn "$id3" succeeded failed -t 40
echo "$id3 after restart: $(txn_prop "$id3" State), verdict '$(txn_prop "$id3" Verdict)': $(txn_prop "$id3" Message)"
expect_eq "$id3 after restart" "$(txn_prop "$id3" State)" succeeded
expect_eq "$id3 verdict" "$(txn_prop "$id3" Verdict)" completed
expect_eq "$id3 new version" "$(txn_prop "$id3" NewVersion)" 9.0.22.1600
wait_version 9.0.22.1600

# ---- 3: a new update ----
echo 20 > /sys/module/mei_sim/parameters/stage_ms
mefwctl update --yes --allow-same-version /data/sim/good2.bin > /tmp/r4.out 2>&1 ||
	fail "update after the restarts: $(cat /tmp/r4.out)"
echo "ok: a new update succeeds"
mefwctl history > /tmp/h.txt || fail "history"
cat /tmp/h.txt
no_image_copies

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
