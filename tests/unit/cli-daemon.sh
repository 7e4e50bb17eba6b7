#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mefwctl against a real mefwd on a private dbus-daemon (no ME needed):
# a system-like bus config that includes daemon/dbus/org.mefw1.conf,
# mefwd --state-dir on a directory of hand-written journal records
# (format: Documentation/dbus-api.md): ended ones, a transfer cut short
# (recovered with a verdict) and two queued ones whose device is absent.
# Checks history, queue, wait of ended transactions, waiters following a
# live transaction until another client cancels it (the sd-event loop
# under the sanitizers), Ctrl-C detaching, unknown ids, the confirmation
# on a terminal, an unprivileged caller, mefwd going away.  Needs root
# (the bus policy lets only root own org.mefw1); skipped otherwise.
#   MEFWCTL  the client (default build/bin/mefwctl)
#   MEFWD    the daemon (default build/bin/mefwd)
#   MKIMAGE  the test image writer (default build/bin/mefw-mkimage)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
NAME=cli-daemon
. "$here/cli-lib.sh"
D=${MEFWD:-$top/build/bin/mefwd}
MKIMAGE=${MKIMAGE:-$top/build/bin/mefw-mkimage}

if [ "$(id -u)" != 0 ]; then
	echo "$NAME: skipped: needs root (only root may own org.mefw1)"
	exit 0
fi
for p in dbus-daemon setpriv script "$MKIMAGE"; do
	command -v "$p" >/dev/null || { echo "$NAME: FAIL: $p not found"; exit 1; }
done

