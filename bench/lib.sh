# bench/lib.sh - shared by the VM benchmarks (bench/update-bench.sh,
# bench/dbus-bench.sh): build, boot one benchmark case in the VM, keep its
# BENCH lines, and the awk functions their reports use.  Sourced after
# setting top (the source tree) and VM_DIR.

export VM_CASE_TIMEOUT="${VM_CASE_TIMEOUT:-1200}"

# bench_build TARGET...: make them, unless BENCH_NO_BUILD is set (make
# bench built them)
bench_build() {
	[ -n "${BENCH_NO_BUILD:-}" ] || make -C "$top" -s "$@"
}

# bench_vm NAME SCRIPT PATTERN: boot the VM with one case, the lines on
# stdin (the parameters, VAR=VALUE) followed by bench/vm/SCRIPT; its
# "BENCH ..." lines go to $VM_DIR/bench-NAME.txt, which must have a line
# matching PATTERN.  Exits 1 when the run or the figures fail.
bench_vm() {
	mkdir -p "$VM_DIR/cases"
	{ cat; cat "$top/bench/vm/$2"; } > "$VM_DIR/cases/bench-$1.sh"
	if ! "$top/tests/vm/run.sh" "$VM_DIR/cases/bench-$1.sh" > "$VM_DIR/bench-run.log" 2>&1; then
		cat "$VM_DIR/bench-run.log"
		echo "bench-$1: the VM run failed (see $VM_DIR/)" >&2
		exit 1
	fi
	grep '^BENCH ' "$VM_DIR/results.txt" > "$VM_DIR/bench-$1.txt" || true
	if ! grep -q "$3" "$VM_DIR/bench-$1.txt"; then
		cat "$VM_DIR/bench-run.log"
		echo "bench-$1: no figures in $VM_DIR/results.txt" >&2
		exit 1
	fi
}

# awk functions for "BENCH WHAT key=value ..." lines: kv(KEY) of the
# current line, median(ARR, N), list(ARR, N) (microseconds as ms)
BENCH_AWK='
function kv(k,   i, a) {
	for (i = 3; i <= NF; i++) { split($i, a, "="); if (a[1] == k) return a[2] }
	return ""
}
function median(arr, n,   i, j, t, s) {
	for (i = 1; i <= n; i++) s[i] = arr[i] + 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && s[j - 1] > s[j]; j--) { t = s[j]; s[j] = s[j - 1]; s[j - 1] = t }
	return n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
}
function list(arr, n,   i, s) {
	s = ""
	for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") sprintf("%.0f", arr[i] / 1000)
	return s
}
'
