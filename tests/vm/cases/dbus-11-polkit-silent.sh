#!/bin/sh
# A silent polkit holds neither a request forever nor anyone else's: with
# polkitd stopped (SIGSTOP), bob's update (no terminal: not interactive)
# is denied after mefwd's polkit timeout (10 s) with one line that says
# so, exit 4, nothing queued; root's update, requested while bob's
# question is open, is accepted and succeeds.
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-11

sim_load stage_ms=20
mefw_load poll_ms=20
bus_start
mefwd_start
cp /data/sim/good.bin /tmp/g.bin
chmod 644 /tmp/g.bin
polkitd=$(cat $BUSW/polkitd.pid)
kill -STOP "$polkitd" || fail "cannot stop polkitd"
as_user bob mefwctl update --yes --no-wait /tmp/g.bin > /tmp/b.out 2> /tmp/b.err &
pb=$!
# bob's question is open (his RequestUpdate waits for polkit)
usleep 500000
mefwctl update --yes --no-wait /tmp/g.bin > /tmp/r.out 2>&1 ||
	fail "root's update while polkit is silent: $(cat /tmp/r.out)"
cat /tmp/r.out
id=$(txn_id /tmp/r.out)
wait_txn "$id" succeeded -t 40
wait $pb; rb=$?
kill -CONT "$polkitd"
cat /tmp/b.out /tmp/b.err
expect_eq "bob's update with a silent polkit: exit" "$rb" 4
grep -q 'org\.mefw1\.update (uid 1001 not authorized: polkit did not answer within 10 s)' /tmp/b.err ||
	fail "bob's denial does not say that polkit did not answer"
expect_eq "bob: stderr lines" "$(grep -cv "^Run 'mefwctl explain" /tmp/b.err)" 1
expect_eq "only root's transaction" "$(txn_prop $((id + 1)) State)" ""
no_image_copies

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
