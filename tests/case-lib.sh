# Helpers every VM test case uses, in the busybox VM (tests/vm/lib.sh) and
# in the systemd boot world (tests/boot/lib.sh) alike; sourced by those.
# A case exits 0 to pass, 77 to skip (last line says why), else fails.

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

ok() {
	echo "ok: $*"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	ok "$1 = '$3'"
}

# wait_for PATH [SECONDS]: wait until PATH exists
wait_for() {
	n=$(( ${2:-10} * 10 ))
	while [ ! -e "$1" ]; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# wait_gone PATH [SECONDS]
wait_gone() {
	n=$(( ${2:-10} * 10 ))
	while [ -e "$1" ]; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}
