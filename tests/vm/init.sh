#!/bin/busybox sh
# /init of the test VM: mount, load mei.ko, run the listed cases, power off.
# Test output goes to /dev/ttyS1 (the harness's results file); the
# kernel log goes to ttyS0 (the console).
/bin/busybox --install -s /bin
export PATH=/usr/bin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
echo /bin/mdev > /proc/sys/kernel/hotplug 2>/dev/null
echo 20 > /proc/sys/kernel/hung_task_timeout_secs

out=/dev/ttyS1
mode=$(cat /tests/mode)
say() { echo "@@MEFW@@ $*" > "$out"; }

insmod /lib/mefw/mei.ko || say "SETUP-FAIL insmod mei.ko"

# VM_DISK on the host: the persistent disk, mounted at /disk (cases check
# that it is mounted)
if [ -e /tests/disk ]; then
	while read -r m; do
		insmod "/lib/disk/$m" || say "SETUP-FAIL insmod $m"
	done < /tests/disk-mods
	n=100
	while [ ! -b /dev/vda ] && [ $n -gt 0 ]; do
		n=$((n - 1))
		usleep 100000
	done
	mkdir -p /disk
	mount -t ext2 /dev/vda /disk || say "SETUP-FAIL mount /dev/vda"
fi

case "$mode" in
shell)
	. /tests/lib.sh
	sim_load && mefw_load
	echo "mefw test VM: mei, mei-sim and mefw loaded; cases in /tests/cases"
	setsid cttyhack sh
	;;
demo)
	. /tests/lib.sh
	/tests/demo.sh > "$out" 2>&1
	echo "rc=$?" > "$out"
	;;
*)
	say "BOOT $(uname -r)"
	while read -r name; do
		say "BEGIN $name"
		echo "mefw-vm: case $name" > /dev/kmsg
		t0=$(cut -d' ' -f1 /proc/uptime)
		( cd /tmp && timeout -s KILL "${CASE_TIMEOUT:-90}" sh "/tests/cases/$name" ) > "$out" 2>&1
		rc=$?
		# a case that failed half way may leave the bus world running
		# (mefwd holds /dev/mefw0) and modules loaded
		[ -d /run/mefw-test ] && ( . /tests/lib.sh; bus_stop ) > /dev/null 2>&1
		# and processes of its own that still hold a device: the
		# modules could not go, and every later case would fail
		killed=
		for fd in /proc/[0-9]*/fd/*; do
			case "$(readlink "$fd" 2>/dev/null)" in
			/dev/mefw* | /dev/mei*)
				p=${fd#/proc/}
				kill -KILL "${p%%/*}" 2>/dev/null && killed=1 ;;
			esac
		done
		[ -n "$killed" ] && sleep 1
		rmmod mefw 2>/dev/null
		rmmod mei_sim 2>/dev/null
		# the debug kernel: a leak through mefw or mei-sim fails the case
		if ! /tests/kmemleak.sh > "$out" 2>&1; then
			case $rc in 0 | 77) rc=1 ;; esac
		fi
		say "TIME $name $(awk -v t0="$t0" '{ printf "%d", $1 - t0 + 0.5 }' /proc/uptime)"
		say "END $name $rc"
	done < /tests/list
	sleep 1
	# leaks younger than kmemleak's minimum age (5 s) at the last scan
	if [ -e /sys/kernel/debug/kmemleak ]; then
		say "BEGIN kmemleak-final"
		sleep 6
		/tests/kmemleak.sh > "$out" 2>&1
		say "END kmemleak-final $?"
	fi
	say "DONE"
	;;
esac
sync
grep -q ' /disk ' /proc/mounts && umount /disk
poweroff -f
