#!/bin/sh
# The harness must be able to fail: run cases that pass, fail, skip, hang
# and write a fake kernel splat, and check the verdict it gives.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(VM_CASE_TIMEOUT=5 "$top/tests/vm/run.sh" "$top"/tests/vm/selftest/*.sh 2>&1)
rc=$?
bad=0
check() {
	if printf '%s\n' "$out" | grep -q -- "$1"; then
		echo "selftest: ok: $1"
	else
		echo "selftest: MISSING: $1"; bad=1
	fi
}
check '^PASS a-pass.sh$'
check '^FAIL b-fail.sh (exit 3)$'
check '^SKIP c-skip.sh: skipped on purpose$'
check '^FAIL d-hang.sh (exit 137)$'
check '^FAIL e-splat.sh (splat in the kernel log)$'
check '^FAIL kernel-log: splat'
check '^1 passed, 4 failed, 1 skipped$'
[ "$rc" = 1 ] || { echo "selftest: run.sh exited $rc, want 1"; bad=1; }
if [ "$bad" != 0 ]; then
	printf '%s\n' "$out" | sed 's/^/  | /'
	echo "selftest: the VM harness verdicts are wrong"
	exit 1
fi
echo "selftest: harness detects failures, skips, hangs and kernel splats"
