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
		( cd /tmp && timeout -s KILL "${CASE_TIMEOUT:-90}" sh "/tests/cases/$name" ) > "$out" 2>&1
		rc=$?
		say "END $name $rc"
		# a case that failed half way may leave modules loaded
		rmmod mefw 2>/dev/null
		rmmod mei_sim 2>/dev/null
	done < /tests/list
	sleep 1
	say "DONE"
	;;
esac
sync
poweroff -f
