#!/bin/sh
# Recovery follows mefw.ko: kill -9 mefwd while the ME's update runs for
# a long time (19 stages x 2 s).  mefw.ko keeps following its transaction
# after mefwd's file closed; the restarted mefwd serves the bus at once
# (the transaction stays finalizing and cannot be cancelled), follows
# mefw.ko's update_state in the background and records the real verdict:
# succeeded, Verdict completed (not failed / unknown after a fixed wait).
. /tests/lib.sh
MEFWD_STATE=/var/lib/mefw-15

need_images
sim_load stage_ms=2000		# 19 stages: 38 s of finalizing
mefw_load poll_ms=20 reply_timeout_ms=3000
bus_start --no-polkit
mefwd_start

mefwctl update --yes --no-wait /data/sim/good.bin > /tmp/u1.out 2>&1 || fail "request: $(cat /tmp/u1.out)"
id=$(txn_id /tmp/u1.out)
wait_txn "$id" finalizing -t 30
mefwd_kill9
expect_eq "mefw.ko after the kill" "$(cat /sys/class/mefw/mefw0/update_state)" finalizing
mefwd_start
# the bus serves while the ME still writes: the transaction is followed,
# still finalizing, and cannot be cancelled
expect_eq "while followed" "$(txn_prop "$id" State)" finalizing
mefwctl status > /tmp/st.out 2>&1 || fail "status while following: $(cat /tmp/st.out)"
out=$(mefwctl cancel "$id" 2>&1); rc=$?
echo "$out"
expect_eq "cancel while followed exit" "$rc" 3
grep -q "following the ME" "$MEFWD_LOG" || fail "no log line about following the ME"
wait_txn "$id" succeeded failed -t 70
echo "after recovery: $(txn_prop "$id" State), verdict $(txn_prop "$id" Verdict)"
expect_eq "state" "$(txn_prop "$id" State)" succeeded
expect_eq "verdict" "$(txn_prop "$id" Verdict)" completed
expect_eq "new version" "$(txn_prop "$id" NewVersion)" 9.0.21.1500
expect_eq "mefw.ko's own verdict" "$(cat /sys/class/mefw/mefw0/update_state)" succeeded
no_image_copies
cat "$MEFWD_LOG"
mefwd_stop || fail "mefwd exit $?"
bus_stop
mods_unload
exit 0
