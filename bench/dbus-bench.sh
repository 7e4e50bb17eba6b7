#!/bin/sh
# D-Bus benchmark (`make bench`): in one VM run with the real
# system bus, an update through mefwctl -> mefwd -> mefw.ko against the
# direct ioctl updater mefw-flash (alternating rounds, medians, ratio;
# target <= 1.05; an image check through mefwd with its checker server
# and with one helper process per image), `mefwctl status --json --daemon`
# against a raw sysfs
# read (ratio), and mefwd's idle RSS (target < 4 MiB) and wakeups per
# second when idle (target 0).  Prints figures; fails only when the VM run
# or a step fails, never on a number.  See Documentation/testing.md.
#
#   bench/dbus-bench.sh              build (make modules userspace + timeit), run
#   BENCH_NO_BUILD=1 ...             skip the build (make bench did it)
#   BENCH_ROUNDS=N (7) BENCH_CALLS=N (40 per block, 5 blocks) BENCH_IDLE_S=N (10)
#   VM_DIR=DIR (build/vm-bench-dbus)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
export VM_DIR="${VM_DIR:-$top/build/vm-bench-dbus}"
. "$top/bench/lib.sh"

bench_build modules userspace "$top/build/bin/mefw-timeit"
echo "bench-dbus: booting the VM (system bus, udevd, journald, mefwd; QEMU TCG)"
bench_vm dbus dbus.sh '^BENCH idle when=after' <<EOF
ROUNDS=${BENCH_ROUNDS:-7}
CALLS=${BENCH_CALLS:-40}
IDLE_S=${BENCH_IDLE_S:-10}
EOF

awk "$BENCH_AWK"'
$2 == "info" { for (i = 3; i <= NF; i++) info = info " " $i }
$2 == "update" { s = kv("side"); u[s, ++nu[s]] = kv("us") }
$2 == "txn" { tx[++ntx] = kv("us") }
# timings by name: status sides (daemon, lib, raw) and parts
$2 == "status" || $2 == "part" {
	s = kv($2 == "part" ? "name" : "side"); c = split(kv("us"), v, ",")
	for (i = 1; i <= c; i++) st[s, ++ns[s]] = v[i]
}
$2 == "idle" {
	w = kv("when"); rss[w] = kv("rss_kib"); hwm[w] = kv("hwm_kib"); thr[w] = kv("threads")
	anon[w] = kv("anon_kib"); file[w] = kv("file_kib")
	ctx[w] = kv("ctxt"); secs[w] = kv("secs"); tot[w] = kv("ctxt_total")
}
END {
	printf "\n== update: same image, whole update (request to final state), %d rounds each ==\n", nu["mefwd"]
	for (i = 1; i <= nu["mefwd"]; i++) a[i] = u["mefwd", i]
	for (i = 1; i <= nu["direct"]; i++) b[i] = u["direct", i]
	ma = median(a, nu["mefwd"]); mb = median(b, nu["direct"])
	printf "  time (ms, per round)   mefwctl -> mefwd -> mefw.ko: %s\n", list(a, nu["mefwd"])
	printf "                         mefw-flash (direct ioctl):   %s\n", list(b, nu["direct"])
	printf "  median                 mefwd %.1f ms, direct %.1f ms\n", ma / 1000, mb / 1000
	printf "  ratio mefwd/direct     %.3f (target <= 1.05: %s)\n", ma / mb, (ma / mb <= 1.05 ? "met" : "NOT met")
	if (ntx) {
		mt = median(tx, ntx)
		printf "  inside mefwd           Created -> Finished of the same transactions: %s ms, median %.1f ms\n", list(tx, ntx), mt / 1000
		printf "                         (ratio to direct %.3f; the rest, %.1f ms: the start of mefwctl, the request\n", mt / mb, (ma - mt) / 1000
		printf "                         with the image copy and check in mefwd, the signals)\n"
	}
	for (k = 1; k <= 7; k++) {
		s = k == 1 ? "image-check" : k == 2 ? "mefwctl-start" : k == 3 ? "daemon" : k == 4 ? "lib" : \
			k == 5 ? "raw" : k == 6 ? "check-via-mefwd-server" : "check-via-mefwd-spawn"
		delete x
		for (i = 1; i <= ns[s]; i++) x[i] = st[s, i]
		med[s] = median(x, ns[s])
		if ((k <= 2 || k >= 6) && ns[s])
			printf "  %-22s %s ms, median %.1f ms\n", k == 1 ? "image check (own process)" : \
				k == 2 ? "and mefwctl --version" : k == 6 ? "check via mefwd, server" : \
				"check via mefwd, spawn", list(x, ns[s]), med[s] / 1000
	}
	if (ns["check-via-mefwd-server"] && ns["check-via-mefwd-spawn"])
		printf "  (a refused update: mefwctl + InspectImage + copy + check; server = one forked jailed\n" \
		       "   child of a pre-initialised checker per image, spawn = one exec per image)\n"

	printf "\n== status: one call, %d calls per side ==\n", ns["daemon"]
	printf "  mefwctl status --json --daemon (GetStatus via mefwd): median %.2f ms\n", med["daemon"] / 1000
	printf "  mefwctl status --json (sysfs through libmefw):        median %.2f ms\n", med["lib"] / 1000
	printf "  cat of every mefw0 sysfs attribute (raw read):        median %.2f ms\n", med["raw"] / 1000
	printf "  ratio daemon/raw       %.2f; daemon/mefwctl-sysfs %.2f\n", med["daemon"] / med["raw"], med["daemon"] / med["lib"]

	printf "\n== mefwd idle ==\n"
	for (k = 1; k <= 2; k++) {
		w = k == 1 ? "start" : "after-updates"
		printf "  %-14s VmRSS %d KiB (%.2f MiB; target < 4 MiB: %s) = anonymous %d + libraries (file + shmem) %d KiB; VmHWM %d KiB; %d thread(s)\n", \
			w, rss[w], rss[w] / 1024, (rss[w] < 4096 ? "met" : "NOT met"), anon[w], file[w], hwm[w], thr[w]
		printf "  %-14s wakeups %d context switches in %d s = %.2f/s (target 0: %s; %d since it started)\n", \
			"", ctx[w], secs[w], ctx[w] / secs[w], (ctx[w] == 0 ? "met" : "NOT met"), tot[w]
	}
	printf "\n  (%s )\n", info
}' "$VM_DIR/bench-dbus.txt"
echo
echo "bench-dbus: raw lines in $VM_DIR/bench-dbus.txt"
