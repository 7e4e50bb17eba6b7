#!/bin/sh
# The harness must be able to fail: run cases that pass, fail, skip, hang
# and write a fake kernel splat, and cases whose assertions (tests/
# assert.sh under busybox) hold, do not hold, or count a failure, and
# check the verdict it gives.
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
check '^FAIL f-expect.sh (exit 1)$'
check "^  | FAIL: a wrong value: got 'no', want 'yes'$"
check '^FAIL g-counted.sh (exit 1)$'
check '^  | counted: 1 passed, 1 failed$'
check '^FAIL kernel-log: splat'
check '^1 passed, 6 failed, 1 skipped$'
[ "$rc" = 1 ] || { echo "selftest: run.sh exited $rc, want 1"; bad=1; }
# kmemleak.sh (debug kernel) keeps the leaks allocated through mefw,
# mei_sim or an unloaded module's address, and drops the others
leaks=$("$top/tests/vm/kmemleak.sh" --filter <<'EOF'
unreferenced object 0xffff888003e1c000 (size 64):
  comm "dbus-daemon", pid 120, jiffies 4294900000 (age 30.000s)
  hex dump (first 32 bytes):
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
  backtrace:
    [<000000004f1c2a1b>] __kmalloc+0x40/0x90
    [<00000000d2a61b3e>] sock_alloc_send_pskb+0x10/0x20
unreferenced object 0xffff888003e1d000 (size 192):
  comm "insmod", pid 130, jiffies 4294901000 (age 20.000s)
  backtrace:
    [<000000004f1c2a1b>] kmalloc_trace+0x26/0x60
    [<000000006a3e51c0>] mefw_probe+0x33/0x400 [mefw]
unreferenced object 0xffff888003e1e000 (size 32):
  comm "sh", pid 131, jiffies 4294902000 (age 10.000s)
  backtrace:
    [<000000004f1c2a1b>] kmalloc_trace+0x26/0x60
    [<0000000091b2c3d4>] 0xffffffffc0123456
unreferenced object 0xffff888003e1f000 (size 96):
  comm "kworker/0:1", pid 12, jiffies 4294903000 (age 8.000s)
  backtrace:
    [<000000004f1c2a1b>] kmalloc_trace+0x26/0x60
    [<00000000aa3e51c0>] mei_cl_alloc_cb+0x20/0x90 [mei]
    [<00000000bb3e51c0>] sim_hbm_reply+0x44/0x100 [mei_sim]
EOF
)
got=$(printf '%s\n' "$leaks" | sed -n 's/^unreferenced object \(0x[0-9a-f]*\).*/\1/p' | tr '\n' ' ')
if [ "$got" = "0xffff888003e1d000 0xffff888003e1e000 0xffff888003e1f000 " ]; then
	echo "selftest: ok: kmemleak.sh keeps the leaks of mefw, mei_sim, unloaded modules"
else
	echo "selftest: kmemleak.sh --filter kept: '$got'"; bad=1
fi
if [ "$bad" != 0 ]; then
	printf '%s\n' "$out" | sed 's/^/  | /'
	echo "selftest: the VM harness verdicts are wrong"
	exit 1
fi
echo "selftest: harness detects failures, skips, hangs, kernel splats and leaks"