bus_pid= d_pid=
cleanup() {
	[ -n "$d_pid" ] && kill "$d_pid" 2>/dev/null
	[ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
# the unprivileged caller must reach the image and the socket
chmod 755 "$tmp"

# --- a system-like bus: deny by default, then the mefw policy ---
. "$here/private-bus.sh"
private_bus "$tmp" || { echo "$NAME: FAIL: dbus-daemon did not start"; exit 1; }
bus_pid=$BUS_PID

# --- the journal: three ended transactions and a transfer cut short ---
st="$tmp/state"
mkdir -p "$st/transactions" "$st/images"
chmod 700 "$st"
echo 5 >"$st/next-id"
rec() { # ID STATE CODE FWSTATUS NEWVERSION MESSAGE
	cat >"$st/transactions/$1.json" <<EOF2
{ "Id": $1, "Device": "mefw0", "State": "$2", "Requester": 0,
  "ImageSize": 1572864, "ImageSha256": "$(printf '%064d' "$1")",
  "ImageVersion": "9.0.31.1487", "PreviousVersion": "9.0.20.1447",
  "NewVersion": "$5", "AllowSameVersion": false, "AtBoot": false,
  "BytesSent": 1572864, "Percent": 21, "Stage": 4, "TotalStages": 19,
  "SpeedBps": 0, "EtaSeconds": -1, "Code": $3, "Message": "$6",
  "FwStatus": $4, "ResetType": 0, "Verdict": "",
  "Created": 1795312800000000, "Started": 1795312801000000,
  "Finished": $((1795312830000000 + $1 * 1000000)) }
EOF2
}
rec 1 succeeded 0 0 9.0.31.1487 "updated to 9.0.31.1487"
rec 2 failed 8707 5 "" "the firmware reported an internal error at stage 4 of 19"
rec 3 cancelled 0 0 "" "cancelled by uid 0"
rec 4 transferring 0 0 "" ""

# two queued transactions whose device (mefw0) is not there: they wait
key="$top/tests/images/test-key.pem"
"$MKIMAGE" --key "$key" --gen me9 --kind update --version 9.0.31.1487 \
	-o "$tmp/good.bin" >/dev/null || bad "mkimage good"
"$MKIMAGE" --key "$key" --gen me9 --kind update --damage module-flip \
	-o "$tmp/damaged.bin" >/dev/null || bad "mkimage damaged"
sha=$(sha256sum "$tmp/good.bin" | cut -d' ' -f1)
size=$(wc -c <"$tmp/good.bin")
for id in 5 6; do
	cp "$tmp/good.bin" "$st/images/$id.bin"
	chmod 600 "$st/images/$id.bin"
	cat >"$st/transactions/$id.json" <<EOF2
{ "Id": $id, "Device": "mefw0", "State": "queued", "Requester": 0,
  "ImageSize": $size, "ImageSha256": "$sha", "ImageVersion": "9.0.31.1487",
  "PreviousVersion": "9.0.20.1447", "Created": $((1795312900000000 + id)) }
EOF2
done
echo 7 >"$st/next-id"

# --- mefwd: no ME on this host, so no device ---
"$D" --state-dir "$st" --trust-test-key >"$tmp/mefwd.log" 2>&1 &
d_pid=$!
i=0
until "$M" queue >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -ge 100 ] || ! kill -0 "$d_pid" 2>/dev/null; then
		echo "$NAME: FAIL: mefwd did not come up on the private bus"
		sed 's/^/  mefwd: /' "$tmp/mefwd.log"
		exit 1
	fi
	sleep 0.1
done

# --- history: newest first, the recovered transfer has a verdict ---
run history 0 history &&
grep_out history '^ID  *DEVICE  *RESULT' &&
grep_out history '^3  *mefw0  *cancelled .* 9\.0\.20\.1447 -> 9\.0\.31\.1487 *- *cancelled by uid 0$' &&
grep_out history '^2  *mefw0  *failed .* 8707  *the firmware reported an internal error at stage 4 of 19$' &&
grep_out history '^1  *mefw0  *succeeded ' &&
grep_out history '^4  *mefw0  *failed .*(recovery verdict: [a-z]*)$'
if [ "$(sed -n 2p "$tmp/out" | cut -c1)" = 4 ] &&
   [ "$(sed -n 5p "$tmp/out" | cut -c1)" = 1 ]; then ok; else
	bad "history: not newest first"; cat "$tmp/out"; fi
run history-limit 0 history --limit 1 &&
if [ "$(wc -l <"$tmp/out")" -eq 2 ]; then ok; else
	bad "history --limit 1: $(wc -l <"$tmp/out") lines"; fi
run history-json 0 --json history &&
grep_out history-json '"transactions": \[' &&
grep_out history-json '"state": "succeeded"' &&
grep_out history-json '"code": 8707' &&
grep_out history-json '"image_sha256": "0000'
run history-json-after 0 history --limit 2 --json &&
if [ "$(grep -c '"id":' "$tmp/out")" -eq 2 ]; then ok; else
	bad "history --limit 2 --json: not 2 transactions"; fi

# --- queue: the two recovered requests, in order ---
run queue 0 queue &&
grep_out queue '^ID  *DEVICE  *STATE  *PROGRESS  *IMAGE  *REQUESTER  *CREATED$' &&
grep_out queue '^5  *mefw0  *queued  *-  *9\.0\.31\.1487  *root ' &&
grep_out queue '^6  *mefw0  *queued '
if [ "$(sed -n 2p "$tmp/out" | cut -c1)" = 5 ]; then ok; else bad "queue order"; fi
run queue-json 0 queue --json && grep_out queue-json '"transactions": \[' &&
grep_out queue-json '"image_sha256": "'"$sha"'"'
if [ "$(grep -c '"id"' "$tmp/out")" -eq 2 ]; then ok; else bad "queue-json: not 2"; fi

# --- follow a live transaction: the event loop under the sanitizers ---
# until mefwctl blocked SIGINT (it reads it from a signalfd from then on)
sigint_blocked() {
	i=0
	while [ $i -lt 100 ]; do
		m=$(sed -n 's/^SigBlk:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
		[ -n "$m" ] && [ $((0x$m & 2)) -ne 0 ] && return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}
"$M" wait 5 >"$tmp/w5.out" 2>"$tmp/w5.err" &
w5=$!
"$M" --json wait 6 >"$tmp/w6.out" 2>"$tmp/w6.err" &
w6=$!
"$M" wait 6 >"$tmp/w6b.out" 2>"$tmp/w6b.err" &
w6b=$!
sigint_blocked $w5 && sigint_blocked $w6 && sigint_blocked $w6b && ok ||
	bad "the waiters did not start"
# Ctrl-C detaches: the transaction stays queued
kill -INT $w6b
wait $w6b
rc=$?
if [ $rc -eq 130 ] &&
   grep -q "^Detached from transaction 6; the update goes on in mefwd (follow it again with 'mefwctl wait 6')\.$" "$tmp/w6b.err"; then ok; else
	bad "detach: exit $rc"; sed 's/^/  /' "$tmp/w6b.out" "$tmp/w6b.err"; fi
cp "$tmp/w6b.out" "$tmp/out"; grep_out detach-line '^queued$'
run cancel-5 0 cancel 5 && grep_out cancel-5 '^Transaction 5 on mefw0: cancelled$'
wait $w5
rc=$?
if [ $rc -eq 5 ] && grep -q '^Transaction 5 cancelled on mefw0: ' "$tmp/w5.out" &&
   [ ! -s "$tmp/w5.err" ]; then ok; else
	bad "wait 5: exit $rc"; sed 's/^/  /' "$tmp/w5.out" "$tmp/w5.err"; fi
run cancel-6-json 0 --json cancel 6 && grep_out cancel-6-json '"state": "cancelled"'
wait $w6
rc=$?
cp "$tmp/w6.out" "$tmp/out"
if [ $rc -eq 5 ]; then ok; else bad "wait --json 6: exit $rc"; cat "$tmp/w6.err"; fi
grep_out wait-6-json '"id": 6,' && grep_out wait-6-json '"state": "cancelled"'
run queue-empty 0 queue && grep_out queue-empty '^No update transaction is waiting or running\.$'
run queue-empty-json 0 queue --json && grep_out queue-empty-json '"transactions": \['
if grep -q '"id"' "$tmp/out"; then bad "queue-json: not empty"; else ok; fi

# --- wait for transactions that already ended ---
run wait-ok 0 wait 1 &&
grep_out wait-ok '^Transaction 1 succeeded: mefw0 now runs 9\.0\.31\.1487 (was 9\.0\.20\.1447)$'
run wait-failed 3 wait 2 &&
grep_out wait-failed '^Transaction 2 failed on mefw0 at 21%, stage 4 of 19: the firmware reported an internal error at stage 4 of 19$' &&
grep_out wait-failed '^Error 8741: FW Update Failed\.$' &&
grep_out wait-failed '^Error 8707: ' &&
grep_out wait-failed "^Run 'mefwctl explain 8707' for causes and remedies\.$"
run wait-cancelled 5 wait 3 &&
grep_out wait-cancelled '^Transaction 3 cancelled on mefw0: cancelled by uid 0$'
run wait-recovered 3 wait 4 &&
grep_out wait-recovered '^Note: mefwd restarted during this transaction; recovery verdict: '
run wait-json 0 --json wait 1 &&
grep_out wait-json '"state": "succeeded"' && grep_out wait-json '"new_version": "9.0.31.1487"'
# the follow path prints every property of the record as it is on disk
# ("FwStatus": 5 -> "fw_status": 5); a key the client does not know, or
# reads with another type, would come out missing or zero
run wait-failed-json 3 --json wait 2 && grep_out wait-failed-json '"fw_status": 5,'
{ tr -d '{}\n' <"$st/transactions/2.json"; echo; } | tr ',' '\n' |
sed -e 's/^ *"\([A-Za-z0-9]*\)": *\(.*[^ ]\) *$/\1 \2/' >"$tmp/rec2"
n=0
while read -r key val; do
	k=$(printf '%s' "$key" | sed 's/\([a-z0-9]\)\([A-Z]\)/\1_\2/g' | tr 'A-Z' 'a-z')
	n=$((n + 1))
	grep -qxF "  \"$k\": $val," "$tmp/out" || grep -qxF "  \"$k\": $val" "$tmp/out" ||
		bad "wait --json 2: $key $val is not \"$k\": $val"
done <"$tmp/rec2"
[ "$n" -eq 25 ] && ok || bad "record 2 has $n properties, not 25"
run history-failed-json 0 --json history &&
grep_out history-failed-json '"fw_status": 5,'

# --- unknown ids, ended ones: one line from mefwd ---
run wait-unknown 1 wait 999 && grep -q '^mefwctl: wait: .*999' "$tmp/err" &&
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "wait-unknown: $(cat "$tmp/err")"
run cancel-unknown 1 cancel 999 && grep -q '^mefwctl: cancel: .*999' "$tmp/err" &&
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "cancel-unknown: $(cat "$tmp/err")"
run cancel-ended 3 cancel 1 && grep -q '^mefwctl: cancel: ' "$tmp/err" &&
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "cancel-ended: $(cat "$tmp/err")"

# --- no ME on this host: updates have nowhere to go (images: VM tests) ---
printf 'this is not an ME image\n' >"$tmp/text.bin"
chmod 644 "$tmp/text.bin"
run update-nodev 1 update --yes "$tmp/text.bin" &&
expect_err update-nodev "mefwctl: update: no ME device found"
run update-nodev2 1 update --yes --device mefw7 "$tmp/text.bin" &&
grep -q "^mefwctl: update: .*mefw7" "$tmp/err" && ok || bad "update-nodev2: $(cat "$tmp/err")"
run status-daemon-nodev 1 status --daemon mefw7 &&
grep -q "^mefwctl: status: .*mefw7" "$tmp/err" && ok || bad "status-daemon-nodev: $(cat "$tmp/err")"

# --- the confirmation on a terminal (script(1) gives a pty); device "-":
# InspectImage without a device, so the host needs no ME ---
onpty() { # ANSWER ARGS...: mefwctl on a terminal, ANSWER typed
	a=$1
	shift
	printf '%s\n' "$a" | script -qec "$M $*" /dev/null >"$tmp/out" 2>&1
}
onpty n update --device - "$tmp/good.bin"
rc=$?
if [ $rc -eq 3 ] && grep -q 'Update - from an unknown version to 9\.0\.31\.1487? \[y/N\]' "$tmp/out" &&
   grep -q 'mefwctl: update: not confirmed; nothing was changed' "$tmp/out"; then ok; else
	bad "confirm-no: exit $rc"; sed 's/^/  out: /' "$tmp/out"; fi
onpty y update --device - "$tmp/damaged.bin"
rc=$?
if [ $rc -eq 3 ] && grep -q 'mefwctl: update: damaged: .*module' "$tmp/out" &&
   ! grep -q 'y/N' "$tmp/out"; then ok; else
	bad "confirm-damaged: exit $rc"; sed 's/^/  out: /' "$tmp/out"; fi
# yes, but there is no device "-" to update
onpty y update --device - "$tmp/good.bin"
rc=$?
if [ $rc -eq 1 ] && grep -q "mefwctl: update: no ME device '-'" "$tmp/out"; then ok; else
	bad "confirm-yes: exit $rc"; sed 's/^/  out: /' "$tmp/out"; fi
run queue-after 0 queue && grep_out queue-after '^No update transaction'

# --- an unprivileged caller: reading works, cancelling is refused (no polkit
# on this bus; update: VM tests, it needs a device first) ---
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
nobody "$M" history --limit 1 >"$tmp/out" 2>"$tmp/err" && ok ||
	bad "nobody history: $(cat "$tmp/err")"
nobody "$M" cancel 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 4 ] && grep -q "^mefwctl: cancel: .*org\.mefw1\.cancel" "$tmp/err"; then ok; else
	bad "nobody cancel: exit $rc: $(cat "$tmp/err")"; fi

# --- mefwd goes away: the client says so ---
kill "$d_pid"
wait "$d_pid"
rc=$?
d_pid=
if [ $rc -eq 0 ]; then ok; else bad "mefwd exit $rc after SIGTERM";
	sed 's/^/  mefwd: /' "$tmp/mefwd.log"; fi
run gone 1 history &&
grep -q '^mefwctl: mefwd is not running and could not be activated: ' "$tmp/err" &&
	ok || bad "gone: $(cat "$tmp/err")"

checks_done "$NAME"
