#!/bin/sh
# A firmware-initiated reset removes the bus devices and adds new ones:
# an open /dev/mefw0 turns into ENODEV, a new /dev/mefw0 appears (the
# minor is reused although the old file is still open) and works.
. /tests/lib.sh

sim_load
mefw_load
dbg=/sys/kernel/debug/mei-sim

mefw-ioctl-test hold 6 > /tmp/hold.out &
pid=$!
sleep 1
echo 1 > $dbg/fw_reset || fail "fw_reset"
wait_gone /dev/mefw0 5 || echo "note: /dev/mefw0 reappeared before we looked"
wait_for /dev/mefw0 20 || fail "/dev/mefw0 did not come back"
n=50
until out=$(mefw-ioctl-test identity 2>&1); do
	n=$((n - 1))
	[ $n -gt 0 ] || fail "identity after reset: $out"
	usleep 200000
done
echo "$out" | grep -q '^code=9.0.20.1447$' || fail "identity after reset: $out"
echo "ok: new /dev/mefw0 answers"
expect_eq "devices" "$(ls /sys/class/mefw)" mefw0
wait $pid
cat /tmp/hold.out
grep -q '^after_hold=ENODEV$' /tmp/hold.out || fail "old fd not ENODEV"
mods_unload
exit 0
