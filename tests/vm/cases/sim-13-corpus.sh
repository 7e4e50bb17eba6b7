#!/bin/sh
# mei-sim verifies a real Intel image (ME 9.0.31.1487 1.5MB region from
# ../shared/corpus, /data/corpus in the VM): accepted by a simulator fused
# with Intel's ME 9 production key (fused_key=intel-me9), refused with
# status 4 at END (verification) by one fused with the test key.
. /tests/lib.sh
IMG=/data/corpus/9.0.31.1487_1.5MB_PRD_RGN.bin
[ -f $IMG ] || skip "no $IMG (shared corpus not next to the checkout)"

sim_load stage_ms=0
out=$(fwu-raw -P $IMG); rc=$?
echo "$out"
expect_eq "test key: refused at END" "$(echo "$out" | grep -v '^mtu' | tr '\n' ' ')/$rc" \
	"start: status 0 data: 3122 msgs 1560576 bytes status 0 end: status 4 reset_type 0 /5"
dmesg | grep -q 'signing key b41f8f516722bf6e is not the fused key' || fail "log"
mods_unload

sim_load stage_ms=0 fused_key=intel-me9
out=$(fwu-raw -T -p 5 $IMG); rc=$?
echo "$out" | grep -v '^progress'
expect_eq "intel-me9: accepted" "$rc/$(echo "$out" | grep final: | cut -d' ' -f2-7)" "0/status 0x0 percent 100 stage 19/19"
n=80
while [ "$(head -1 /sys/class/mei/mei0/fw_ver)" != 0:9.0.31.1487 ] && [ $n -gt 0 ]; do usleep 100000; n=$((n-1)); done
expect_eq "fw_ver" "$(head -1 /sys/class/mei/mei0/fw_ver)" 0:9.0.31.1487
mods_unload
