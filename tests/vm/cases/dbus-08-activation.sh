#!/bin/sh
# The system bus starts mefwd on demand through our activation
# file (daemon/dbus/org.mefw1.service, Exec= pointed at /usr/bin/mefwd)
# and the setuid dbus-daemon-launch-helper; the activated daemon does not
# trust the test key (TrustTestKey false, test-key images refused).
# Devices follow hotplug through udev (sd-device monitor): rmmod mefw
# while mefwd runs drops mefw0 from ListDevices (the Device object goes or
# says Present false), insmod brings it back.
. /tests/lib.sh

need_images
M=org.mefw1.Manager

sim_load stage_ms=20
mefw_load poll_ms=20
bus_start --no-polkit
has_owner org.mefw1 && fail "org.mefw1 owned before any call"
busctl --system call org.mefw1 /org/mefw1 $M ListDevices > /tmp/l.out 2>&1 || fail "ListDevices: $(cat /tmp/l.out)"
cat /tmp/l.out
# the first answer of a freshly activated daemon is complete
grep -q '"mefw0" "9.0.20.1447" "/org/mefw1/device/mefw0"' /tmp/l.out ||
	bad "first ListDevices after activation: $(cat /tmp/l.out)"
busctl --system call org.mefw1 /org/mefw1 $M ListDevices > /tmp/l.out 2>&1
grep -q '"mefw0" "9.0.20.1447" "/org/mefw1/device/mefw0"' /tmp/l.out || fail "ListDevices: $(cat /tmp/l.out)"
pid=$(pidof mefwd) || fail "no mefwd process after activation"
echo "ok: activated mefwd, pid $pid"
expect_eq "TrustTestKey" "$(busctl --system get-property org.mefw1 /org/mefw1 $M TrustTestKey)" "b false"
[ -d /var/lib/mefw ] || fail "the activated mefwd has no state directory /var/lib/mefw"
mefwctl update --yes /data/sim/good.bin > /tmp/u.out 2>&1; rc=$?
cat /tmp/u.out
expect_eq "test-key image, activated mefwd: exit" "$rc" 3
expect_eq "firmware unchanged" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.0.20.1447

# hotplug: the idle daemon holds no device open
rmmod mefw || fail "rmmod mefw while mefwd is idle"
n=50
until busctl --system call org.mefw1 /org/mefw1 $M ListDevices | grep -q '^a(sso) 0$'; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "mefw0 still listed after rmmod: $(busctl --system call org.mefw1 /org/mefw1 $M ListDevices)"
	usleep 100000
done
echo "ok: mefw0 gone from ListDevices"
# the Device object goes, or stays with Present false
pr=$(busctl --system get-property org.mefw1 /org/mefw1/device/mefw0 org.mefw1.Device Present 2>/dev/null)
echo "Device.Present after rmmod: '$pr'"
[ -z "$pr" ] || [ "$pr" = "b false" ] || fail "Device.Present after rmmod: $pr"
mefw_load poll_ms=20
n=50
until busctl --system call org.mefw1 /org/mefw1 $M ListDevices | grep -q '"mefw0"'; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "mefw0 not listed after insmod"
	usleep 100000
done
expect_eq "Device.Present" "$(busctl --system get-property org.mefw1 /org/mefw1/device/mefw0 org.mefw1.Device Present)" "b true"
expect_eq "same daemon" "$(pidof mefwd)" "$pid"

kill -TERM "$pid"
n=100
while kill -0 "$pid" 2>/dev/null; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "activated mefwd ignores SIGTERM"
	usleep 100000
done
bus_stop
mods_unload
checks_done
exit 0
