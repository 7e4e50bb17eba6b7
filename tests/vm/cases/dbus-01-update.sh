#!/bin/sh
# `mefwctl update` through mefwd on the real system bus
# updates the simulated ME.  Plain progress lines (not a terminal) reach
# 100 %, the version changes (sysfs, `mefwctl status`, the daemon's
# GetStatus and Device.FirmwareVersion), `mefwctl history --json` records
# the success, the journal file exists and the image copy is gone.
# Then --no-wait + `mefwctl wait ID` (detach, reattach), the refusal to
# proceed without --yes when not on a terminal, and SIGTERM exits 0.
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-01

sim_load stage_ms=20
mefw_load poll_ms=20
bus_start
mefwd_start

expect_eq "status before" "$(mefwctl status | sed -n 's/^ *FW Version: *//p')" 9.0.20.1447

# no terminal and no --yes: refused, nothing queued
mefwctl update /data/sim/good.bin > /tmp/u0.out 2>&1; rc=$?
cat /tmp/u0.out
expect_eq "update without --yes, exit" "$rc" 2
grep -q -- '--yes' /tmp/u0.out || fail "no hint to use --yes"

mefwctl update --yes /data/sim/good.bin > /tmp/u1.out 2> /tmp/u1.err; rc=$?
cat /tmp/u1.out /tmp/u1.err
expect_eq "update exit" "$rc" 0
# plain lines: transfer progress, then the ME's own percent up to 100
grep -q '^transferring [0-9]*%' /tmp/u1.out || fail "no 'transferring N%' line"
grep -q '^finalizing [0-9]*% stage [0-9]*/19' /tmp/u1.out || fail "no 'finalizing N% stage N/19' line"
awk '/^(transferring|finalizing) [0-9]+%/ { p = $2 + 0; ph = ($1 == "finalizing")
	if (ph == lph && p < lp) { print "percent went back: " $0; bad = 1 }
	if (ph < lph) { print "phase went back: " $0; bad = 1 }
	lp = p; lph = ph; last = $0 }
	END { if (bad) exit 1; if (last !~ /^finalizing 100%/) { print "last progress line: " last; exit 1 } }' /tmp/u1.out ||
	fail "progress lines"
tail -n 1 /tmp/u1.out | grep -q '9\.0\.21\.1500' || fail "result line without the new version: $(tail -n 1 /tmp/u1.out)"

wait_version 9.0.21.1500
expect_eq "mefwctl status" "$(mefwctl status | sed -n 's/^ *FW Version: *//p')" 9.0.21.1500
mefwctl status --json --daemon > /tmp/s.json || fail "status --json --daemon"
expect_eq "status --daemon fw_version" "$(jget /tmp/s.json '.devices[0].fw_version')" 9.0.21.1500
busctl --system --json=short get-property org.mefw1 /org/mefw1/device/mefw0 \
	org.mefw1.Device FirmwareVersion > /tmp/fv.json || fail "Device.FirmwareVersion"
expect_eq "Device.FirmwareVersion" "$(jget /tmp/fv.json .data)" 9.0.21.1500

mefwctl history --json > /tmp/h.json || fail "history --json"
cat /tmp/h.json
expect_eq "history: one transaction" "$(jget /tmp/h.json '.transactions[1].id')" ""
expect_eq "history id" "$(jget /tmp/h.json '.transactions[0].id')" 1
expect_eq "history state" "$(jget /tmp/h.json '.transactions[0].state')" succeeded
expect_eq "history percent" "$(jget /tmp/h.json '.transactions[0].percent')" 100
expect_eq "history previous" "$(jget /tmp/h.json '.transactions[0].previous_version')" 9.0.20.1447
expect_eq "history new" "$(jget /tmp/h.json '.transactions[0].new_version')" 9.0.21.1500
expect_eq "history requester" "$(jget /tmp/h.json '.transactions[0].requester')" 0
expect_eq "history code" "$(jget /tmp/h.json '.transactions[0].code')" 0
sha=$(sha256sum /data/sim/good.bin | cut -d' ' -f1)
expect_eq "history image sha256" "$(jget /tmp/h.json '.transactions[0].image_sha256')" "$sha"
[ -s $MEFWD_STATE/transactions/1.json ] || fail "no journal file transactions/1.json"
grep -q succeeded $MEFWD_STATE/transactions/1.json || fail "journal file: $(cat $MEFWD_STATE/transactions/1.json)"
no_image_copies

# detach and reattach
mefwctl update --yes --no-wait /data/sim/good2.bin > /tmp/u2.out 2>&1; rc=$?
cat /tmp/u2.out
expect_eq "update --no-wait exit" "$rc" 0
id=$(sed -n 's/.*transaction \([0-9][0-9]*\).*/\1/p' /tmp/u2.out | head -n 1)
expect_eq "second transaction id" "$id" 2
mefwctl wait "$id" > /tmp/w.out 2>&1; rc=$?
cat /tmp/w.out
expect_eq "wait exit" "$rc" 0
wait_version 9.0.22.1600
expect_eq "transaction 2 state" "$(txn_prop 2 State)" succeeded
# waiting for a transaction that has ended reports it at once
mefwctl wait 1 > /tmp/w1.out 2>&1; rc=$?
expect_eq "wait on an ended transaction" "$rc" 0
no_image_copies

mefwd_stop; rc=$?
expect_eq "mefwd exit status on SIGTERM" "$rc" 0
bus_stop
mods_unload
exit 0
