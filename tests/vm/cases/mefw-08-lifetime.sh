#!/bin/sh
# rmmod mefw with /dev/mefw0 open is refused; unbinding the mefw driver
# while the file is open turns it into ENODEV; rebinding gives a new node.
. /tests/lib.sh

sim_load
mefw_load

mefw-ioctl-test hold 3 > /tmp/hold.out &
pid=$!
sleep 1
rmmod mefw 2>/dev/null && fail "rmmod mefw succeeded with /dev/mefw0 open"
echo "ok: rmmod refused while open"
wait $pid
rmmod mefw || fail "rmmod mefw after close"
mefw_load

# unbind just the FWUpdate client from mefw while a file is open
drv=/sys/bus/mei/drivers/mefw
fwu=$(basename "$(ls -d $drv/*-309dcde8-ccb1-4062-8f78-600115a34327)")
echo Y > /sys/module/mei_sim/parameters/mute
mefw-ioctl-test blocked-identity > /tmp/b.out 2>&1 &
pid=$!
sleep 1
echo "$fwu" > $drv/unbind || fail "unbind $fwu"
wait $pid
cat /tmp/b.out
grep -q '^errno=ENODEV$' /tmp/b.out || fail "blocked IDENTITY not ENODEV"
grep -q '^after=ENODEV$' /tmp/b.out || fail "fd not ENODEV after unbind"
[ ! -e /dev/mefw0 ] || fail "/dev/mefw0 still present"
echo N > /sys/module/mei_sim/parameters/mute
echo "$fwu" > $drv/bind || fail "bind $fwu"
wait_for /dev/mefw0 10 || fail "/dev/mefw0 did not come back"
mefw-ioctl-test identity > /dev/null || fail "identity after rebind"

# MKHI removed first, then FWU keeps working without MKHI fields
mkhi=$(basename "$(ls -d $drv/*-8e6a6715-9abc-4043-88ef-9e39c6f63e0f)")
echo "$mkhi" > $drv/unbind || fail "unbind $mkhi"
out=$(mefw-ioctl-test identity) || fail "identity without MKHI: $out"
echo "$out" | grep -q '^valid=0x3$' || fail "identity without MKHI: $out"
echo "ok: identity without MKHI has only the FWU groups"
echo "$mkhi" > $drv/bind || fail "bind $mkhi"
out=$(mefw-ioctl-test identity) || fail "identity with MKHI back: $out"
echo "$out" | grep -q '^valid=0x1f$' || fail "identity with MKHI back: $out"
echo "ok: MKHI paired again"
mods_unload
exit 0
