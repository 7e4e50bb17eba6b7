#!/bin/sh
# A full state directory (a 4 MiB tmpfs, filled): no transition reaches the
# device unless its record is on disk.
# 0. An image copy left without a record (a crash between the copy and the
#    record) is removed at start.
# 1. Full when the update is requested: refused at once, the message names
#    the state directory and the errno; mefw.ko never saw a BEGIN.
# 2. Queued while mefw0 is away, then full: when mefw0 comes back the worker
#    cannot journal "validating": the transaction fails with that error and
#    mefw.ko never saw a BEGIN (update_state idle).
# 3. Full during the transfer (mefwd stopped with SIGSTOP while the sim
#    receives DATA, the disk filled, SIGCONT): "finalizing" cannot be
#    journaled, so no END: the kernel transaction is cancelled, the engine
#    never ran, the firmware is unchanged.
# After each: no .tmp file, no image copy left, mefwd answers; with space
# again a new update succeeds.
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-11
SYSFS=/sys/class/mefw/mefw0

# fill: write zeros until the tmpfs is full
fill() {
	dd if=/dev/zero of=$MEFWD_STATE/fill bs=4096 2>/dev/null
	[ "$(df -k $MEFWD_STATE | awk 'NR == 2 { print $4 }')" = 0 ] ||
		fail "the state directory is not full: $(df -k $MEFWD_STATE | tail -n 1)"
}

# clean: nothing half-written is left in the state directory
clean() {
	left=$(find $MEFWD_STATE -name '*.tmp')
	[ -z "$left" ] || fail "$1: half-written files left: $left"
	no_image_copies
	ok "$1: no .tmp file, no image copy"
}

# serving: mefwd answers a status query
serving() {
	mefwctl status > /tmp/st.out 2>&1 || fail "$1: mefwctl status: $(cat /tmp/st.out)"
	ok "$1: mefwd still serves (status)"
}

# stop_in_transfer: SIGSTOP mefwd as soon as mefw.ko's transaction is
# transferring (shell builtins only: the transfer lasts ~0.1 s), and check
# that the sim has not received the whole image yet
stop_in_transfer() {
	n=0
	while read -r s < $SYSFS/update_state; [ "$s" != transferring ]; do
		n=$((n + 1))
		[ $n -lt 500000 ] || fail "mefw0 never transferring: $s"
	done
	kill -STOP "$MEFWD_PID"
	rcv=$(sed -n 's/^update_received *//p' /sys/kernel/debug/mei-sim/state)
	echo "stopped mefwd with the sim at $rcv bytes"
	case "$rcv" in
	0/0) ;;	# START not answered yet
	*) [ "${rcv%/*}" -lt "${rcv#*/}" ] || { kill -CONT "$MEFWD_PID"; fail "the transfer ended before mefwd was stopped ($rcv)"; } ;;
	esac
}

sim_load stage_ms=20
mefw_load poll_ms=20
bus_start --no-polkit
rm -rf $MEFWD_STATE
mkdir -p $MEFWD_STATE
mount -t tmpfs -o size=4m,mode=0700 mefw-11 $MEFWD_STATE || fail "mount tmpfs"

echo "== 0: an orphan image copy is removed at start"
mkdir -p $MEFWD_STATE/images $MEFWD_STATE/transactions
cp /data/sim/good.bin $MEFWD_STATE/images/7.bin
mefwd_start
[ ! -e $MEFWD_STATE/images/7.bin ] || fail "the orphan images/7.bin is still there"
grep -q "removed 1 image copy" "$MEFWD_LOG" || fail "no log line about the orphan: $(tail -n 5 "$MEFWD_LOG")"
ok "orphan removed and logged"

echo "== 1: full when requested"
fill
mefwctl update --yes --no-wait /data/sim/good.bin > /tmp/u1.out 2>&1 && fail "request on a full disk succeeded: $(cat /tmp/u1.out)"
cat /tmp/u1.out
grep -q "$MEFWD_STATE" /tmp/u1.out || fail "the refusal does not name the state directory"
grep -q "No space left on device" /tmp/u1.out || fail "the refusal does not name the errno"
expect_eq "mefw.ko update_state" "$(cat $SYSFS/update_state)" idle
clean "1"
serving "1"
rm $MEFWD_STATE/fill

echo "== 2: queued while mefw0 is away, full when it comes back"
mefw_unplug_seen
mefwctl update --yes --no-wait --device mefw0 /data/sim/good.bin > /tmp/u2.out 2>&1 ||
	fail "request 2: $(cat /tmp/u2.out)"
id=$(txn_id /tmp/u2.out)
expect_eq "transaction $id waits" "$(txn_prop "$id" State)" queued
fill
mefw_load poll_ms=20
mefwctl wait "$id" > /tmp/w2.out 2>&1; rc=$?
cat /tmp/w2.out
expect_eq "wait exit" "$rc" 3
expect_eq "state" "$(txn_prop "$id" State)" failed
grep -q "cannot record the state validating in the journal in $MEFWD_STATE" /tmp/w2.out ||
	fail "the failure does not name the journal and the state directory"
grep -q "No space left on device" /tmp/w2.out || fail "the failure does not name the errno"
grep -q "nothing was sent to the ME" /tmp/w2.out || fail "the failure does not say nothing was sent"
expect_eq "mefw.ko update_state (never began)" "$(cat $SYSFS/update_state)" idle
# the final record made it with the space of the removed image copy
grep -q '"State": *"failed"' $MEFWD_STATE/transactions/$id.json ||
	fail "record $id: $(cat $MEFWD_STATE/transactions/$id.json)"
clean "2"
serving "2"
rm $MEFWD_STATE/fill

echo "== 3: full during the transfer"
mefwctl update --yes --no-wait /data/sim/good.bin > /tmp/u3.out 2>&1 || fail "request 3: $(cat /tmp/u3.out)"
id=$(txn_id /tmp/u3.out)
stop_in_transfer
fill
kill -CONT "$MEFWD_PID"
mefwctl wait "$id" > /tmp/w3.out 2>&1; rc=$?
cat /tmp/w3.out
expect_eq "wait exit" "$rc" 3
grep -q "cannot record the state finalizing in the journal in $MEFWD_STATE" /tmp/w3.out ||
	fail "the failure does not name the journal and the state directory"
grep -q "No space left on device" /tmp/w3.out || fail "the failure does not name the errno"
grep -q "cancelled before END" /tmp/w3.out || fail "the failure does not say END was not sent"
expect_eq "mefw.ko update_state (cancelled before END)" "$(cat $SYSFS/update_state)" cancelled
expect_eq "the sim's engine never ran" "$(sed -n 's/^update_stage *//p' $SIMDBG/state)" "0/19 0%"
expect_eq "firmware unchanged" "$(cat $SYSFS/fw_version)" 9.0.20.1447
clean "3"
serving "3"
rm $MEFWD_STATE/fill

echo "== with space again, an update succeeds"
mefwctl update --yes /data/sim/good.bin > /tmp/u4.out 2>&1 || fail "update after freeing space: $(cat /tmp/u4.out)"
cat /tmp/u4.out
wait_version 9.0.21.1500
clean "4"

mefwd_stop || fail "mefwd exit status $?"
cat "$MEFWD_LOG"
umount $MEFWD_STATE
bus_stop
mods_unload
exit 0
