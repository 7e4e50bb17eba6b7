#!/bin/sh
# Removal races: several processes hammer IDENTITY, STATUS_REGS and the
# sysfs attributes while the host is unbound under them (sometimes with a
# mute firmware, so requests are in flight), ten times.  Every process
# must end, and the kernel log must stay clean.
. /tests/lib.sh

plat=/sys/bus/platform/drivers/mei-sim
d=/sys/class/mefw/mefw0

sim_load
mefw_load reply_timeout_ms=3000

round=0
while [ $round -lt 10 ]; do
	round=$((round + 1))
	wait_for /dev/mefw0 10 || fail "/dev/mefw0 missing (round $round)"
	pids=
	for k in 1 2; do
		( while mefw-ioctl-test identity > /dev/null 2>&1; do :; done ) &
		pids="$pids $!"
		( while mefw-ioctl-test regs > /dev/null 2>&1; do :; done ) &
		pids="$pids $!"
		( while cat $d/current_state $d/hfsts2 $d/fw_version \
			> /dev/null 2>&1; do :; done ) &
		pids="$pids $!"
	done
	usleep $(( (round % 4) * 150000 + 50000 ))
	if [ $((round % 2)) = 0 ]; then
		echo Y > /sys/module/mei_sim/parameters/mute
		usleep 300000
	fi
	echo mei-sim > $plat/unbind || fail "unbind (round $round)"
	for p in $pids; do
		wait "$p"
	done
	echo "ok: round $round: all users ended"
	echo N > /sys/module/mei_sim/parameters/mute
	echo mei-sim > $plat/bind || fail "bind (round $round)"
done
wait_for /dev/mefw0 10 || fail "/dev/mefw0 missing at the end"
mefw-ioctl-test identity > /dev/null || fail "identity at the end"
mods_unload
exit 0
