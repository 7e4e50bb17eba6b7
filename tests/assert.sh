# SPDX-License-Identifier: GPL-2.0
# tests/assert.sh - the assertions of every shell test (one vocabulary for
# the VM cases, the boot cases, the host CLI tests and the install tests).
# Sourced by tests/vm/lib.sh, tests/boot/lib.sh, tests/unit/cli-lib.sh,
# tests/install/lib.sh and tests/unit/daemon/bus-smoke.sh.  POSIX sh: it
# runs under busybox ash in the VMs and dash on the host.
#
# A test exits 0 to pass, 77 to skip (its last line says why), anything
# else to fail.
#
#   fail MSG              "FAIL: MSG" and exit 1: the test stops
#   skip MSG              MSG as the last line and exit 77
#   ok [MSG]              count a check that passed ("ok: MSG" when given)
#   bad MSG               count a check that failed ("FAIL: MSG"), go on
#   checks_done [NAME]    "NAME: P passed, F failed"; fails the test if
#                         any check failed (bad); the last line of a test
#                         that counts
#   expect_eq WHAT GOT WANT
#   expect_contains WHAT PATTERN TEXT   a line of TEXT matches PATTERN
#                         (grep basic regular expression)
#   expect_at_most WHAT GOT LIMIT       GOT is a decimal number <= LIMIT
#   wait_for PATH [SECS]  until PATH exists (default 10 s); 1 on timeout
#   wait_gone PATH [SECS] until PATH is gone (default 10 s); 1 on timeout
#   wait_until TENTHS CMD...  CMD every 0.1 s until it succeeds, at most
#                         TENTHS times; 1 on timeout
#
# expect_eq and expect_contains stop the test at the first difference
# (fail); a test that sets ASSERT_GO_ON=1 has them count it (bad) and
# return 1 instead, so that one run reports every difference.

ASSERT_PASSED=0
ASSERT_FAILED=0
ASSERT_GO_ON=${ASSERT_GO_ON:-}

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

ok() {
	ASSERT_PASSED=$((ASSERT_PASSED + 1))
	[ $# -eq 0 ] || echo "ok: $*"
}

bad() {
	ASSERT_FAILED=$((ASSERT_FAILED + 1))
	echo "FAIL: $*"
}

checks_done() {
	echo "${1:+$1: }$ASSERT_PASSED passed, $ASSERT_FAILED failed"
	[ "$ASSERT_FAILED" -eq 0 ] || exit 1
}

# _differs MSG: a failed expectation, by the test's choice of style
_differs() {
	[ -n "$ASSERT_GO_ON" ] || fail "$*"
	bad "$*"
	return 1
}

expect_eq() {
	[ "$2" = "$3" ] || { _differs "$1: got '$2', want '$3'"; return 1; }
	ok "$1 = '$3'"
}

expect_contains() {
	printf '%s\n' "$3" | grep -q -- "$2" ||
		{ _differs "$1: '$3' lacks '$2'"; return 1; }
	ok "$1"
}

expect_at_most() {
	awk -v x="$2" -v m="$3" 'BEGIN { exit !(x ~ /^[0-9]+(\.[0-9]+)?$/ && x + 0 <= m + 0) }' ||
		{ _differs "$1: '$2', want at most $3"; return 1; }
	ok "$1 = $2 <= $3"
}

wait_until() {
	_wu_n=$1
	shift
	until "$@"; do
		_wu_n=$((_wu_n - 1))
		[ "$_wu_n" -gt 0 ] || return 1
		sleep 0.1
	done
}

wait_for() {
	wait_until $(( ${2:-10} * 10 )) test -e "$1"
}

wait_gone() {
	wait_until $(( ${2:-10} * 10 )) test ! -e "$1"
}
