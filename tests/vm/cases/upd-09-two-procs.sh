#!/bin/sh
# One transaction per ME: while one process updates, another one gets
# EBUSY from BEGIN and can still read status (identity: EBUSY, nothing
# may reach the ME between the update's messages); the busy
# process is refused during the transfer and during finalizing, and
# allowed once the update ended.  The sysfs update_state follows.  Bad
# ordering inside a started transaction: END before all data -> EPROTO,
# a write past the length -> EINVAL, CANCEL -> cancelled.
. /tests/lib.sh

IMG=/data/sim/good.bin
need_images

sim_load stage_ms=100
mefw_load poll_ms=20

mefw-ioctl-test update-partial 4096 || fail "update-partial"
expect_eq "update_state after cancel" "$(cat /sys/class/mefw/mefw0/update_state)" cancelled

# transfer phase: pause the writer after 100000 bytes
mefw-flash --chunk 10000 --pause-after 100000:1500 $IMG > /tmp/a.out 2>&1 &
pid=$!
n=50
while ! grep -q '^pause:' /tmp/a.out; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "writer did not pause: $(cat /tmp/a.out)"
	usleep 100000
done
expect_eq "update_state while transferring" "$(cat /sys/class/mefw/mefw0/update_state)" transferring
mefw-ioctl-test update-busy || fail "second process not refused while transferring"
mefw-ioctl-test regs | grep -q '^hfsts1=' || fail "regs while busy"
# finalizing phase
n=50
until [ "$(cat /sys/class/mefw/mefw0/update_state)" = finalizing ]; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "never finalizing"
	usleep 100000
done
mefw-ioctl-test update-busy || fail "second process not refused while finalizing"
mefw-ioctl-test progress | grep -q '^state=0$' || fail "other file sees a transaction"
wait $pid || fail "the updating process failed: $(cat /tmp/a.out)"
grep '^result:' /tmp/a.out
wait_for /dev/mefw0 10
n=50
until [ "$(cat /sys/class/mefw/mefw0/update_state 2>/dev/null)" = succeeded ]; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "update_state: $(cat /sys/class/mefw/mefw0/update_state)"
	usleep 100000
done
# free again
echo 0 > /sys/module/mei_sim/parameters/stage_ms
mefw-flash --quiet /data/sim/good2.bin > /tmp/b.out 2>&1 || fail "update after: $(cat /tmp/b.out)"
mods_unload
exit 0
