#!/bin/sh
# Never hang: the engine stalling (no percent change for stall_ms) ->
# 8718; a power cut mid-write (the FW goes silent, registers show
# recovery) -> 8769 (progress unreadable for stall_ms), then the next load
# boots the recovery copy and a good update recovers; an update longer
# than total_ms -> 8718; a power cut with the file closed right after END
# still ends (logged) and the module unloads.  Each bounded.
. /tests/lib.sh

IMG=/data/sim/good.bin
F=/tmp/upd8-flash.img
need_images
rm -f $F
now_ms() { sed 's/^\([0-9]*\)\.\([0-9]*\) .*/\1\20/' /proc/uptime; }

sim_load stage_ms=20 flash=$F
mefw_load poll_ms=50 reply_timeout_ms=500 stall_ms=2000

t0=$(now_ms)
echo "stall stage:6" > $SIMDBG/fault
mefw-flash --quiet $IMG > /tmp/c.out 2>&1
res=$(grep '^result:' /tmp/c.out); echo "stall: $res"
echo "$res" | grep -q 'state=failed error=8718 fw_status=0x0 errno=-110 .*stage=5/19 ' || fail "stall: $(cat /tmp/c.out)"
# bounded: the stall detector ended it (8718, ETIMEDOUT); the time is
# printed, not asserted (the transfer before it runs slower on the debug kernel)
dt=$(( $(now_ms) - t0 )); echo "stall detected after $dt ms"
# the stalled engine is failed by the next START (simulated watchdog)
mefw-flash --quiet $IMG > /tmp/g.out 2>&1 || fail "good update after stall: $(cat /tmp/g.out)"

t0=$(now_ms)
echo "powercut stage:9" > $SIMDBG/fault
mefw-flash --quiet --allow-same-version /data/sim/good2.bin > /tmp/c.out 2>&1
res=$(grep '^result:' /tmp/c.out); echo "powercut: $res"
echo "$res" | grep -q 'state=failed error=8769 fw_status=0x0 errno=-5 ' || fail "powercut: $(cat /tmp/c.out)"
echo "$res" | grep -q 'hfsts1=0x1E00[0-9A-F]*2 ' || echo "note: hfsts1 not in recovery: $res"
dt=$(( $(now_ms) - t0 )); echo "power cut detected after $dt ms"
mods_unload
# "reboot": the recovery copy runs (the version before the cut), a good update recovers
sim_load stage_ms=0 flash=$F
mefw_load poll_ms=20
expect_eq "after power cut" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.21.1500
mefw-flash --quiet /data/sim/good2.bin > /tmp/g.out 2>&1 || fail "recovery update: $(cat /tmp/g.out)"
grep '^result:' /tmp/g.out
mods_unload

# total_ms: 19 stages of 300 ms do not fit in 2 s
sim_load stage_ms=300
mefw_load poll_ms=50 total_ms=2000
t0=$(now_ms)
mefw-flash --quiet $IMG > /tmp/c.out 2>&1
res=$(grep '^result:' /tmp/c.out); echo "total: $res"
echo "$res" | grep -q 'state=failed error=8718 fw_status=0x0 errno=-110 ' || fail "total_ms: $(cat /tmp/c.out)"
dt=$(( $(now_ms) - t0 )); echo "total_ms hit after $dt ms"
sleep 6		# let the engine finish and the ME reset
mods_unload

# the file closed after END, the FW dies: the transaction still ends
sim_load stage_ms=50
mefw_load poll_ms=50 reply_timeout_ms=300 stall_ms=1000
echo "powercut stage:3" > $SIMDBG/fault
mefw-flash --chunk 65536 $IMG > /tmp/bg.out 2>&1 &
pid=$!
n=100
while ! grep -q '^sending 100' /tmp/bg.out 2>/dev/null; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "transfer did not finish: $(cat /tmp/bg.out)"
	usleep 50000
done
usleep 100000
kill -9 $pid
wait $pid 2>/dev/null
n=60
until dmesg | grep -q 'mefw: update failed: error 8769'; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "detached transaction did not end: $(dmesg | tail -5)"
	usleep 100000
done
echo "ok: detached transaction ended: $(dmesg | grep 'mefw: update failed: error 8769' | tail -1)"
mods_unload
rm -f $F
exit 0
