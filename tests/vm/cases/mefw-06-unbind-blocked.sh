#!/bin/sh
# Unbinding mei-sim while /dev/mefw0 is open and IDENTITY is blocked on a
# mute firmware returns ENODEV promptly (well under reply_timeout_ms), the
# fd then returns ENODEV, and closing it frees everything.
. /tests/lib.sh

sim_load
mefw_load reply_timeout_ms=20000
# let the probe-time identity fetch finish while the FW still answers
cat /sys/class/mefw/mefw0/fw_version >/dev/null || fail "fw_version"

echo Y > /sys/module/mei_sim/parameters/mute
mefw-ioctl-test blocked-identity > /tmp/blocked.out 2>&1 &
pid=$!
sleep 2
kill -0 $pid 2>/dev/null || fail "IDENTITY did not block: $(cat /tmp/blocked.out)"
# /proc/uptime in ms (10 ms resolution)
t0=$(sed 's/^\([0-9]*\)\.\([0-9]*\) .*/\1\20/' /proc/uptime)
echo mei-sim > /sys/bus/platform/drivers/mei-sim/unbind || fail "unbind"
wait $pid
rc=$?
cat /tmp/blocked.out
kv() { sed -n "s/^$1=//p" /tmp/blocked.out; }
expect_eq "blocked errno" "$(kv errno)" ENODEV
expect_eq "fd after remove" "$(kv after)" ENODEV
expect_eq "regs after remove" "$(kv after_regs)" ENODEV
[ "$rc" = 0 ] || fail "blocked-identity exited $rc"
ms=$(kv elapsed_ms)
lat=$(( $(kv end_uptime_ms) - t0 ))
# reply_timeout_ms is 20 s: "promptly" means well under it
[ "$lat" -lt 1000 ] || fail "IDENTITY returned $lat ms after the unbind"
echo "ok: IDENTITY blocked $ms ms, returned ENODEV $lat ms after the unbind"
[ ! -e /dev/mefw0 ] || fail "/dev/mefw0 still present after unbind"
[ ! -e /sys/class/mefw/mefw0 ] || fail "mefw0 still in sysfs"

# the host comes back: a new device, usable
echo N > /sys/module/mei_sim/parameters/mute
echo mei-sim > /sys/bus/platform/drivers/mei-sim/bind || fail "bind"
wait_for /dev/mefw0 10 || fail "/dev/mefw0 did not come back"
out=$(mefw-ioctl-test identity) || fail "identity after rebind: $out"
echo "$out" | grep -q '^code=9.0.20.1447$' || fail "identity after rebind: $out"
echo "ok: identity after rebind"
mods_unload
exit 0
