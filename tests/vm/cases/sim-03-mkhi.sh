#!/bin/sh
# mei-sim MKHI client, raw over /dev/mei0 (mefw not loaded): FW version,
# FWCAPS rule 7, HMRFPO status, error results; mute; FW-initiated
# disconnect; HBM notifications.
. /tests/lib.sh

sim_load local_update=2 hmrfpo=2
expect_eq connect "$(raw -v $MKHI)" "mtu 512 ver 1"
# {u16 minor; u8 major; u8 platform; u16 build; u16 hotfix} x3
expect_eq GET_FW_VERSION "$(raw $MKHI ff020000)" \
	ff82000000000900a705140000000900a70514000000090093051400
expect_eq "rule 7" "$(raw $MKHI 0302000007000000)" 03820000070000000402000000
expect_eq "rule 6" "$(raw $MKHI 0302000006000000)" 03820089
expect_eq "rule short" "$(raw $MKHI 03020000)" 03820085
expect_eq HMRFPO "$(raw $MKHI 05030000)" 0583000002000000
expect_eq "unknown cmd" "$(raw $MKHI 01020000)" 0182008d
expect_eq "fwupdate query, no update yet: result 2" "$(raw $MKHI 06020000)" 06820002
expect_eq "fwupdate other cmd" "$(raw $MKHI 06030000)" 0683008d
expect_eq "short hdr" "$(raw $MKHI ff)" ff800085
mods_unload

# defaults: rule 7 = 1 (enabled), HMRFPO 1 (locked)
sim_load
expect_eq "rule 7 default" "$(raw $MKHI 0302000007000000)" 03820000070000000401000000
expect_eq "HMRFPO default" "$(raw $MKHI 05030000)" 0583000001000000

# mute: requests are taken (credits come back) but never answered
echo Y > /sys/module/mei_sim/parameters/mute
out=$(heci-raw -t 1500 $MKHI ff020000); rc=$?
expect_eq "muted MKHI" "$out/$rc" "timeout/2"
out=$(heci-raw -t 1500 $FWU 00000000); rc=$?
expect_eq "muted FWU" "$out/$rc" "timeout/2"
echo N > /sys/module/mei_sim/parameters/mute
expect_eq "unmuted" "$(raw $FWU 1c000000)" ff0000008d000000

# FW-initiated disconnect while the host waits for a reply
heci-raw -t 8000 -r $FWU > /tmp/disc.out 2>&1 &
pid=$!
wait_until 50 grep -q '^fwu .* connected' $SIMDBG/state
echo fwu > $SIMDBG/fw_disconnect || fail "fw_disconnect"
wait $pid
rc=$?
echo "reader: $(cat /tmp/disc.out) rc=$rc"
[ $rc -ne 2 ] || fail "read did not end on FW disconnect"
grep -q '^fwu .* idle ' $SIMDBG/state || fail "fwu not idle after FW disconnect"
# a client that is not connected
echo fwu > $SIMDBG/fw_disconnect 2>/dev/null && fail "fw_disconnect of an idle client succeeded"

# notifications: request/response and one FW event
heci-raw -t 8000 -e $MKHI > /tmp/ev.out 2>&1 &
pid=$!
n=50
while ! grep -q 'notify on' /tmp/ev.out && [ $n -gt 0 ]; do
	usleep 100000; n=$((n - 1))
done
grep -q '^mkhi .* connected .* 1 ' $SIMDBG/state || { cat $SIMDBG/state; fail "notify not enabled in FW"; }
echo mkhi > $SIMDBG/fw_notify || fail "fw_notify"
wait $pid
expect_eq "notification" "$(cat /tmp/ev.out | tr '\n' ' ')" "notify on event 1 "

cat $SIMDBG/state
expect_eq proto_errors "$(sed -n 's/^proto_errors *//p' $SIMDBG/state)" 0
mods_unload
