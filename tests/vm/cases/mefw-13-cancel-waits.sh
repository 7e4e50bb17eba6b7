#!/bin/sh
# CANCEL while BEGIN waits for other callers' status queries to end (a
# mute ME: each IDENTITY holds the FWUpdate client for reply_timeout_ms,
# and no query may interleave with an update, so BEGIN's first message
# waits for them) returns without waiting for them (some of them are
# still running when it returns): CANCEL OK, BEGIN ECANCELED, state
# cancelled; a second process reads the status registers meanwhile.  The harness's
# timeout is the bound; cancel_ms is printed for the record, not checked.
. /tests/lib.sh

GO=/tmp/mefw13.go
sim_load
mefw_load reply_timeout_ms=4000
rm -f $GO
dmesg -c > /dev/null

echo Y > /sys/module/mei_sim/parameters/mute
for i in 1 2 3; do
	mefw-ioctl-test blocked-identity > /tmp/id$i.out 2>&1 &
done
usleep 300000
mefw-ioctl-test begin-cancel 4096 $GO > /tmp/bc.out 2>&1 &
pid=$!
# BEGIN has claimed the ME and waits for the readers' queries
n=200
until dmesg | grep -q 'update of 4096 bytes begins'; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "BEGIN did not claim the ME: $(dmesg | tail -5)"
	usleep 50000
done
touch $GO
n=300
until grep -q '^cancel=' /tmp/bc.out; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "CANCEL did not return: $(cat /tmp/bc.out)"
	usleep 50000
done
# the readers started first and queue ahead of BEGIN: a CANCEL that
# waited for BEGIN's conversation would find all three finished
done_readers=$(cat /tmp/id1.out /tmp/id2.out /tmp/id3.out | grep -c '^errno=')
echo "readers finished when CANCEL returned: $done_readers of 3"
[ "$done_readers" -lt 3 ] || fail "CANCEL waited for the other callers' conversations"
out=$(mefw-ioctl-test regs) || fail "regs after cancel: $out"
echo "$out" | grep -q '^hfsts1=0x' || fail "regs after cancel: $out"
echo "ok: status read by another process"
begin_cancel_cancelled $pid
expect_eq "update_state" "$(cat /sys/class/mefw/mefw0/update_state)" cancelled

echo N > /sys/module/mei_sim/parameters/mute
wait
out=$(mefw-ioctl-test identity) || fail "identity after unmute: $out"
echo "$out" | grep -q '^valid=0x1f$' || fail "identity after unmute: $out"
echo "ok: identity after unmute"
mods_unload
rm -f $GO
exit 0
