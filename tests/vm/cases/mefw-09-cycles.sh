#!/bin/sh
# 20 load/unload cycles of both modules, in both orders, with traffic.
. /tests/lib.sh

i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	if [ $((i % 2)) = 0 ]; then
		sim_load
		mefw_load
	else
		# mefw first: it binds when the ME enumerates
		insmod /lib/mefw/mefw.ko || fail "insmod mefw ($i)"
		sim_load
		wait_for /dev/mefw0 10 || fail "/dev/mefw0 ($i)"
	fi
	if [ $((i % 3)) = 0 ]; then
		# unload right away, maybe while the probe-time query runs
		:
	else
		mefw-ioctl-test identity > /dev/null || fail "identity ($i)"
		cat /sys/class/mefw/mefw0/current_state > /dev/null ||
			fail "current_state ($i)"
	fi
	if [ $((i % 4)) = 0 ]; then
		# host first: mefw's clients are removed under it
		echo mei-sim > /sys/bus/platform/drivers/mei-sim/unbind ||
			fail "unbind mei-sim ($i)"
		[ ! -e /dev/mefw0 ] || fail "/dev/mefw0 after unbind ($i)"
		rmmod mefw || fail "rmmod mefw ($i)"
		mods_unload
	else
		mods_unload
	fi
done
echo "ok: $i cycles"
grep -q '^mefw ' /proc/modules && fail "mefw still loaded"
exit 0
