#!/bin/sh
# A mute firmware: IDENTITY fails with ETIMEDOUT after reply_timeout_ms;
# the status registers and the cached sysfs values still read (they never
# talk to the firmware); once the firmware answers again, so does IDENTITY.
. /tests/lib.sh

sim_load
mefw_load reply_timeout_ms=1000
expect_eq "cached fw_version" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447

echo Y > /sys/module/mei_sim/parameters/mute
mefw-ioctl-test blocked-identity > /tmp/t.out 2>&1
cat /tmp/t.out
kv() { sed -n "s/^$1=//p" /tmp/t.out; }
expect_eq "mute IDENTITY" "$(kv errno)" ETIMEDOUT
ms=$(kv elapsed_ms)
[ "$ms" -ge 900 ] && [ "$ms" -lt 3000 ] || fail "timed out after $ms ms, want ~1000"
echo "ok: ETIMEDOUT after $ms ms"
expect_eq "fd still usable" "$(kv after)" OK

out=$(mefw-ioctl-test regs) || fail "regs while mute: $out"
echo "$out" | grep -q '^hfsts1=0x1E000245$' || fail "regs while mute: $out"
expect_eq "fw_version while mute" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447
expect_eq "current_state while mute" "$(cat /sys/class/mefw/mefw0/current_state)" Normal

echo N > /sys/module/mei_sim/parameters/mute
out=$(mefw-ioctl-test identity) || fail "identity after unmute: $out"
echo "$out" | grep -q '^valid=0x1f$' || fail "identity after unmute: $out"
echo "ok: identity after unmute"
mods_unload
exit 0
