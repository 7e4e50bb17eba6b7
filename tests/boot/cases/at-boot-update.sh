# boots: 3
# At-boot update: stage (boot 1); the next boot runs
# the update under system-update.target, before multi-user.target, and
# reboots by itself (boot 2: no multi-user, no test step); then (boot 3)
# the ME reports the new version and `mefwctl history` shows success.
. "$T/lib.sh"
IMG=$DATA/sim/good.bin          # 9.0.21.1500, test key
case $BOOT in
1)
	need_installed
	[ -f "$IMG" ] || fail "no $IMG (build/vm-data/sim: make userspace)"
	wait_for /dev/mefw0 30 || fail "no /dev/mefw0"
	expect_eq "fw_version before" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447
	journalctl --list-boots --no-pager | wc -l > "$STATE/boots-before"
	stage_at_boot "$IMG"
	echo "rebooting into the offline update"
	exit 100
	;;
2)
	# reached multi-user.target in the boot that should have updated
	[ -L /system-update ] && fail "boot 2 reached multi-user.target with /system-update still there: the offline update did not run"
	fail "boot 2 reached multi-user.target: the offline update boot did not reboot by itself"
	;;
3)
	[ -e /system-update ] || [ -L /system-update ] && fail "/system-update still exists"
	ok "/system-update is gone"
	b0=$(cat "$STATE/boots-before")
	b=$(journalctl --list-boots --no-pager | wc -l)
	expect_eq "boots in the journal since staging" $((b - b0)) 2
	echo "--- previous boot (the offline update), PID 1:"
	prev_boot_order | tee /tmp/order.txt
	grep -q 'Multi-User' /tmp/order.txt && fail "the update boot reached multi-user.target"
	ok "the update boot never reached multi-user.target"
	echo "--- previous boot, mefw-offline-update.service:"
	journalctl -b -1 -o short-monotonic --no-pager -u mefw-offline-update.service | tee /tmp/off.txt
	grep -q 'succeeded' /tmp/off.txt || fail "no success message from the offline update"
	wait_for /dev/mefw0 30 || fail "no /dev/mefw0"
	expect_eq "fw_version after" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.21.1500
	mefwctl status | grep -qxF "FW Version: 9.0.21.1500" || fail "mefwctl status does not show 9.0.21.1500"
	mefwctl history
	set -- $(last_txn State AtBoot NewVersion)
	expect_eq "history: state at-boot new-version" "$*" "succeeded true 9.0.21.1500"
	exit 0
	;;
esac
fail "unexpected boot $BOOT"
