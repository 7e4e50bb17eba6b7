#!/bin/sh
# Authorization.  Unprivileged alice may read
# (status, status --daemon, info, queue, history, Manager properties) but
# `update` and `cancel` are refused with a message naming the polkit
# action, exit 4, and nothing is queued; root succeeds.  With the real
# polkitd and the VM's test rule (group mefwupd may update/cancel) bob,
# in that group, updates; without polkit on the bus he is refused
# (AccessDenied), root still succeeds.
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-03

sim_load stage_ms=20
mefw_load poll_ms=20
bus_start
mefwd_start
# the image must be readable by the users (they open it, mefwd gets the fd)
cp /data/sim/good.bin /data/sim/good2.bin /tmp/
chmod 644 /tmp/good.bin /tmp/good2.bin

# root's update first (alice reads its history and the new version)
mefwctl update --yes --no-wait /tmp/good.bin > /tmp/r.out 2>&1 || fail "root request: $(cat /tmp/r.out)"
wait_txn 1 succeeded -t 30
wait_version 9.0.21.1500

for cmd in "status" "status --daemon" "status --json --daemon" "queue" "history" "history --json"; do
	# shellcheck disable=SC2086
	as_user alice mefwctl $cmd > /tmp/al.out 2>&1; rc=$?
	[ "$rc" = 0 ] || { cat /tmp/al.out; fail "alice: mefwctl $cmd: exit $rc"; }
	echo "ok: alice: mefwctl $cmd"
done
# info reads the image itself: the test-key image gets its full report and
# the verdict REFUSED (exit 3: mefwctl does not trust the test key)
as_user alice mefwctl info /tmp/good.bin > /tmp/al.out 2>&1; rc=$?
grep -q '^Verdict: REFUSED' /tmp/al.out && [ "$rc" = 3 ] || { cat /tmp/al.out; fail "alice: mefwctl info: exit $rc"; }
grep -q '^Version: *9.0.21.1500' /tmp/al.out || fail "alice: mefwctl info: no version"
echo "ok: alice: mefwctl info"
as_user alice busctl --system get-property org.mefw1 /org/mefw1 org.mefw1.Manager Version ||
	fail "alice: Manager.Version"

# denied: exit 4, one clear line, nothing queued or cancelled
denied() {
	what=$1
	shift
	as_user "$@" > /tmp/den.out 2> /tmp/den.err; rc=$?
	cat /tmp/den.out /tmp/den.err
	expect_eq "$what: exit" "$rc" 4
	grep -q "$DENY_RE" /tmp/den.err || fail "$what: message does not name '$DENY_RE'"
	expect_eq "$what: stderr lines" "$(grep -cv "^Run 'mefwctl explain" /tmp/den.err)" 1
}
DENY_RE='org\.mefw1\.update'
denied "alice update" alice mefwctl update --yes /tmp/good2.bin
expect_eq "nothing queued for alice" "$(txn_prop 2 State)" ""
# cancel: a queued transaction of root's (the ME is busy with another,
# whose 19 stages take 1 s each until bob's cancel is done)
echo 1000 > /sys/module/mei_sim/parameters/stage_ms
mefwctl update --yes --no-wait /tmp/good2.bin > /tmp/r.out 2>&1 || fail "root request 2: $(cat /tmp/r.out)"
t2=$(txn_id /tmp/r.out)
mefwctl update --yes --no-wait --allow-same-version /tmp/good2.bin > /tmp/r.out 2>&1 || fail "root request 3: $(cat /tmp/r.out)"
t3=$(txn_id /tmp/r.out)
echo "root's transactions $t2 (runs) and $t3 (queued)"
wait_txn $t3 queued -t 10
DENY_RE='org\.mefw1\.cancel'
denied "alice cancel" alice mefwctl cancel $t3
expect_eq "$t3 still queued" "$(txn_prop $t3 State)" queued
# the raw D-Bus call: the AccessDenied error name
as_user alice busctl --system call org.mefw1 /org/mefw1 org.mefw1.Manager Cancel t $t3 > /tmp/bc.out 2>&1 &&
	fail "alice's Manager.Cancel succeeded"
cat /tmp/bc.out
as_user alice busctl --system call org.mefw1 /org/mefw1/transaction/$t3 org.mefw1.Transaction Cancel > /tmp/bc.out 2>&1 &&
	fail "alice's Transaction.Cancel succeeded"
cat /tmp/bc.out
expect_eq "$t3 still queued" "$(txn_prop $t3 State)" queued

# bob is in group mefwupd: the polkit rule says yes
as_user bob mefwctl cancel $t3 > /tmp/b.out 2>&1; rc=$?
cat /tmp/b.out
expect_eq "bob cancel (polkit)" "$rc" 0
wait_txn $t3 cancelled -t 5
echo 20 > /sys/module/mei_sim/parameters/stage_ms
wait_txn $t2 succeeded -t 60
as_user bob mefwctl update --yes --allow-same-version /tmp/good2.bin > /tmp/b.out 2>&1; rc=$?
cat /tmp/b.out
expect_eq "bob update (polkit)" "$rc" 0
mefwctl history --json --limit 1 > /tmp/h.json || fail "history"
expect_eq "bob's transaction: requester" "$(jget /tmp/h.json '.transactions[0].requester')" 1001
expect_eq "bob's transaction: state" "$(jget /tmp/h.json '.transactions[0].state')" succeeded

# no polkit on the bus: bob is refused too, root still succeeds
mefwd_stop || fail "mefwd exit status $?"
bus_stop
bus_start --no-polkit
mefwd_start
DENY_RE='org\.mefw1\.update'
denied "bob update without polkit" bob mefwctl update --yes --allow-same-version /tmp/good2.bin
denied "alice update without polkit" alice mefwctl update --yes --allow-same-version /tmp/good2.bin
as_user alice mefwctl history > /tmp/al.out 2>&1 || fail "alice history without polkit"
mefwctl update --yes --allow-same-version /tmp/good2.bin > /tmp/r.out 2>&1 || fail "root update without polkit: $(cat /tmp/r.out)"
echo "ok: root updates without polkit"
no_image_copies

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
