#!/bin/sh
# A real Intel image through /dev/mefw0 (ME 9.0.31.1487 1.5MB region from
# ../shared/corpus, /data/corpus in the VM): refused at the verification
# (END: 8741 + 8706, status 4) by a simulator fused with the test key,
# accepted by one fused with Intel's ME 9 key (fused_key=intel-me9), with
# the time of the 1.5 MiB transfer.
. /tests/lib.sh

IMG=/data/corpus/9.0.31.1487_1.5MB_PRD_RGN.bin
[ -f $IMG ] || skip "no $IMG (shared corpus not next to the checkout)"

sim_load stage_ms=0
mefw_load poll_ms=20
mefw-flash --quiet $IMG > /tmp/t.out 2>&1; rc=$?
cat /tmp/t.out
grep -q '^image: .* 1560576 bytes, version 9.0.31.1487$' /tmp/t.out || fail "image version not parsed"
grep -q '^result: state=failed error=8706 fw_status=0x4 errno=-121 .*bytes=1560576 ' /tmp/t.out ||
	fail "test key: not refused at END"
expect_eq "exit status" "$rc" $((8706 % 256))
mods_unload

sim_load stage_ms=0 fused_key=intel-me9
mefw_load poll_ms=20
mefw-flash --quiet $IMG > /tmp/i.out 2>&1; rc=$?
cat /tmp/i.out
expect_eq "exit status" "$rc" 0
grep -q '^result: state=succeeded error=0 .*new_version=9.0.31.1487 .*bytes=1560576 ' /tmp/i.out ||
	fail "intel-me9: not accepted"
echo "1.5 MiB transfer: $(sed -n 's/^transfer_ms=//p' /tmp/i.out) ms ($(( 1560576 / 500 + 1 )) DATA messages of 500 bytes)"
wait_for /dev/mefw0 10
expect_eq "fw_version" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.31.1487
mods_unload
exit 0
