#!/bin/sh
# Bad input gets a clear one-line error and mefwd
# keeps running.  Images: a directory, a pipe, an empty file, a 1 GiB
# (sparse) file, random bytes, a bad signature; a missing file; unknown
# transaction ids (wait/cancel 999); wrong D-Bus argument types and
# options (busctl, dbus-send: the error names).  After each, mefwd still
# answers; at the end no image copy is left in its state directory, no
# transaction was queued, and a good update works with the same daemon.
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-06

sim_load stage_ms=20
mefw_load poll_ms=20
bus_start --no-polkit
mefwd_start
pid0=$MEFWD_PID

mkdir -p /tmp/adir
mkfifo /tmp/fifo
: > /tmp/empty.bin
truncate -s 1G /tmp/big.bin
head -c 600000 /dev/urandom > /tmp/random.bin

# refused_image IMAGE EXIT PATTERN: `mefwctl update --yes IMAGE` exits EXIT with
# one line on stderr matching PATTERN (grep -E, case-insensitive)
refused_image() {
	timeout 20 mefwctl update --yes "$1" > /tmp/b.out 2> /tmp/b.err; rc=$?
	echo "--- $1: exit $rc"
	cat /tmp/b.out /tmp/b.err
	[ "$rc" != 137 ] && [ "$rc" != 143 ] || fail "$1: mefwctl hung"
	expect_eq "$1: exit" "$rc" "$2"
	expect_eq "$1: stderr lines" "$(wc -l < /tmp/b.err)" 1
	grep -qiE "$3" /tmp/b.err || fail "$1: message does not match '$3'"
	mefwd_alive || fail "$1: mefwd does not answer any more"
}
refused_image /tmp/adir 3 'director'
refused_image /tmp/fifo 3 'pipe|fifo|regular file'
refused_image /tmp/empty.bin 3 'empty'
refused_image /tmp/big.bin 3 '16 MiB|too (large|big)|larger'
refused_image /tmp/random.bin 3 'not an ME image|manifest|not .*image|unknown'
refused_image /data/sim/badsig.bin 3 'signature|integrity|verif'
refused_image /tmp/no-such-file.bin 1 'no-such-file.bin'

# unknown transaction ids
for c in wait cancel; do
	mefwctl $c 999 > /tmp/b.out 2> /tmp/b.err; rc=$?
	cat /tmp/b.out /tmp/b.err
	[ "$rc" != 0 ] || fail "$c 999 succeeded"
	expect_eq "$c 999: stderr lines" "$(wc -l < /tmp/b.err)" 1
	grep -q 999 /tmp/b.err || fail "$c 999: the message does not name the id"
	mefwctl $c abc > /tmp/b.out 2> /tmp/b.err; rc=$?
	cat /tmp/b.err
	expect_eq "$c abc: exit" "$rc" 2
done

# raw D-Bus: wrong argument types, unknown options and devices.
# err_name WANT_NAME ARGS...: dbus-send prints "Error NAME: message"
err_name() {
	want=$1
	shift
	dbus-send --system --print-reply --dest=org.mefw1 "$@" > /tmp/d.out 2>&1 && fail "$*: succeeded"
	cat /tmp/d.out
	grep -q "^Error $want: ." /tmp/d.out || fail "$*: want error $want"
	mefwd_alive || fail "$*: mefwd does not answer any more"
}
M=org.mefw1.Manager
err_name org.freedesktop.DBus.Error.InvalidArgs /org/mefw1 $M.Cancel string:5
err_name org.freedesktop.DBus.Error.InvalidArgs /org/mefw1 $M.GetTransaction
err_name org.freedesktop.DBus.Error.InvalidArgs /org/mefw1 $M.GetHistory string:all
err_name org.freedesktop.DBus.Error.InvalidArgs /org/mefw1 $M.GetStatus uint32:0
err_name org.freedesktop.DBus.Error.InvalidArgs /org/mefw1 $M.RequestUpdate string:mefw0 string:/data/sim/good.bin
err_name org.mefw1.Error.NoSuchTransaction /org/mefw1 $M.GetTransaction uint64:999
err_name org.mefw1.Error.NoSuchTransaction /org/mefw1 $M.Cancel uint64:999
err_name org.mefw1.Error.NoSuchTransaction /org/mefw1 $M.Cancel uint64:0
err_name org.mefw1.Error.NoSuchDevice /org/mefw1 $M.GetStatus string:mefw9
err_name org.freedesktop.DBus.Error.UnknownMethod /org/mefw1 $M.NoSuchMethod
# the same through busctl (sd-bus on the client side too)
for call in "Cancel s 5" "GetHistory s all" "GetTransaction s 1" "ListDevices s x"; do
	# shellcheck disable=SC2086
	busctl --system call org.mefw1 /org/mefw1 $M $call > /tmp/d.out 2>&1 && fail "busctl $call: succeeded"
	cat /tmp/d.out
	grep -q 'Invalid arguments' /tmp/d.out || fail "busctl $call: not InvalidArgs"
	mefwd_alive || fail "busctl $call: mefwd does not answer any more"
done
# busctl and dbus-send cannot pass file descriptors ("UNIX file
# descriptor not supported as type"): an unknown device through mefwctl
mefwctl update --yes --device mefw9 /data/sim/good.bin > /tmp/b.out 2> /tmp/b.err; rc=$?
cat /tmp/b.out /tmp/b.err
expect_eq "unknown device: exit" "$rc" 1
expect_eq "unknown device: stderr lines" "$(wc -l < /tmp/b.err)" 1
grep -q mefw9 /tmp/b.err || fail "unknown device not named"
mefwd_alive || fail "mefwd does not answer any more"

expect_eq "same mefwd" "$(pidof mefwd)" "$pid0"
mefwctl queue --json > /tmp/q.json || fail "queue"
expect_eq "nothing queued" "$(jget /tmp/q.json '.transactions[0].id')" ""
no_image_copies
mefwctl update --yes /data/sim/good.bin > /tmp/g.out 2>&1 || fail "good update: $(cat /tmp/g.out)"
echo "ok: a good update after all that"
no_image_copies

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
