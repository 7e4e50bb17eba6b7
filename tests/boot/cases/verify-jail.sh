# boots: 1
# The image checker's jail, in the installed units: mefwd checks images
# through mefw-verify.socket (mefw-verify.service, started by the first
# connection).  A check held open (a client that connects and sends
# nothing: the child waits for its request inside the jail in which it
# parses) is observed: non-root uid, all five capability sets empty,
# no_new_privs, a seccomp filter of its own on top of the unit's; in its
# mount namespace with its ids it cannot open /dev/mefw0 nor write
# /var/lib/mefw.  A child asked to call socket() (VERIFY_REQ_SELFTEST_SECCOMP,
# root-only socket) is killed by SIGSYS.  systemd-analyze security for
# mefwd.service (exposure at most 1.6) and mefw-verify.service (at most 1.5).
. "$T/lib.sh"
SOCK=/run/mefw-verify.sock
need_installed
wait_for /dev/mefw0 30 || fail "no /dev/mefw0"
systemctl start mefw-verify.socket || fail "cannot start mefw-verify.socket"
[ -S "$SOCK" ] || fail "no $SOCK"
expect_eq "socket mode" "$(stat -c '%a %U' "$SOCK")" "600 root"

# mefwd uses the checker server: a check through mefwd starts it
systemctl stop mefw-verify.service
cp "$DATA/sim/badsig.bin" /tmp/badsig.bin
mefwctl update --yes /tmp/badsig.bin > /tmp/bad.txt 2>&1
rc=$?
cat /tmp/bad.txt
[ "$rc" != 0 ] || fail "a damaged image was accepted"
grep -qi 'integrity' /tmp/bad.txt || fail "no integrity failure named for badsig.bin"
expect_eq "mefw-verify.service after a check through mefwd" \
	"$(systemctl is-active mefw-verify.service)" active
server=$(systemctl show -P MainPID mefw-verify.service)
[ "$server" -gt 0 ] || fail "mefw-verify.service has no main PID"

# hold a check: connect, send nothing
python3 - "$SOCK" > /tmp/hold.log 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
print("connected", flush=True)
time.sleep(120)
PY
hold=$!
child_of() {
	for st in /proc/[0-9]*/stat; do
		[ "$(awk '{ print $4 }' "$st" 2>/dev/null)" = "$1" ] && { p=${st#/proc/}; echo "${p%/stat}"; return 0; }
	done
	return 1
}
has_child() { child_of "$server" > /dev/null; }
wait_until 200 has_child || fail "no checker child while a client holds a connection"
child=$(child_of "$server")
# the jailed child has installed its filter once it waits for the request
jailed() { [ "$(awk '/^NoNewPrivs:/ { print $2 }' "/proc/$child/status")" = 1 ] &&
	[ "$(awk '/^Seccomp_filters:/ { print $2 }' "/proc/$child/status")" -gt \
	  "$(awk '/^Seccomp_filters:/ { print $2 }' "/proc/$server/status")" ]; }
wait_until 100 jailed || { cat "/proc/$child/status"; fail "the checker child has no filter of its own"; }
grep -E '^(Uid|Gid|Cap|NoNewPrivs|Seccomp)' "/proc/$child/status"
set -- $(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$child/status")
for u in "$@"; do [ "$u" != 0 ] || fail "the checker runs with uid 0 ($*)"; done
uid=$1
gid=$(awk '/^Gid:/ { print $2 }' "/proc/$child/status")
for c in CapInh CapPrm CapEff CapBnd CapAmb; do
	expect_eq "$c" "$(awk -v c="$c:" '$1 == c { print $2 }' "/proc/$child/status")" 0000000000000000
done
expect_eq "Seccomp" "$(awk '/^Seccomp:/ { print $2 }' "/proc/$child/status")" 2
ok "checker child $child: uid $uid, no capabilities, seccomp filter"
# what the child's view of the system allows its ids
in_jail() { nsenter -t "$child" -m -S "$uid" -G "$gid" -- sh -c "$1" 2>&1; }
out=$(in_jail 'exec 3<> /dev/mefw0 && echo OPENED')
echo "open /dev/mefw0 in the jail: $out"
case $out in *OPENED*) fail "the checker's view opens /dev/mefw0" ;; esac
out=$(in_jail ': > /var/lib/mefw/jail-probe && echo WROTE')
echo "write /var/lib/mefw in the jail: $out"
case $out in *WROTE*) fail "the checker's view writes /var/lib/mefw" ;; esac
[ ! -e /var/lib/mefw/jail-probe ] || fail "/var/lib/mefw/jail-probe exists"
ok "the checker cannot open /dev/mefw0 nor write /var/lib/mefw"
kill "$hold"
wait "$hold" 2>/dev/null
gone() { ! kill -0 "$child" 2>/dev/null; }
wait_until 100 gone || fail "the held child $child outlived its client"
ok "a client that goes away ends its check"

# a forbidden system call in the child: SIGSYS
since=$(date '+%Y-%m-%d %H:%M:%S')
python3 - "$SOCK" <<'PY' > /tmp/selftest.txt 2>&1
import os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
req = struct.pack("=III65s3x", 0x7666656d, 2, 4, b"")   # VERIFY_REQ_SELFTEST_SECCOMP
fd = os.open("/dev/null", os.O_RDONLY)
socket.send_fds(s, [req], [fd])
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
print("reply bytes:", len(data))
PY
cat /tmp/selftest.txt
expect_eq "reply to the seccomp self-test" "$(cat /tmp/selftest.txt)" "reply bytes: 0"
killed() { journalctl -u mefw-verify.service --since "$since" --no-pager | grep -q 'killed by signal 31'; }
wait_until 100 killed || { journalctl -u mefw-verify.service --since "$since" --no-pager; fail "no SIGSYS kill logged"; }
journalctl -u mefw-verify.service --since "$since" --no-pager | grep 'killed by signal'
ok "socket() in the jail: killed by seccomp"
expect_eq "mefw-verify.service still serves" "$(systemctl is-active mefw-verify.service)" active

exposure() {
	systemd-analyze security --no-pager "$1" > /tmp/sec.txt 2>&1
	grep -v '✓' /tmp/sec.txt | tail -n 25 >&2
	sed -n "s/.*Overall exposure level for $1: \([0-9.]*\).*/\1/p" /tmp/sec.txt
}
x=$(exposure mefwd.service)
echo "EXPOSURE mefwd.service $x"
expect_at_most "mefwd.service exposure" "$x" 1.6
v=$(exposure mefw-verify.service)
echo "EXPOSURE mefw-verify.service $v"
expect_at_most "mefw-verify.service exposure" "$v" 1.5
exit 0
