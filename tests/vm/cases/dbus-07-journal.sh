#!/bin/sh
# Mefwd's structured logging into the real systemd-journald (it
# binds /run/systemd/journal/socket itself in the VM): an update that
# succeeds and one that fails (mei-sim "error stage:4 5") leave entries
# with the stable MESSAGE_IDs of daemon/log.h (Documentation/dbus-api.md):
# update started x2, succeeded x1, failed x1, all from this mefwd, the
# failure naming its code, with the transaction id as a field.
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-07
# daemon/log.h (API: never change)
ID_STARTED=15a8af4a3ebd4d068908ded10db8e214
ID_SUCCEEDED=f98eb7f495ed499ea10301dd315b6f9a
ID_FAILED=17d5cc746c3d41ec8c2a627faa5e2e0a

sim_load stage_ms=20
mefw_load poll_ms=20
bus_start --no-polkit
mefwd_start

mefwctl update --yes /data/sim/good.bin > /tmp/u1.out 2>&1 || fail "update: $(cat /tmp/u1.out)"
echo 'error stage:4 5' > $SIMDBG/fault
mefwctl update --yes /data/sim/good2.bin > /tmp/u2.out 2>&1; rc=$?
expect_eq "failing update exit" "$rc" 3
# journald may still be writing
sleep 1

count() { journalctl --no-pager -q -o cat MESSAGE_ID="$1" _PID=$MEFWD_PID | tee /tmp/j.$1 | wc -l; }
journalctl --no-pager -q -o short-monotonic _PID=$MEFWD_PID | sed 's/^/  /'
expect_eq "'update started' entries" "$(count $ID_STARTED)" 2
expect_eq "'update succeeded' entries" "$(count $ID_SUCCEEDED)" 1
expect_eq "'update failed' entries" "$(count $ID_FAILED)" 1
cat /tmp/j.$ID_STARTED /tmp/j.$ID_SUCCEEDED /tmp/j.$ID_FAILED
grep -q 9.0.21.1500 /tmp/j.$ID_SUCCEEDED || fail "the success entry does not name the new version"
grep -q 8707 /tmp/j.$ID_FAILED || fail "the failure entry does not name code 8707"
# the whole record of the failure, for the log
journalctl --no-pager -q -o verbose MESSAGE_ID=$ID_FAILED _PID=$MEFWD_PID | sed 's/^/  /' > /tmp/jv
cat /tmp/jv
p=$(sed -n 's/^ *PRIORITY=//p' /tmp/jv)
[ "$p" -le 4 ] || fail "priority of the failure: $p (want error or warning)"
grep -q '^ *MEFW_TRANSACTION=2$' /tmp/jv || fail "the failure entry has no MEFW_TRANSACTION=2"

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
