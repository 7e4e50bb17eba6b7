#!/bin/sh
# Host bus test of mefwd (no ME device needed): a private system-like
# dbus-daemon with daemon/dbus/org.mefw1.conf, the ASan+UBSan mefwd,
# busctl and mefwd-call.  Checks the read-only calls with no device,
# errors for bad input and wrong argument types (daemon keeps running),
# journal loading + recovery from hand-written records (history, a lost
# image copy, a changed one, a damaged record, a scheduled update), cancel,
# kill -9 + restart, the image checker mefwd-verify (no libcrypto in
# mefwd; a helper crash, timeout, or missing helper -> clear errors; its
# jail: refusal as root that cannot drop, seccomp, the server's held child
# unprivileged, a lying reply refused),
# sd_notify READY/STATUS/STOPPING (python3 listens), and a clean SIGTERM
# exit without sanitizer reports.
#
# env: MEFWD (sanitized mefwd), MEFWD_CALL (mefwd-call), IMAGE (a good
# test-key image).  Skips (exit 0, says why) without dbus-daemon or root.
set -u

top=$(cd "$(dirname "$0")/../../.." && pwd)
MEFWD=${MEFWD:-$top/build/obj/san/mefwd}
MEFWD_CALL=${MEFWD_CALL:-$top/build/obj/san/mefwd-call}
IMAGE=${IMAGE:-$top/build/vm-data/sim/good.bin}

if ! command -v dbus-daemon >/dev/null 2>&1 || ! command -v busctl >/dev/null 2>&1; then
	echo "bus-smoke: SKIP: dbus-daemon or busctl not installed (package dbus, systemd)"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "bus-smoke: SKIP: needs root (org.mefw1.conf lets only root own the name)"
	exit 0
fi
[ -f "$IMAGE" ] || { echo "bus-smoke: FAIL: no test image $IMAGE"; exit 1; }

T=$(mktemp -d /tmp/mefwd-bus-XXXXXX)
BUS_PID=
D_PID=
D_NOTIFY=
N_PID=

