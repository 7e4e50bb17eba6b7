#!/bin/sh
# mei-sim update engine teardown: no receive buffer outlives its session
# (/proc/vmallocinfo), unloading with the engine running or an ME reset
# pending is clean, an interrupted flash write reads as a power cut at the
# next load, and unbinding the platform device mid-transfer gives the
# writer ENODEV; after rebinding a good update works.
. /tests/lib.sh
need_images
F=/tmp/flash-td.img
bufs() { grep -c 'sim_update.*\[mei_sim\]' /proc/vmallocinfo; }
wait_state() {
	n=100
	while [ "$(sim_val update)" != "$1" ] && [ $n -gt 0 ]; do usleep 50000; n=$((n-1)); done
	expect_eq "update state" "$(sim_val update)" "$1"
}

sim_load stage_ms=0
expect_eq "no buffer at load" "$(bufs)" 0
# a session holds one buffer; it goes with the connection
heci-raw $FWU "02000000 00000800 $(zeros 78)" > /dev/null
expect_eq "buffer freed on disconnect" "$(bufs)" 0
# refused image: buffer freed at END
fwu-raw -P /data/sim/badsig.bin > /dev/null
expect_eq "buffer freed after refusal" "$(bufs)" 0
mods_unload

# unload while the engine writes (with a flash file): next load = recovery
rm -f $F
sim_load stage_ms=300 flash=$F
fwu-raw -P /data/sim/good.bin > /tmp/o || { cat /tmp/o; fail "push"; }
wait_state running
n=100
while [ "$(sim_val update_stage | cut -d/ -f1)" -lt 2 ] && [ $n -gt 0 ]; do usleep 50000; n=$((n-1)); done
echo "unloading at stage $(sim_val update_stage)"
expect_eq "buffer held by the engine" "$(bufs)" 1
mods_unload
expect_eq "no buffer after unload" "$(bufs)" 0
sim_load flash=$F
expect_eq "interrupted write: recovery" "$(sim_val recovery_boot)/$(sim_val code)" Y/9.0.20.1447
mods_unload

# unload with the ME reset pending
sim_load stage_ms=0 reset_ms=3000
fwu-raw -P /data/sim/good.bin > /dev/null || fail "push"
wait_state resetting
mods_unload

# unbind mid-transfer, then rebind and update
sim_load stage_ms=0
fwu-raw /data/sim/good.bin > /tmp/o 2>&1 &
pid=$!
# (at most 10 s: fwu-raw may start late on a loaded machine)
n=500
while ! grep -q '^update .*receiving' $SIMDBG/state && [ $n -gt 0 ]; do usleep 20000; n=$((n-1)); done
expect_eq "receiving" "$(sim_val update)" receiving
echo mei-sim > /sys/bus/platform/drivers/mei-sim/unbind || fail unbind
wait $pid
rc=$?
cat /tmp/o
expect_eq "writer: ENODEV" "$rc/$(grep -cE ': (read|write|poll): ENODEV$' /tmp/o)" 4/1
expect_eq "no buffer after unbind" "$(bufs)" 0
echo mei-sim > /sys/bus/platform/drivers/mei-sim/bind || fail bind
wait_for /sys/class/mei/mei0 10 || fail "mei0 back"
n=100
while [ "$(cat /sys/class/mei/mei0/dev_state)" != ENABLED ] && [ $n -gt 0 ]; do usleep 100000; n=$((n-1)); done
fwu-raw -p 5 /data/sim/good.bin > /tmp/o; rc=$?
expect_eq "update after rebind" "$rc/$(grep final: /tmp/o | cut -d' ' -f2-3)" "0/status 0x0"
expect_eq proto_errors "$(sim_val proto_errors)" 0
mods_unload
