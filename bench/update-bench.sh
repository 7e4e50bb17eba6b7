#!/bin/sh
# Update benchmark (`make bench`): time to push a 1.5 MiB image
# through /dev/mefw0 (mefw.ko, mefw-flash) against the transport's floor,
# fwu-raw speaking START/DATA/END to the same simulator over /dev/mei0,
# in one VM run, BENCH_ROUNDS alternating rounds per MTU; medians, their ratio,
# and the link efficiency (payload bytes / bytes on the wire, counted by
# mei-sim's debugfs "wire" file).  Prints figures; fails only when the VM
# run or an update fails, never on a number.  See Documentation/testing.md,
# "Benchmarks".
#
#   bench/update-bench.sh            build (make modules userspace), run
#   BENCH_NO_BUILD=1 ...             skip the build (make bench did it)
#   BENCH_ROUNDS=N BENCH_MTUS="512 4096" VM_DIR=DIR   (defaults shown below)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${BENCH_ROUNDS:-11}
mtus=${BENCH_MTUS:-512 4096}
export VM_DIR="${VM_DIR:-$top/build/vm-bench}"
. "$top/bench/lib.sh"

bench_build modules userspace
echo "bench-update: booting the VM ($rounds alternating rounds per MTU: $mtus; QEMU TCG)"
bench_vm update update.sh '^BENCH ' <<EOF
ROUNDS=$rounds
MTUS='$mtus'
EOF

awk -v mtus="$mtus" "$BENCH_AWK"'
# bytes of one message of len bytes: 32-bit slots, a 4-byte mei header per
# fragment of at most 508 bytes (the 128-slot host buffer less the header)
function msg(len) { return int((len + 3) / 4) * 4 + 4 * (len > 508 ? int((len + 507) / 508) : 1) }
# a request, its reply and the two flow-control messages (4 + 8 bytes each)
function xchg(req, rep) { return msg(req) + msg(rep) + 2 * (4 + 8) }
function lo(arr, n,   i, v) {
	v = arr[1] + 0
	for (i = 2; i <= n; i++) if (arr[i] + 0 < v) v = arr[i] + 0
	return v
}
{
	side = $2; m = kv("mtu")
	k = side SUBSEP m
	n[k]++
	us[k, n[k]] = kv("us")
	pay[k] = kv("payload")
	fw[k, n[k]] = kv("fwu_wire")
	ln[k, n[k]] = kv("link_wire")
}
END {
	nms = split(mtus, ms, " ")
	for (x = 1; x <= nms; x++) {
		m = ms[x]; r = "raw" SUBSEP m; f = "mefw" SUBSEP m
		if (!n[r] || !n[f]) continue
		for (i = 1; i <= n[r]; i++) { a[i] = us[r, i]; fr[i] = fw[r, i]; lr[i] = ln[r, i] }
		for (i = 1; i <= n[f]; i++) { b[i] = us[f, i]; ff[i] = fw[f, i]; lf[i] = ln[f, i] }
		mr = median(a, n[r]); mf = median(b, n[f])
		wr = median(fr, n[r]); wf = median(ff, n[f])
		xr = median(lr, n[r]); xf = median(lf, n[f])
		p = pay[r]
		printf "\n== MTU %d: %d-byte image, %d-byte DATA payload, %d rounds each ==\n", m, p, m - 12, n[r]
		printf "  time (ms, per round)  baseline fwu-raw /dev/mei0: %s\n", list(a, n[r])
		printf "                        mefw.ko /dev/mefw0:         %s\n", list(b, n[f])
		printf "  median transfer       baseline %.1f ms (%.2f MB/s), mefw %.1f ms (%.2f MB/s)\n", \
			mr / 1000, p / mr, mf / 1000, p / mf
		printf "  ratio mefw/baseline   %.3f (target <= 1.05: %s); best rounds %.1f / %.1f ms = %.3f\n", \
			mf / mr, (mf / mr <= 1.05 ? "met" : "NOT met"), lo(b, n[f]) / 1000, lo(a, n[r]) / 1000, lo(b, n[f]) / lo(a, n[r])
		printf "  link efficiency       payload / wire bytes of the FWU connection (data + its flow control)\n"
		printf "                        baseline %d / %d = %.2f%%, mefw %d / %d = %.2f%% (target >= 97%%: %s)\n", \
			p, wr, 100 * p / wr, p, wf, 100 * p / wf, (100 * p / wf >= 97 ? "met" : "NOT met")
		printf "  whole link, same window  baseline %d bytes (%.2f%%), mefw %d bytes (%.2f%%)\n", \
			xr, 100 * p / xr, xf, 100 * p / xf
		# the per-DATA arithmetic: request in fragments of <= 508 bytes
		# (128-slot host buffer), 8-byte reply, two flow-control messages
		c = m - 12; frags = int((m + 507) / 508)
		per = m + 4 * frags + (4 + 8) + 2 * (4 + 8)
		printf "  per DATA message      %d payload; wire %d = request %d + %d mei header(s) x 4 + reply 4+8 + 2 flow control x (4+8)\n", \
			c, per, m, frags
		printf "                        => %.2f%% at best; even without replies and flow control %d/%d = %.2f%%\n", \
			100 * c / per, c, m + 4 * frags, 100 * c / (m + 4 * frags)
		# the whole baseline window, modelled message by message
		nfull = int(p / c); last = p - nfull * c
		model = nfull * xchg(m, 8) + (last ? xchg(last + 12, 8) : 0) + \
			xchg(86, 24) + xchg(4, 28) + 12
		printf "  check                 baseline modelled START + %d DATA + END + the first credit at connect = %d bytes, counted %d\n", \
			nfull + (last > 0), model, wr
		if (100 * c / per < 97)
			printf "                        => 97%% is not reachable at MTU %d with this protocol: %d bytes of overhead per %d payload bytes (12-byte DATA header, %d x 4-byte mei header, 12-byte reply, 24 bytes of flow control); 97%% allows %.1f\n", \
				m, per - c, c, frags, c * 3 / 97
	}
}' "$VM_DIR/bench-update.txt"
echo
echo "bench-update: raw lines in $VM_DIR/bench-update.txt; wire = 32-bit slots moved (mei-sim debugfs wire)"
