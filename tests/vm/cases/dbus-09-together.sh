#!/bin/sh
# Two requests for one device whose image checks end at the same moment:
# mefwd accepts both in one turn of its loop (both answers are in its
# async pipe), and must still run them one after the other.  mefwd is
# stopped (SIGSTOP) while both checks finish and continued afterwards.
# (A started worker must own its device before it reports "validating":
# else the second request starts beside the first and its BEGIN fails
# with EBUSY in mefw.ko.)
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-09

sim_load stage_ms=100
mefw_load poll_ms=20
bus_start --no-polkit

# both image checks wait until mefwd is stopped
verify_hold 2
mefwd_start --verify-helper /tmp/verify-hold.sh

timeout 90 mefwctl update --yes --allow-same-version /data/sim/good.bin > /tmp/a.out 2>&1 &
pa=$!
timeout 90 mefwctl update --yes --allow-same-version /data/sim/good.bin > /tmp/b.out 2>&1 &
pb=$!
wait_for /tmp/verify-holding.1 20 && wait_for /tmp/verify-holding.2 20 ||
	fail "two image checks did not start"
echo "ok: both image checks are held"

kill -STOP "$MEFWD_PID"
verify_release
wait_for /tmp/verify-done.1 30 && wait_for /tmp/verify-done.2 30 || {
	kill -CONT "$MEFWD_PID"
	fail "the held checks did not finish"
}
kill -CONT "$MEFWD_PID"
echo "ok: both checks finished while mefwd was stopped"

wait $pa; ra=$?
wait $pb; rb=$?
cat /tmp/a.out /tmp/b.out
expect_eq "client A exit" "$ra" 0
expect_eq "client B exit" "$rb" 0
for t in 1 2; do
	expect_eq "transaction $t" "$(txn_prop $t State)" succeeded
done
# one after the other, in either order
s1=$(txn_prop 1 Started) f1=$(txn_prop 1 Finished)
s2=$(txn_prop 2 Started) f2=$(txn_prop 2 Finished)
if [ "$s1" -le "$s2" ]; then
	[ "$s2" -ge "$f1" ] || fail "2 started ($s2) before 1 finished ($f1)"
else
	[ "$s1" -ge "$f2" ] || fail "1 started ($s1) before 2 finished ($f2)"
fi
echo "ok: 1 and 2 ran one after the other"
no_image_copies

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
