#!/bin/sh
# Several clients at once.  Two `mefwctl update`
# clients request together (same image, --allow-same-version): both queue
# and finish one after the other, never at the same time.  The image
# check of request 1 is held (a wrapper around mefwd-verify) until
# request 2 has been accepted, so mefwd accepts them against id order:
# 2 starts at once and 1 waits behind it (a worker owns its device
# before it reports "validating", else 1 would start beside 2 and its
# BEGIN fail with EBUSY in the kernel).  A third
# request (--no-wait) is cancelled by a fourth client while queued: it
# ends "cancelled", never started, the others succeed.  A client killed
# while its request waits does not take the request with it.
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-02

# 19 stages x 1 s while the queue is checked and 3 cancelled (so that 2
# surely still runs), then 50 ms
sim_load stage_ms=1000
mefw_load poll_ms=20
bus_start --no-polkit
# request 1's image check waits until 2 has been accepted
verify_hold 1
mefwd_start --verify-helper /tmp/verify-hold.sh

timeout 70 mefwctl update --yes --allow-same-version /data/sim/good.bin > /tmp/a.out 2>&1 &
pa=$!
wait_for /tmp/verify-holding.1 20 || fail "request 1's image check did not start"
timeout 70 mefwctl update --yes --allow-same-version /data/sim/good.bin > /tmp/b.out 2>&1 &
pb=$!
# 2 is accepted while 1's check is held, and starts at once
wait_txn 2 validating transferring finalizing -t 20
verify_release
wait_txn 1 queued -t 20
# 1 stays queued while 2 runs (not started beside 2)
sleep 1
s1=$(txn_prop 1 State)
[ "$s1" = queued ] || {
	echo "request 2: $(txn_prop 2 State) $(txn_prop 2 Code) $(txn_prop 2 Message)"
	cat /tmp/a.out /tmp/b.out
	mefwd_diag
}
expect_eq "request 1 waits" "$s1" queued
mefwctl update --yes --no-wait --allow-same-version /data/sim/good.bin > /tmp/c.out 2>&1 ||
	fail "third request: $(cat /tmp/c.out)"
expect_eq "third id" "$(sed -n 's/.*transaction \([0-9][0-9]*\).*/\1/p' /tmp/c.out | head -n 1)" 3
mefwctl queue --json > /tmp/q.json || fail "queue --json"
cat /tmp/q.json /tmp/a.out /tmp/b.out
# the queue lists the run order: 2 (running), 1, 3
first=2 second=1
expect_eq "queue: first" "$(jget /tmp/q.json '.transactions[0].id')" 2
expect_eq "queue: second" "$(jget /tmp/q.json '.transactions[1].id')" 1
expect_eq "queue: second state" "$(jget /tmp/q.json '.transactions[1].state')" queued
expect_eq "queue: third" "$(jget /tmp/q.json '.transactions[2].id')" 3
expect_eq "queue: third state" "$(jget /tmp/q.json '.transactions[2].state')" queued
mefwctl queue > /tmp/q.txt || fail "queue"
cat /tmp/q.txt

mefwctl cancel 3 > /tmp/x.out 2>&1; rc=$?
cat /tmp/x.out
expect_eq "cancel exit" "$rc" 0
wait_txn 3 cancelled -t 5
# a cancelled request cannot be cancelled again (it has ended)
mefwctl cancel 3 > /tmp/x2.out 2>&1; rc=$?
cat /tmp/x2.out
[ "$rc" != 0 ] || fail "cancelling an ended transaction succeeded"

# a fourth request whose client dies while it waits
timeout 70 mefwctl update --yes --allow-same-version /data/sim/good.bin > /tmp/d.out 2>&1 &
pd=$!
wait_txn 4 queued -t 10
kill -9 $pd
wait $pd 2>/dev/null
echo 50 > /sys/module/mei_sim/parameters/stage_ms

wait $pa; ra=$?
wait $pb; rb=$?
cat /tmp/a.out /tmp/b.out
expect_eq "client A exit" "$ra" 0
expect_eq "client B exit" "$rb" 0
wait_txn 4 succeeded failed cancelled -t 40
expect_eq "orphaned request" "$(txn_prop 4 State)" succeeded

mefwctl history --json > /tmp/h.json || fail "history --json"
cat /tmp/h.json
# newest first: by end (4 2 1, and 3 that was cancelled while 1 ran) or
# by request (4 3 2 1)
ids=$(json_flat < /tmp/h.json | sed -n 's/^\.transactions\[[0-9]*\]\.id=//p' | tr '\n' ' ')
case "$ids" in
"4 $second $first 3 ") echo "ok: history newest first (by end): $ids" ;;
"4 3 2 1 ") echo "ok: history newest first (by id): $ids" ;;
*) fail "history ids '$ids', want '4 $second $first 3' (by end) or '4 3 2 1' (by id)" ;;
esac
for i in 0 1 2 3; do
	t=$(jget /tmp/h.json ".transactions[$i].id")
	s=$(jget /tmp/h.json ".transactions[$i].state")
	if [ "$t" = 3 ]; then
		expect_eq "transaction 3" "$s" cancelled
		expect_eq "transaction 3 never started" "$(jget /tmp/h.json ".transactions[$i].started")" 0
	else
		expect_eq "transaction $t" "$s" succeeded
	fi
done
# one after the other: each started after the one before it finished
prev_fin=0
for t in $first $second 4; do
	st=$(txn_prop $t Started)
	fi=$(txn_prop $t Finished)
	[ "$st" -gt 0 ] && [ "$fi" -ge "$st" ] || fail "transaction $t: started $st finished $fi"
	[ "$st" -ge "$prev_fin" ] || fail "transaction $t started ($st) before the one before it finished ($prev_fin)"
	prev_fin=$fi
done
echo "ok: $first, $second and 4 ran one after the other"
no_image_copies

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
