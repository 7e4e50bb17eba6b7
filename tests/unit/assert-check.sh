#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tests/assert.sh, the assertions of every shell test, can fail: each
# function run in a child shell gives the exit status and the last output
# line its contract says (tests/README.md), under sh (dash) and, when
# installed, busybox sh (the VMs' shell).  The checks here are plain
# shell, not the functions under test.
here=$(cd "$(dirname "$0")" && pwd)
lib=$here/../assert.sh
failed=0 passed=0

# check_shell SHELL: run every line of the table below in SHELL after
# sourcing the library: NAME|EXIT|LAST OUTPUT LINE|SCRIPT
check_shell() {
	while IFS='|' read -r name want_rc want_last script; do
		out=$($1 -c ". '$lib'; $script" 2>&1)
		rc=$?
		last=$(printf '%s\n' "$out" | tail -n 1)
		if [ "$rc" = "$want_rc" ] && [ "$last" = "$want_last" ]; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			echo "FAIL: $1: $name: exit $rc, last line '$last'; want exit $want_rc, '$want_last'"
		fi
	done <<'TABLE'
fail stops|1|FAIL: broken|fail broken; echo not reached
skip|77|why not|skip "why not"; echo not reached
ok prints|0|ok: fine|ok fine
ok silent|0||ok
expect_eq holds|0|ok: v = 'a'|expect_eq v a a
expect_eq differs|1|FAIL: v: got 'a', want 'b'|expect_eq v a b; echo not reached
expect_eq empty|1|FAIL: v: got '', want 'b'|expect_eq v "" b
expect_contains holds|0|ok: c|expect_contains c "^two$" "$(printf 'one\ntwo')"
expect_contains differs|1|FAIL: c: 'one' lacks 'two'|expect_contains c two one
expect_at_most holds|0|ok: x = 1.5 <= 1.5|expect_at_most x 1.5 1.5
expect_at_most above|1|FAIL: x: '1.6', want at most 1.5|expect_at_most x 1.6 1.5
expect_at_most empty|1|FAIL: x: '', want at most 1.5|expect_at_most x "" 1.5
expect_at_most not a number|1|FAIL: x: 'n/a', want at most 1.5|expect_at_most x n/a 1.5
counted: all pass|0|n: 2 passed, 0 failed|ok; ok x; checks_done n
counted: one bad|1|n: 1 passed, 1 failed|bad x; ok; checks_done n
go on: expect_* count|1|2 passed, 1 failed|ASSERT_GO_ON=1; expect_eq v a b; expect_eq v a a; expect_contains c a a; checks_done
go on: status|0|1|ASSERT_GO_ON=1; expect_eq v a b > /dev/null; echo $?
wait_for times out|0|1|wait_for /nonexistent/x 1; echo $?
wait_for present|0|0|wait_for / 1; echo $?
wait_gone times out|0|1|wait_gone / 1; echo $?
wait_until|0|0|wait_until 5 true; echo $?
wait_until times out|0|1|wait_until 2 false; echo $?
TABLE
}

check_shell sh
if command -v busybox > /dev/null; then
	check_shell "busybox sh"
fi
echo "assert-check: $passed passed, $failed failed"
[ "$failed" = 0 ]
