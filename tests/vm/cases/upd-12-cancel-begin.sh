#!/bin/sh
# Cancel during BEGIN while the ME sits on its START reply (mei-sim fault
# "delay start MS"): BEGIN returns ECANCELED, the transaction is
# CANCELLED, the driver resets the ME's update session (it drops the
# connection, and the delayed reply with it), and the next update
# succeeds at the first try.
. /tests/lib.sh

IMG=/data/sim/good.bin
GO=/tmp/upd12.go
need_images

sim_load stage_ms=20
# the reply timeout is longer than the delay: only the cancel ends BEGIN
mefw_load poll_ms=20 reply_timeout_ms=30000

f0=$(sim_fired)
rm -f $GO
echo "delay start 10000" > $SIMDBG/fault || fail "arm the delay"
mefw-ioctl-test begin-cancel "$(stat -c %s $IMG)" $GO > /tmp/bc.out 2>&1 &
pid=$!
n=200
until [ "$(sim_fired)" = $((f0 + 1)) ]; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "START never reached the ME: $(cat /tmp/bc.out)"
	usleep 50000
done
touch $GO
begin_cancel_cancelled $pid

# at once, within the delay: the ME must not answer it to this update
mefw-flash --quiet --allow-same-version $IMG > /tmp/g.out 2>&1 ||
	fail "first update after the cancel: $(cat /tmp/g.out)"
grep '^result:' /tmp/g.out
dmesg | grep -q 'mefw: update session of the ME reset' ||
	fail "no session reset: $(dmesg | tail -5)"
echo "ok: $(dmesg | grep 'mefw: update session of the ME reset' | tail -1)"
mods_unload
rm -f $GO
exit 0
