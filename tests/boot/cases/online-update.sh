# boots: 1
# An update while the system runs, through the installed, sandboxed
# mefwd.service (ProtectSystem=strict, DevicePolicy=closed +
# DeviceAllow=char-mefw, the capability bounding set, the system call
# filter; the world's drop-in only adds --trust-test-key): `mefwctl update`
# succeeds across the ME's reset (the device node is removed and added
# back), the new version shows in sysfs and through mefwd, history has
# it, the journal has the "update succeeded" MESSAGE_ID, systemd shows
# mefwd's STATUS= ("Idle") and mefwd.service was never restarted or
# killed by its sandbox.
. "$T/lib.sh"
IMG=$DATA/sim/good.bin          # 9.0.21.1500, test key
MSGID_SUCCEEDED=f98eb7f495ed499ea10301dd315b6f9a	# daemon/log.h
need_installed
[ -f "$IMG" ] || fail "no $IMG (build/vm-data/sim: make userspace)"
wait_for /dev/mefw0 30 || fail "no /dev/mefw0"
expect_eq "fw_version before" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447

# mefwd runs (udev's SYSTEMD_WANTS at boot, or D-Bus activation now)
mefwctl status --daemon > /dev/null 2>&1 || fail "mefwctl status --daemon before the update"
pid=$(systemctl show -P MainPID mefwd.service)
[ "$pid" -gt 0 ] || fail "mefwd.service has no main PID"
# the image as a user would have it: a file mefwctl opens (mefwd gets the fd)
cp "$IMG" /tmp/good.bin
mefwctl update --yes /tmp/good.bin > /tmp/update.txt 2>&1
rc=$?
cat /tmp/update.txt
expect_eq "mefwctl update exit" "$rc" 0
grep -q 'succeeded' /tmp/update.txt || fail "no success line from mefwctl update"
expect_eq "mefwd's PID after the update (same process)" "$(systemctl show -P MainPID mefwd.service)" "$pid"
expect_eq "mefwd.service" "$(systemctl is-active mefwd.service)" active
expect_eq "mefwd.service restarts" "$(systemctl show -P NRestarts mefwd.service)" 0

wait_for /dev/mefw0 30 || fail "no /dev/mefw0 after the update"
expect_eq "fw_version after" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.21.1500
mefwctl status --daemon > /tmp/sd.txt 2>&1 || { cat /tmp/sd.txt; fail "mefwctl status --daemon"; }
grep -qxF "FW Version: 9.0.21.1500" /tmp/sd.txt || { cat /tmp/sd.txt; fail "status --daemon lacks 'FW Version: 9.0.21.1500'"; }
ok "status through mefwd: 9.0.21.1500"
set -- $(last_txn State AtBoot NewVersion)
expect_eq "history: state at-boot new-version" "$*" "succeeded false 9.0.21.1500"

journalctl -b -u mefwd.service --no-pager MESSAGE_ID=$MSGID_SUCCEEDED > /tmp/j.txt
cat /tmp/j.txt
grep -q '9.0.21.1500' /tmp/j.txt || fail "no 'update succeeded' journal entry (MESSAGE_ID=$MSGID_SUCCEEDED)"
ok "journal: update succeeded entry"
n=0
until [ "$(systemctl show -P StatusText mefwd.service)" = Idle ] || [ $n -ge 20 ]; do
	sleep 0.5
	n=$((n + 1))
done
expect_eq "mefwd STATUS= after the update" "$(systemctl show -P StatusText mefwd.service)" Idle
# a sandbox denial would show as a SIGSYS kill or an audit line
journalctl -b --no-pager -k | grep -i 'audit.*mefw\|seccomp' && fail "seccomp/audit events for mefw"
ok "no seccomp or audit events"
exit 0
