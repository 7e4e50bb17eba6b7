#!/bin/sh
# `mefwctl status` while the ME resets (as it does at the end of an
# update): the ME is muted so that status waits in IDENTITY, then the
# firmware resets; /dev/mefw0 is removed and added back.  status waits
# for the new device and reads it (not exit 1 with "mefw0 went away").
# The same through mefwd (GetStatus uses the same library).  An
# ME that does not come back (mefw unbound from it): status fails after
# 10 s with one line.
. /tests/lib.sh

dbg=/sys/kernel/debug/mei-sim
mute=/sys/module/mei_sim/parameters/mute
sim_load
mefw_load reply_timeout_ms=8000

# under PID ACTION CMD...: run CMD (output in /tmp/s.out); when a thread
# of PID (CMD itself when PID is -) waits in IDENTITY, run ACTION and let
# the ME answer again; CMD's exit status
under() {
	w=$1 action=$2
	shift 2
	echo Y > $mute
	"$@" > /tmp/s.out 2>&1 &
	pid=$!
	[ "$w" = - ] && w=$pid
	n=100
	until cat /proc/$w/task/*/stack 2>/dev/null | grep -q mefw_; do
		n=$((n - 1))
		[ $n -gt 0 ] || { echo N > $mute; fail "$* did not wait in mefw.ko"; }
		usleep 100000
	done
	eval "$action" || fail "$action"
	echo N > $mute
	wait $pid
}

under - "echo 1 > $dbg/fw_reset" mefwctl status; rc=$?
cat /tmp/s.out
expect_eq "status exit" "$rc" 0
expect_eq "version after the reset" \
	"$(sed -n 's/^ *FW Version: *//p' /tmp/s.out)" 9.0.20.1447

# it does not come back: one line after 10 s
wait_for /dev/mefw0 20 || fail "no /dev/mefw0"
drv=/sys/bus/mei/drivers/mefw
fwu=$(basename "$(ls -d $drv/*-309dcde8-ccb1-4062-8f78-600115a34327)")
under - "echo $fwu > $drv/unbind" mefwctl status mefw0; rc=$?
cat /tmp/s.out
expect_eq "status exit, ME gone" "$rc" 1
expect_eq "one line" "$(wc -l < /tmp/s.out)" 1
grep -q 'did not come back within 10 s' /tmp/s.out || fail "no 'did not come back' in the error"
echo "$fwu" > $drv/bind || fail "bind $fwu"

# mefwd answers GetStatus from a thread of its own: the thread waits
wait_for /dev/mefw0 20 || fail "no /dev/mefw0"
bus_start --no-polkit
mefwd_start
mefwctl status --daemon > /dev/null || fail "status --daemon before the reset"
under "$MEFWD_PID" "echo 1 > $dbg/fw_reset" mefwctl status --daemon --json; rc=$?
cat /tmp/s.out
expect_eq "status --daemon exit" "$rc" 0
grep -q '"fw_version": *"9.0.20.1447"' /tmp/s.out ||
	fail "status --daemon --json lacks fw_version 9.0.20.1447"
mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
