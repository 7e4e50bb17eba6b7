#!/bin/sh
# mei-sim update engine, happy path, raw over /dev/mei0 (mefw not loaded):
# a synthetic ME 9 region signed with the test key goes through START /
# DATA / END, the engine runs 19 stages with monotonic progress to 100
# (MKHI group 6 cmd 2) and HFSTS1 bit 11 / HFSTS2 phase 7 + percent, the
# ME resets itself and comes back running the new version.
. /tests/lib.sh
need_images

sim_load stage_ms=30
expect_eq "fused key = test key" "$(sim_val fused_key | tr a-f A-F)" "$(cat /data/sim/test-key.sha256)"
# no update yet: MKHI progress result 2 (not available)
expect_eq "progress before" "$(heci-raw $MKHI 06020000)" 06820002
expect_eq "hfsts before" "$(head -2 /sys/class/mei/mei0/fw_status | tr '\n' ' ')" "1E000245 76442312 "

fwu-raw -p 10 /data/sim/good.bin > /tmp/up.out; rc=$?
cat /tmp/up.out
expect_eq "fwu-raw rc" "$rc" 0
grep -q '^start: status 0$' /tmp/up.out || fail "START not accepted"
sz=$(wc -c < /data/sim/good.bin)
grep -q "^data: $(( (sz + 499) / 500 )) msgs $sz bytes status 0$" /tmp/up.out || fail "DATA"
grep -q '^end: status 0 reset_type 2$' /tmp/up.out || fail "END"
grep -q '^reset: ME reset seen$' /tmp/up.out || fail "no ME reset"
grep -q '^reset: after reset 100 19/19 status 0x0$' /tmp/up.out || fail "progress after reset"
fin=$(grep '^final:' /tmp/up.out)
expect_eq final "$fin" "final: status 0x0 percent 100 stage 19/19 reset 2 monotonic yes max 100 regs_max $(grep -o 'regs_max [0-9]*' /tmp/up.out | cut -d' ' -f2) phase7 yes"
rm=$(echo "$fin" | sed 's/.*regs_max \([0-9]*\).*/\1/')
[ "$rm" -ge 50 ] || fail "register percent never got far: $rm"
n=$(grep -c '^progress: [0-9]' /tmp/up.out)
[ "$n" -ge 5 ] || fail "too few progress steps: $n"

wait_for /sys/class/mei/mei0 10
n=50
while [ "$(cat /sys/class/mei/mei0/dev_state)" != ENABLED ] && [ $n -gt 0 ]; do usleep 100000; n=$((n-1)); done
n=50
while ! grep -q '9.0.21.1500' /sys/class/mei/mei0/fw_ver && [ $n -gt 0 ]; do usleep 100000; n=$((n-1)); done
expect_eq "fw_ver after" "$(head -1 /sys/class/mei/mei0/fw_ver)" "0:9.0.21.1500"
expect_eq "hfsts after" "$(head -2 /sys/class/mei/mei0/fw_status | tr '\n' ' ')" "1E000245 76442312 "
# GET_VERSION: code version 9.0.21.1500, LastFwUpdateStatus 0, reset type 2
gv=$(heci-raw 309dcde8-ccb1-4062-8f78-600115a34327 00000000)
expect_eq "GET_VERSION code" "$(echo "$gv" | cut -c57-72)" 090000001500dc05
expect_eq "GET_VERSION last reset type" "$(echo "$gv" | cut -c105-112)" 02000000
expect_eq update "$(sim_val update)" idle
expect_eq proto_errors "$(sim_val proto_errors)" 0

# a second update right after (9.0.22.1600), zero stage time
echo 0 > /sys/module/mei_sim/parameters/stage_ms
fwu-raw -p 5 /data/sim/good2.bin > /tmp/up2.out; rc=$?
tail -3 /tmp/up2.out
expect_eq "second update rc" "$rc" 0
n=50
while ! grep -q '9.0.22.1600' /sys/class/mei/mei0/fw_ver && [ $n -gt 0 ]; do usleep 100000; n=$((n-1)); done
expect_eq "fw_ver after 2nd" "$(head -1 /sys/class/mei/mei0/fw_ver)" "0:9.0.22.1600"
expect_eq proto_errors "$(sim_val proto_errors)" 0
mods_unload
