#!/bin/sh
# Happy path through /dev/mefw0 with mefw-flash: a synthetic ME 9 image
# (test key) updates the default identity; progress is monotonic, reaches
# 100 and the stages count up to 19/19; the ME resets, the transaction
# follows it and reports SUCCEEDED with the new version; the new
# /dev/mefw0 reports it; a second update right after works too; with a
# backing flash file the version survives a simulator reload (the VM
# "reboot" of tests/vm/reboot-test.sh); reset types 1 and 0.
. /tests/lib.sh

need_images
F=/tmp/upd-flash.img
rm -f $F

sim_load stage_ms=40 flash=$F
mefw_load poll_ms=20
mtu=$(mefw-ioctl-test identity | sed -n 's/^mtu=//p')
echo "FWU MTU $mtu: DATA chunks of $((mtu - 12)) bytes"

mefw-flash --chunk 65536 /data/sim/good.bin > /tmp/f1.out; rc=$?
cat /tmp/f1.out
expect_eq "exit status" "$rc" 0
res=$(grep '^result:' /tmp/f1.out)
echo "$res" | grep -q 'state=succeeded error=0 fw_status=0x0 errno=0 new_version=9.0.21.1500 reset_type=2 bytes=524288 ' ||
	fail "result: $res"
# percent monotonic, stage monotonic, saw intermediate stages, reached 19/19 100
awk '/^stage /{ split($2, s, "/"); p = $3 + 0; st = s[1] + 0
	if (p < lp || st < ls) { print "not monotonic: " $0; bad = 1 }
	if (st > 0 && st < 19) mid++
	lp = p; ls = st; last = $2 " " $3; tot = s[2] }
	END { if (bad) exit 1
	      if (mid < 3) { print "too few intermediate stages: " mid; exit 1 }
	      if (last != "19/19 100%") { print "last progress " last; exit 1 }
	      print "ok: progress monotonic, " mid " intermediate lines, total " tot }' /tmp/f1.out ||
	fail "progress"
sending=$(grep -c '^sending ' /tmp/f1.out)
[ "$sending" -ge 5 ] || fail "transfer progress lines: $sending"

# the new /dev/mefw0 (the ME reset) reports the new version
wait_for /dev/mefw0 10 || fail "no /dev/mefw0 after the reset"
n=50
until [ "$(cat /sys/class/mefw/mefw0/fw_version 2>/dev/null)" = 9.0.21.1500 ]; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "fw_version: $(cat /sys/class/mefw/mefw0/fw_version)"
	usleep 100000
done
echo "ok: fw_version 9.0.21.1500"
expect_eq "update_state" "$(cat /sys/class/mefw/mefw0/update_state)" succeeded

# a second update right after, written in odd-sized pieces
echo 0 > /sys/module/mei_sim/parameters/stage_ms
mefw-flash --quiet --chunk 777 /data/sim/good2.bin > /tmp/f2.out; rc=$?
cat /tmp/f2.out
expect_eq "second exit status" "$rc" 0
grep -q '^result: state=succeeded .*new_version=9.0.22.1600 ' /tmp/f2.out || fail "second result"

# same version again: refused without the flag, accepted with it
mefw-flash --quiet /data/sim/good2.bin > /tmp/f3.out; rc=$?
grep -q '^result: state=failed error=8723 ' /tmp/f3.out || fail "same version: $(cat /tmp/f3.out)"
mefw-flash --quiet --allow-same-version /data/sim/good2.bin > /tmp/f3.out; rc=$?
expect_eq "same version allowed" "$rc" 0

# "reboot": reload the simulator with the same flash file
mods_unload
sim_load flash=$F
mefw_load
expect_eq "after reload" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.22.1600
mods_unload

# reset type 1 (host reset): NEEDS_REBOOT, exit 0; reset type 0: at once
sim_load stage_ms=0 reset_type=1
mefw_load poll_ms=20
mefw-flash --quiet /data/sim/good.bin > /tmp/f4.out; rc=$?
cat /tmp/f4.out
expect_eq "host reset exit status" "$rc" 0
grep -q '^result: state=needs-reboot error=0 .*reset_type=1 ' /tmp/f4.out || fail "host reset result"
mods_unload
sim_load stage_ms=0 reset_type=0
mefw_load poll_ms=20
mefw-flash --quiet /data/sim/good.bin > /tmp/f5.out; rc=$?
cat /tmp/f5.out
grep -q '^result: state=succeeded error=0 .*new_version=9.0.21.1500 reset_type=0 ' /tmp/f5.out || fail "no reset result"
mods_unload
rm -f $F
exit 0
