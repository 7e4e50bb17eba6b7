# boots: 1
# Boot: a clean boot to multi-user.target; the
# simulated ME appears; udev applies 60-mefw.rules (mode and owner of
# /dev/mefw0); mefwd starts on demand (udev's SYSTEMD_WANTS at boot, D-Bus
# activation after a stop); `mefwctl status` works as root and as an
# unprivileged user, from sysfs and through mefwd.
. "$T/lib.sh"
failed=$(systemctl list-units --failed --plain --no-legend | awk '{print $1}' | tr '\n' ' ')
[ -z "$failed" ] || { systemctl --failed --no-pager; fail "failed units: $failed"; }
ok "clean boot: no failed units"
t=$(systemctl show -P ActiveEnterTimestampMonotonic multi-user.target)
echo "BOOT-TIME multi-user.target reached $((t / 1000000)).$((t / 100000 % 10)) s after the kernel started (TCG)"
expect_eq "multi-user.target" "$(systemctl is-active multi-user.target)" active
expect_eq "mefw-boottest-sim.service" "$(systemctl is-active mefw-boottest-sim.service)" active
wait_for /sys/class/mei/mei0 10 || fail "no /sys/class/mei/mei0"
ok "the simulated ME: mei0 fw_ver $(head -n 1 /sys/class/mei/mei0/fw_ver)"
need_installed

# the driver: mefw.ko from the installation, bound by udev (modalias)
wait_for /dev/mefw0 30 || fail "/dev/mefw0 did not appear (lsmod: $(lsmod | grep -E '^(mefw|mei)' | tr '\n' ' '))"
ok "mefw.ko: $(modinfo -n mefw) ($(cat /sys/module/mefw/srcversion 2>/dev/null))"
expect_eq "fw_version" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447

# udev: the rule's mode/owner/group, the systemd tag
rules=$(ls /lib/udev/rules.d/60-mefw.rules /usr/lib/udev/rules.d/60-mefw.rules 2>/dev/null | head -n 1)
[ -n "$rules" ] || fail "60-mefw.rules is not installed"
mode=$(sed -n 's/.*MODE="0*\([0-7]*\)".*/\1/p' "$rules" | head -n 1)
owner=$(sed -n 's/.*OWNER="\([^"]*\)".*/\1/p' "$rules" | head -n 1)
group=$(sed -n 's/.*GROUP="\([^"]*\)".*/\1/p' "$rules" | head -n 1)
ok "$rules: MODE=$mode OWNER=${owner:-root} GROUP=${group:-root}"
udevadm settle -t 30
expect_eq "/dev/mefw0 mode owner group" "$(stat -c '%a %U %G' /dev/mefw0)" "$mode ${owner:-root} ${group:-root}"
case $mode in 600|660) ;; *) fail "the rule's mode $mode is not 0600/0660" ;; esac
udevadm info -q property /dev/mefw0 > /tmp/udev.txt
grep -q '^TAGS=.*:systemd:' /tmp/udev.txt || { cat /tmp/udev.txt; fail "/dev/mefw0 is not tagged for systemd"; }
ok "udev: $(grep -E '^(TAGS|SYSTEMD_WANTS)=' /tmp/udev.txt | tr '\n' ' ')"
expect_eq "dev-mefw0.device" "$(systemctl is-active dev-mefw0.device)" active

# status from sysfs, as root and as nobody
mefwctl status > /tmp/st-root.txt 2>&1 || { cat /tmp/st-root.txt; fail "mefwctl status (root)"; }
grep -qxF "FW Version: 9.0.20.1447" /tmp/st-root.txt || { cat /tmp/st-root.txt; fail "mefwctl status (root): no 'FW Version: 9.0.20.1447'"; }
ok "mefwctl status as root"
run_as nobody mefwctl status > /tmp/st-user.txt 2>&1 || { cat /tmp/st-user.txt; fail "mefwctl status (nobody)"; }
grep -qxF "FW Version: 9.0.20.1447" /tmp/st-user.txt || { cat /tmp/st-user.txt; fail "mefwctl status (nobody): no 'FW Version: 9.0.20.1447'"; }
# the status registers come from sysfs for everyone; the firmware's
# identity needs /dev/mefw0 (root) or mefwd (below)
grep -v '^Note' /tmp/st-user.txt | grep -vxFf /tmp/st-root.txt > /tmp/st-diff.txt
[ -s /tmp/st-diff.txt ] &&
	{ diff /tmp/st-root.txt /tmp/st-user.txt; fail "mefwctl status as nobody has lines root's has not"; }
ok "mefwctl status as nobody ($(grep -c . /tmp/st-user.txt) lines; root: $(grep -c . /tmp/st-root.txt))"
grep -i 'note' /tmp/st-user.txt

# mefwd on demand
n=0
while [ "$(systemctl is-active mefwd.service)" != active ] && [ $n -lt 30 ]; do
	sleep 1
	n=$((n + 1))
done
expect_eq "mefwd.service at boot (started by udev's SYSTEMD_WANTS)" "$(systemctl is-active mefwd.service)" active
journalctl -b -u mefwd.service --no-pager | tail -n 5
systemctl stop mefwd.service
expect_eq "mefwd.service stopped" "$(systemctl is-active mefwd.service)" inactive
run_as nobody mefwctl status --daemon > /tmp/sd-user.txt 2>&1 || { cat /tmp/sd-user.txt; fail "mefwctl status --daemon (nobody)"; }
grep -q "9.0.20.1447" /tmp/sd-user.txt || { cat /tmp/sd-user.txt; fail "mefwctl status --daemon (nobody): no 9.0.20.1447"; }
expect_eq "mefwd.service after a D-Bus call by nobody (activation)" "$(systemctl is-active mefwd.service)" active
ok "mefwctl status --daemon as nobody"
mefwctl status --daemon > /tmp/sd-root.txt 2>&1 || { cat /tmp/sd-root.txt; fail "mefwctl status --daemon (root)"; }
grep -q "9.0.20.1447" /tmp/sd-root.txt || { cat /tmp/sd-root.txt; fail "mefwctl status --daemon (root): no 9.0.20.1447"; }
ok "mefwctl status --daemon as root"
exit 0