cleanup() {
	[ -n "$D_PID" ] && kill -9 "$D_PID" 2>/dev/null
	[ -n "$BUS_PID" ] && kill "$BUS_PID" 2>/dev/null
	[ -n "$N_PID" ] && kill "$N_PID" 2>/dev/null
	[ -n "${V_PID:-}" ] && kill "$V_PID" 2>/dev/null
	[ -n "${H_PID:-}" ] && kill "$H_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# ok, bad, expect_contains, wait_until, checks_done: every difference
# is counted and reported
ASSERT_GO_ON=1
. "$top/tests/assert.sh"

. "$top/tests/unit/private-bus.sh"
private_bus "$T" || { echo "bus-smoke: FAIL: dbus-daemon did not start"; exit 1; }
unset JOURNAL_STREAM
B="busctl --system"
M="org.mefw1 /org/mefw1 org.mefw1.Manager"

start() {
	# $D_NOTIFY: NOTIFY_SOCKET for mefwd alone (busctl would report its
	# own exit status there)
	env ${D_NOTIFY:+NOTIFY_SOCKET=$D_NOTIFY} "$MEFWD" --state-dir "$T/state" \
		--trust-test-key "$@" >> "$T/log" 2>&1 &
	D_PID=$!
	n=50
	until $B get-property $M Version >/dev/null 2>&1; do
		n=$((n - 1))
		if [ "$n" -le 0 ] || ! kill -0 "$D_PID" 2>/dev/null; then
			cat "$T/log"
			echo "bus-smoke: FAIL: mefwd did not come up"
			exit 1
		fi
		sleep 0.2
	done
}
alive() {
	if $B get-property $M Version >/dev/null 2>&1; then ok "mefwd alive after $1"
	else bad "mefwd died after $1"; fi
}

# ---- hand-written journal: what a previous mefwd left ----
mkdir -p "$T/state/transactions" "$T/state/images"
sha=$(sha256sum "$IMAGE" | cut -d' ' -f1)
rec() { # ID STATE [EXTRA]
	printf '{"Id":%s,"Device":"mefw0","State":"%s","ImageSha256":"%s","ImageVersion":"9.0.21.1500"%s}\n' \
		"$1" "$2" "$sha" "${3:-}" > "$T/state/transactions/$1.json"
}
rec 1 succeeded ',"Message":"updated to 9.0.21.1500","Finished":1'
rec 2 queued				# image copy missing
printf '{"Id":3,"Device":"mefw0","Sta' > "$T/state/transactions/3.json"	# torn
rec 4 scheduled ',"AtBoot":true'
cp "$IMAGE" "$T/state/images/4.bin"
rec 5 validating			# copy present: back to queued
cp "$IMAGE" "$T/state/images/5.bin"
rec 6 queued				# copy changed: SHA-256 (mefwd-verify) differs
head -c 4096 /dev/zero > "$T/state/images/6.bin"

start
expect_contains "damaged record reported" "3.json: not valid JSON (truncated)" "$(cat "$T/log")"
out=$($B call $M GetTransaction t 2 2>&1)
expect_contains "lost image copy -> failed" '"State" s "failed"' "$out"
expect_contains "lost image copy message" 'image copy lost' "$out"
expect_contains "changed image copy -> failed" '"State" s "failed".*image copy lost' \
	"$($B call $M GetTransaction t 6 2>&1)"
expect_contains "validating -> queued" '"State" s "queued"' "$($B call $M GetTransaction t 5 2>&1)"
out=$($B call $M GetHistory u 0 2>&1)
expect_contains "history newest first" '"Id" t 2 .*"Id" t 1 ' "$out"
expect_contains "history limit" 'aa{sv} 1 ' "$($B call $M GetHistory u 1 2>&1)"
out=$($B call $M GetQueue 2>&1)
expect_contains "queue in run order" '"Id" t 5 .*"State" s "queued".*"Id" t 4 .*"State" s "scheduled"' "$out"

# DIR/offline-update lists the at-boot transactions (mefw-system-update.path)
expect_contains "offline-update marker" '^4$' "$(cat "$T/state/offline-update" 2>&1)"

# ---- the introspection XML in the tree matches the running daemon ----
# iface_block FILE IFACE: the <interface> element, whitespace squeezed
iface_block() {
	sed -n "/<interface name=\"$2\">/,/<\/interface>/p" "$1" | tr -s ' \n' ' '
}
$B introspect --xml-interface org.mefw1 /org/mefw1 > "$T/m.xml" 2>&1
$B introspect --xml-interface org.mefw1 /org/mefw1/transaction/5 > "$T/t.xml" 2>&1
for i in Manager:m Transaction:t; do
	want=$(iface_block "$top/daemon/dbus/org.mefw1.xml" "org.mefw1.${i%%:*}")
	got=$(iface_block "$T/${i#*:}.xml" "org.mefw1.${i%%:*}")
	if [ -n "$got" ] && [ "$got" = "$want" ]; then
		ok "org.mefw1.xml matches ${i%%:*}"
	else
		bad "daemon/dbus/org.mefw1.xml differs from the running ${i%%:*}: $got"
	fi
done

# ---- no device on the host ----
expect_contains "ListDevices" 'a(sso) 0' "$($B call $M ListDevices 2>&1)"
expect_contains "GetStatus all" 'devices' "$($B call $M GetStatus s '' 2>&1)"
expect_contains "GetStatus unknown" 'mefw9' "$($B call $M GetStatus s mefw9 2>&1)"
expect_contains "TrustTestKey" 'b true' "$($B get-property $M TrustTestKey 2>&1)"
expect_contains "NoSuchTransaction" 'no transaction 99' "$($B call $M GetTransaction t 99 2>&1)"
expect_contains "Cancel unknown" 'no transaction 99' "$($B call $M Cancel t 99 2>&1)"
expect_contains "Cancel ended" 'already ended' "$($B call $M Cancel t 1 2>&1)"

# ---- wrong argument types: refused by sd-bus, mefwd keeps running ----
expect_contains "wrong type" "expecting 't'" "$($B call $M GetTransaction s 5 2>&1)"
expect_contains "missing argument" "Invalid arg" "$($B call $M GetHistory 2>&1)"
$B call $M RequestUpdate s mefw0 >/dev/null 2>&1
$B call $M Cancel u 4 >/dev/null 2>&1
$B call $M InspectImage s x >/dev/null 2>&1
alive "wrong argument types"

# ---- images as file descriptors ----
expect_contains "directory" "BadImage: the image is a directory" "$("$MEFWD_CALL" inspect "$T" - 2>&1)"
expect_contains "char device" "BadImage: the image is not a regular file" "$("$MEFWD_CALL" inspect /dev/null - 2>&1)"
: > "$T/empty"
expect_contains "empty" "BadImage: the image file is empty" "$("$MEFWD_CALL" inspect "$T/empty" - 2>&1)"
truncate -s 1G "$T/big"
expect_contains "1 GiB" "BadImage: the image is too large: 1073741824 bytes" "$("$MEFWD_CALL" inspect "$T/big" - 2>&1)"
expect_contains "pipe" "BadImage: the image is not a regular file (a pipe)" "$(echo x | "$MEFWD_CALL" inspect - - 2>&1)"
head -c 100000 /dev/urandom > "$T/noise"
expect_contains "not an image" '"damaged"' "$("$MEFWD_CALL" inspect "$T/noise" - 2>&1)"
expect_contains "good image" '"intact"' "$("$MEFWD_CALL" inspect "$IMAGE" - 2>&1)"
expect_contains "no device for updates" "NoSuchDevice" "$("$MEFWD_CALL" request "$IMAGE" '' 2>&1)"
expect_contains "unknown option" "InvalidArgs: unknown option 'frobnicate'" \
	"$("$MEFWD_CALL" request "$IMAGE" '' --bad-option 2>&1)"
expect_contains "option type" "InvalidArgs: option 'at-boot' must be a boolean" \
	"$("$MEFWD_CALL" request "$IMAGE" '' --bad-type 2>&1)"
alive "bad images"

# ---- cancel a scheduled update; kill -9 loses nothing ----
out=$($B call $M Cancel t 4 2>&1)
[ -z "$out" ] && ok "cancel scheduled" || bad "cancel scheduled: $out"
[ ! -e "$T/state/images/4.bin" ] && ok "image copy deleted" || bad "image copy 4 left"
[ ! -e "$T/state/offline-update" ] && ok "marker removed" || bad "offline-update left"
kill -9 "$D_PID"; wait "$D_PID" 2>/dev/null; D_PID=
start
expect_contains "after kill -9" '"State" s "cancelled"' "$($B call $M GetTransaction t 4 2>&1)"
expect_contains "still queued after kill -9" '"State" s "queued"' "$($B call $M GetTransaction t 5 2>&1)"

# ---- images are checked by mefwd-verify, outside mefwd ----
if grep -q libcrypto "/proc/$D_PID/maps"; then bad "mefwd maps libcrypto"; else ok "no libcrypto in mefwd"; fi
kill -TERM "$D_PID"; wait "$D_PID" 2>/dev/null; D_PID=
printf '#!/bin/sh\nkill -SEGV $$\n' > "$T/crash.sh"
printf '#!/bin/sh\nexec sleep 30\n' > "$T/hang.sh"
chmod 755 "$T/crash.sh" "$T/hang.sh"
start --verify-helper "$T/crash.sh"
expect_contains "helper crash" "BadImage: image verification failed: helper killed by signal 11" \
	"$("$MEFWD_CALL" inspect "$IMAGE" - 2>&1)"
alive "a helper crash"
kill -TERM "$D_PID"; wait "$D_PID" 2>/dev/null; D_PID=
MEFWD_VERIFY_TIMEOUT_MS=1000 start --verify-helper "$T/hang.sh"
expect_contains "helper timeout" "BadImage: image verification failed: helper did not finish within 1 s" \
	"$("$MEFWD_CALL" inspect "$IMAGE" - 2>&1)"
kill -TERM "$D_PID"; wait "$D_PID" 2>/dev/null; D_PID=
# SIGTERM while a check hangs (60 s helper timeout): the helper is killed
# and mefwd exits 0 at once; the caller gets D-Bus's NoReply (sd-bus
# closes the connection when the event loop ends, before the check's
# answer).  The start-up check of transaction 5's copy (--hash-only) runs
# the real helper.
printf '#!/bin/sh\ncase " $* " in *" --hash-only "*) exec "%s" "$@" ;; esac\nexec sleep 30\n' \
	"$(dirname "$MEFWD")/mefwd-verify" > "$T/hang-checks.sh"
chmod 755 "$T/hang-checks.sh"
start --verify-helper "$T/hang-checks.sh"
"$MEFWD_CALL" inspect "$IMAGE" - > "$T/hang.out" 2>&1 &
c_pid=$!
# has_child PID: a process whose parent is PID (no procps needed)
has_child() {
	for st in /proc/[0-9]*/stat; do
		[ "$(awk '{ print $4 }' "$st" 2>/dev/null)" = "$1" ] && return 0
	done
	return 1
}
gone() { ! kill -0 "$1" 2>/dev/null; }
wait_until 50 has_child "$D_PID" && ok "helper running" || bad "no helper process under mefwd"
kill -TERM "$D_PID"
if ! wait_until 200 gone "$D_PID"; then
	bad "mefwd still waits for its hanging helper 20 s after SIGTERM"
	kill -9 "$D_PID"
fi
wait "$D_PID"; rc=$?
D_PID=
[ "$rc" = 0 ] && ok "SIGTERM during a hanging check: exit 0" || bad "SIGTERM during a hanging check: exit $rc"
wait "$c_pid"
expect_contains "caller told" "NoReply" "$(cat "$T/hang.out")"
start --verify-helper "$T/no-such-helper"
expect_contains "no helper" "IO: image verification failed: cannot run $T/no-such-helper" \
	"$("$MEFWD_CALL" inspect "$IMAGE" - 2>&1)"
expect_contains "no helper logged" "no-such-helper is not an executable file" "$(cat "$T/log")"
kill -TERM "$D_PID"; wait "$D_PID" 2>/dev/null; D_PID=
# ---- the checker's jail (daemon/verify_jail.h) ----
V=$(dirname "$MEFWD")/mefwd-verify
# root that cannot drop (no CAP_SETUID/CAP_SETGID, as inside mefwd.service)
setpriv --bounding-set=-setuid,-setgid --inh-caps=-all "$V" < "$IMAGE" > "$T/r.bin" 2> "$T/r.err"
rc=$?
[ "$rc" = 3 ] && [ ! -s "$T/r.bin" ] && ok "root with no way to drop: refused (exit 3)" ||
	bad "root with no way to drop: exit $rc, $(wc -c < "$T/r.bin") reply bytes"
expect_contains "refusal message" '^mefwd-verify: refusing to run: cannot drop root' "$(cat "$T/r.err")"
"$V" --selftest-seccomp 2> "$T/r.err"
rc=$?
[ "$rc" = 159 ] && ok "socket() in the jail: SIGSYS" || bad "socket() in the jail: exit $rc ($(cat "$T/r.err"))"
# the server (root: drops to nobody), a check held open, its child's state
"$V" --server --listen "$T/verify.sock" 2> "$T/vlog" &
V_PID=$!
wait_until 50 test -S "$T/verify.sock" || bad "no server socket"
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
time.sleep(60)
' "$T/verify.sock" &
H_PID=$!
c=
jailed_child() {
	for st in /proc/[0-9]*/stat; do
		[ "$(awk '{ print $4 }' "$st" 2>/dev/null)" = "$V_PID" ] || continue
		c=${st%/stat}
		[ "$(awk '/^Seccomp:/ { print $2 }' "$c/status")" = 2 ] && return 0
	done
	return 1
}
if wait_until 50 jailed_child; then
	st=$(grep -E '^(Uid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' "$c/status" | tr -s '\t ' ' ')
	expect_contains "held child uid" '^Uid: 65534 65534 65534 65534' "$st"
	for k in CapInh CapPrm CapEff CapBnd CapAmb; do
		expect_contains "held child $k" "^$k: 0000000000000000" "$st"
	done
	expect_contains "held child no_new_privs" '^NoNewPrivs: 1' "$st"
else
	bad "no jailed child while a client holds a connection"
fi
kill "$H_PID"; wait "$H_PID" 2>/dev/null
gone_child() { [ -n "$c" ] && [ ! -e "$c" ]; }
wait_until 50 gone_child && ok "client gone: its check ended" || bad "held check outlived its client"
python3 -c '
import os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
socket.send_fds(s, [struct.pack("=III65s3x", 0x7666656d, 2, 4, b"")], [os.open("/dev/null", os.O_RDONLY)])
print(len(s.recv(65536)))
' "$T/verify.sock" > "$T/st.out" 2>&1
expect_contains "self-test request: no reply" '^0$' "$(cat "$T/st.out")"
wait_until 50 grep -q 'killed by signal 31' "$T/vlog" && ok "self-test child killed by seccomp" ||
	bad "no SIGSYS kill in the server's log: $(cat "$T/vlog")"
MEFWD_VERIFY_SOCKET=$T/verify.sock start
expect_contains "through the server: good" '"intact"' "$("$MEFWD_CALL" inspect "$IMAGE" - 2>&1)"
expect_contains "through the server: noise" '"damaged"' "$("$MEFWD_CALL" inspect "$T/noise" - 2>&1)"
kill -TERM "$D_PID"; wait "$D_PID" 2>/dev/null; D_PID=
kill "$V_PID"; wait "$V_PID" 2>/dev/null
# no systemd socket: mefwd starts the server itself (a socket pair), and
# it ends with mefwd
start
own=
for st in /proc/[0-9]*/stat; do
	[ "$(awk '{ print $4 }' "$st" 2>/dev/null)" = "$D_PID" ] || continue
	tr '\0' ' ' < "${st%/stat}/cmdline" | grep -q -- '--server --control-fd' && own=${st%/stat}
done
[ -n "$own" ] && ok "mefwd started its checker server" || bad "no checker server under mefwd"
expect_contains "through mefwd's server" '"intact"' "$("$MEFWD_CALL" inspect "$IMAGE" - 2>&1)"
kill -TERM "$D_PID"; wait "$D_PID" 2>/dev/null; D_PID=
own_gone() { [ -z "$own" ] || [ ! -e "$own" ] || grep -q '^State:.*Z' "$own/status"; }
wait_until 50 own_gone && ok "the server ends with mefwd" || bad "checker server outlived mefwd"
# a reply that lies is refused, not used: $LIE = OFFSET:HEX written over
# the real reply (struct verify_reply: status at 12, sha256 at 24, the
# image from 392: family first)
printf '#!/bin/sh\n"%s" "$@" | python3 -c "import os, sys; o, h = os.environ[\\"LIE\\"].split(\\":\\"); d = bytearray(sys.stdin.buffer.read()); b = bytes.fromhex(h); d[int(o):int(o) + len(b)] = b; sys.stdout.buffer.write(d)"\n' \
	"$V" > "$T/liar.sh"
chmod 755 "$T/liar.sh"
lie() { # WHAT OFFSET:HEX EXPECTED
	LIE=$2 start --verify-helper "$T/liar.sh"
	expect_contains "lying checker: $1" "IO: image verification failed: invalid reply from the checker: $3" \
		"$("$MEFWD_CALL" inspect "$IMAGE" - 2>&1)"
	kill -TERM "$D_PID"; wait "$D_PID" 2>/dev/null; D_PID=
}
lie "unterminated family" 392:4141414141414141 "unterminated string family"
lie "status" 12:63000000 "status 99"
lie "SHA-256" 24:5a "SHA-256 is not 64 hex digits"
# ---- sd_notify: READY, STATUS (transaction 5 is still queued), STOPPING ----
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "ab", 0) as f:
    while True:
        f.write(s.recv(4096) + b"\n")
' "$T/notify" "$T/notify.log" &
N_PID=$!
wait_until 50 test -S "$T/notify"
D_NOTIFY=$T/notify
start
D_NOTIFY=
expect_contains "helper again" '"intact"' "$("$MEFWD_CALL" inspect "$IMAGE" - 2>&1)"
expect_contains "sd_notify READY" '^READY=1$' "$(cat "$T/notify.log" 2>&1)"
expect_contains "sd_notify STATUS" '^STATUS=Idle, 1 queued$' "$(cat "$T/notify.log" 2>&1)"

# ---- SIGTERM: clean exit, no sanitizer report ----
kill -TERM "$D_PID"
wait "$D_PID"; rc=$?
D_PID=
[ "$rc" = 0 ] && ok "SIGTERM exit 0" || bad "SIGTERM exit $rc"
expect_contains "sd_notify STOPPING" '^STOPPING=1$' "$(cat "$T/notify.log" 2>&1)"
kill "$N_PID" 2>/dev/null
if grep -q "Sanitizer\|runtime error" "$T/log"; then
	cat "$T/log"
	bad "sanitizer report"
else
	ok "no sanitizer report"
fi
checks_done bus-smoke
