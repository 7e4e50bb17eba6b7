#!/bin/sh
# mefw-fuzz (tests/tools/mefw-fuzz.c) drives /dev/mefw0 with random
# ioctls, writes, reads, polls, opens and closes: root from 2 processes of
# 3 threads, alice from 1 of 2, for 20 s, while this script, in an order
# drawn from the same seed, arms mei-sim faults, mutes and unmutes the ME
# and unbinds and rebinds mefw from the FWUpdate client.  Every fuzzer
# process must finish; afterwards mefw unloads and a good update
# succeeds.  The kernel side is judged by the harness: no splat and, on
# the debug kernel, no leak.  Another seed: change seed= below.
. /tests/lib.sh

need_images
seed=12 secs=20
D=/sys/kernel/debug/mei-sim
drv=/sys/bus/mei/drivers/mefw

sim_load stage_ms=20
mefw_load poll_ms=20
fwu=$(basename "$(ls -d $drv/*-309dcde8-ccb1-4062-8f78-600115a34327)")

mefw-fuzz -s $seed -t $secs -p 2 -j 3 > /tmp/fuzz-root.out 2>&1 &
root_pid=$!
as_user alice mefw-fuzz -s $((seed + 1)) -t $secs -p 1 -j 2 \
	> /tmp/fuzz-alice.out 2>&1 &
alice_pid=$!

# a disturbance (or a quiet step) every 0.5 s while the fuzzers run;
# alice may open the node (on a real system the udev rule's group gives
# that), also each new one after a rebind or an ME reset
chmod 666 /dev/mefw0
awk -v s=$seed 'BEGIN { srand(s); for (i = 0; i < 1000; i++) print int(rand() * 10) }' |
while read -r act && kill -0 $root_pid 2> /dev/null; do
	case $act in
	0) echo Y > /sys/module/mei_sim/parameters/mute; usleep 800000
	   echo N > /sys/module/mei_sim/parameters/mute ;;
	1) echo "$fwu" > $drv/unbind; usleep 200000; echo "$fwu" > $drv/bind ;;
	2) echo 'reset start' > $D/fault ;;
	3) echo 'noreply data:2' > $D/fault ;;
	4) echo 'disconnect end' > $D/fault ;;
	5) echo 'reset data:3' > $D/fault ;;
	esac 2> /dev/null
	usleep 500000
	chmod 666 /dev/mefw0 2> /dev/null
done
wait $root_pid || fail "mefw-fuzz (root): $(cat /tmp/fuzz-root.out)"
wait $alice_pid || fail "mefw-fuzz (alice): $(cat /tmp/fuzz-alice.out)"
cat /tmp/fuzz-root.out /tmp/fuzz-alice.out
grep -q '^proc=0 calls=[1-9]' /tmp/fuzz-root.out || fail "no calls made"

# quiet again: no fault, the ME answers, mefw bound, the engine idle
echo none > $D/fault
echo N > /sys/module/mei_sim/parameters/mute
[ -e "$drv/$fwu" ] || echo "$fwu" > $drv/bind
wait_for /dev/mefw0 10 || fail "/dev/mefw0 did not come back"
n=100
until sed -n 's/^update  *//p' $D/state | grep -qx idle; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "engine not idle: $(cat $D/state)"
	usleep 100000
done
out=$(mefw-flash --quiet /data/sim/good.bin 2>&1) || fail "good update after the fuzz: $out"
echo "$out" | grep -q '^result: state=succeeded ' || fail "good update: $out"
echo "ok: a good update after the fuzz"
mods_unload
exit 0
