# SPDX-License-Identifier: GPL-2.0
# Shared by the host CLI tests (tests/unit/cli-*.sh): run mefwctl
# ($MEFWCTL, default build/bin/mefwctl) and check its output with the
# assertions of tests/assert.sh, counting (every difference is reported,
# `checks_done "$NAME"` ends the test).  Sourced after setting NAME (for
# the temporary directory and the summary line).
set -u
ASSERT_GO_ON=1
. "$here/../assert.sh"
M=${MEFWCTL:-$here/../../build/bin/mefwctl}
tmp=$(mktemp -d "/tmp/mefw-$NAME.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run NAME WANT_RC ARGS...: stdout in $tmp/out, stderr in $tmp/err
run() {
	name=$1 want=$2
	shift 2
	"$M" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		bad "$name: exit $rc, want $want"
		sed 's/^/  stderr: /' "$tmp/err"
		return 1
	fi
	ok
}

expect_err() { # NAME TEXT: stderr is exactly TEXT, stdout empty
	printf '%s\n' "$2" >"$tmp/want"
	if diff -u "$tmp/want" "$tmp/err" >"$tmp/diff" && [ ! -s "$tmp/out" ]
	then ok; else bad "$1: stderr differs"; cat "$tmp/diff"; fi
}

grep_out() { # NAME PATTERN
	if grep -q -- "$2" "$tmp/out"; then ok; else
		bad "$1: no '$2' in output"; sed 's/^/  out: /' "$tmp/out"; fi
}
