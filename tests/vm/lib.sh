# Helpers for VM test cases (busybox sh).  Sourced: `. /tests/lib.sh`.
# A case exits 0 to pass, 77 to skip (last line says why), else fails.

MODDIR=/lib/mefw

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	echo "ok: $1 = '$3'"
}

# wait_for PATH [SECONDS]: wait until PATH exists
wait_for() {
	n=$(( ${2:-10} * 10 ))
	while [ ! -e "$1" ]; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		usleep 100000
	done
}

# wait_gone PATH [SECONDS]
wait_gone() {
	n=$(( ${2:-10} * 10 ))
	while [ -e "$1" ]; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		usleep 100000
	done
}

# sim_load [PARAM=VALUE...]: load mei-sim and wait for the ME to enumerate
sim_load() {
	insmod "$MODDIR/mei-sim.ko" "$@" || fail "insmod mei-sim $*"
	wait_for /sys/class/mei/mei0 10 || fail "mei0 did not appear"
	# enumeration done when dev_state reads ENABLED
	n=100
	while [ "$(cat /sys/class/mei/mei0/dev_state 2>/dev/null)" != ENABLED ]; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || fail "mei0 not ENABLED: $(cat /sys/class/mei/mei0/dev_state)"
		usleep 100000
	done
}

# mefw_load [PARAM=VALUE...]: load mefw and wait for /dev/mefw0
mefw_load() {
	insmod "$MODDIR/mefw.ko" "$@" || fail "insmod mefw $*"
	wait_for /dev/mefw0 10 || fail "/dev/mefw0 did not appear"
}

# mods_unload: unload mefw and mei-sim if loaded; fails the case if stuck
mods_unload() {
	if [ -d /sys/module/mefw ]; then
		rmmod mefw || fail "rmmod mefw"
	fi
	if [ -d /sys/module/mei_sim ]; then
		rmmod mei_sim || fail "rmmod mei_sim"
	fi
	wait_gone /sys/class/mei/mei0 10 || fail "mei0 still present"
}
