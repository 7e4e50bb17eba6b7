#!/bin/sh
# Closing the fd mid-transfer aborts cleanly (the ME forgets the transfer,
# the next update works); killing the updater mid-transfer too.
# Unbinding the simulator mid-transfer: the write fails with ENODEV, the
# transaction is FAILED 8193; after END the host going away also ends it
# (8193); mefw unloads with a transaction still finalizing (detached,
# file closed); nothing leaks: both modules unload.
. /tests/lib.sh

IMG=/data/sim/good.bin
need_images
drv=/sys/bus/platform/drivers/mei-sim

sim_load stage_ms=0
mefw_load poll_ms=20

# close after 200000 bytes (no END)
mefw-flash --chunk 50000 --stop-after 200000 $IMG > /tmp/a.out 2>&1
expect_eq "stop-after exit" "$?" 3
expect_eq "update_state after close" "$(cat /sys/class/mefw/mefw0/update_state)" cancelled
mefw-flash --quiet $IMG > /tmp/b.out 2>&1 || fail "update after close: $(cat /tmp/b.out)"
wait_for /dev/mefw0 10

# SIGKILL mid-transfer
mefw-flash --chunk 20000 --pause-after 100000:5000 /data/sim/good2.bin > /tmp/k.out 2>&1 &
pid=$!
wait_until 50 grep -q '^pause:' /tmp/k.out || fail "no pause"
kill -9 $pid; wait $pid 2>/dev/null
mefw-flash --quiet /data/sim/good2.bin > /tmp/b.out 2>&1 || fail "update after kill: $(cat /tmp/b.out)"
wait_for /dev/mefw0 10
sleep 1

# unbind mid-transfer
mefw-flash --chunk 20000 --pause-after 100000:2000 --allow-same-version /data/sim/good2.bin > /tmp/u.out 2>&1 &
pid=$!
wait_until 50 grep -q '^pause:' /tmp/u.out || fail "no pause"
echo mei-sim > $drv/unbind || fail "unbind"
wait $pid
rc=$?
cat /tmp/u.out
grep -q 'mefw-flash: write: No such device' /tmp/u.out || fail "write did not fail with ENODEV"
grep -q '^result: state=failed error=8193 fw_status=0x0 errno=-19 ' /tmp/u.out || fail "result after unbind"
expect_eq "exit status" "$rc" 1
echo mei-sim > $drv/bind || fail "bind"
wait_for /dev/mefw0 10 || fail "no /dev/mefw0 after bind"
wait_until 50 grep -qx ENABLED /sys/class/mei/mei0/dev_state || fail "mei0 not enabled"
mefw-flash --quiet --allow-same-version /data/sim/good2.bin > /tmp/b.out 2>&1 ||
	fail "update after rebind: $(cat /tmp/b.out)"
wait_for /dev/mefw0 10
sleep 1

# unbind while finalizing
echo 200 > /sys/module/mei_sim/parameters/stage_ms
mefw-flash --allow-same-version /data/sim/good2.bin > /tmp/f.out 2>&1 &
pid=$!
wait_until 100 grep -q '^stage [1-9]' /tmp/f.out || fail "no finalizing: $(cat /tmp/f.out)"
echo mei-sim > $drv/unbind || fail "unbind 2"
wait $pid
grep '^result:' /tmp/f.out
grep -q '^result: state=failed error=8193 fw_status=0x0 errno=-19 ' /tmp/f.out || fail "result after unbind while finalizing: $(cat /tmp/f.out)"
echo mei-sim > $drv/bind || fail "bind 2"
wait_for /dev/mefw0 10 || fail "no /dev/mefw0 after bind 2"
sleep 1

# rmmod mefw while a detached transaction finalizes
mefw-flash --chunk 65536 --allow-same-version /data/sim/good2.bin > /tmp/d.out 2>&1 &
pid=$!
wait_until 100 grep -q '^stage [1-9]' /tmp/d.out || fail "no finalizing 2: $(cat /tmp/d.out)"
kill -9 $pid; wait $pid 2>/dev/null
expect_eq "detached: update_state" "$(cat /sys/class/mefw/mefw0/update_state)" finalizing
rmmod mefw || fail "rmmod mefw with a detached transaction"
dmesg | grep 'mefw: update' | tail -2
dmesg | tail -3 | grep -q 'mefw: update failed: error 8193' || echo "note: $(dmesg | tail -3)"
sleep 5		# the sim finishes and resets
mods_unload
exit 0
