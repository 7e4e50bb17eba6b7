# boots: 3
# At-boot failure: stage an update and arm a
# simulator fault for the next boot (boot 1); the update boot's engine
# fails at stage 4 with status 5, as seed 000 (mei-sim debugfs fault
# "error stage:4 5", armed by mefw-boottest-sim.service right after the
# module loads, before the offline unit runs) and the VM reboots (boot 2);
# the system reaches multi-user.target, /system-update is gone, the ME
# runs the old version and history shows the failure with its code (boot 3).
. "$T/lib.sh"
IMG=$DATA/sim/good.bin
case $BOOT in
1)
	need_installed
	[ -f "$IMG" ] || fail "no $IMG (build/vm-data/sim: make userspace)"
	wait_for /dev/mefw0 30 || fail "no /dev/mefw0"
	stage_at_boot "$IMG"
	echo "error stage:4 5" > /var/lib/mei-sim/fault
	echo "armed for the next boot: $(cat /var/lib/mei-sim/fault)"
	exit 100
	;;
2)
	fail "boot 2 reached multi-user.target: the offline update boot did not reboot by itself"
	;;
3)
	ok "boot 3 reached multi-user.target"
	[ -e /system-update ] || [ -L /system-update ] && fail "/system-update still exists"
	ok "/system-update is gone"
	[ -f /var/lib/mei-sim/fault.armed-boot2 ] || fail "the fault was not armed in boot 2"
	echo "--- previous boot: the fault and the offline update"
	journalctl -b -1 -o short-monotonic --no-pager | grep -E 'mefw-boottest-sim: fault|mefw-offline-update|mefwd' | tail -n 30
	wait_for /dev/mefw0 30 || fail "no /dev/mefw0"
	expect_eq "fw_version (unchanged)" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447
	mefwctl history
	set -- $(last_txn State AtBoot)
	expect_eq "history: state at-boot" "$*" "failed true"
	code=$(last_txn Code)
	msg=$(last_txn Message)
	[ -n "$code" ] && [ "$code" != 0 ] || fail "history: no error code (Code '$code', Message '$msg')"
	ok "history: failed with code $code: $msg"
	exit 0
	;;
esac
fail "unexpected boot $BOOT"
