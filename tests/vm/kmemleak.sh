#!/bin/sh
# In the test VM after each case, on a kernel with kmemleak (the debug
# kernel): scan, print every suspected leak whose allocation backtrace
# passes through mefw or mei-sim, forget the reported objects.  An address
# that no longer resolves to a symbol lies in an unloaded module: only
# mefw and mei_sim are unloaded between cases, so it counts as ours.
# kmemleak reports an object only once it is 5 s old: a leak in a case's
# last seconds shows up after the next case (init.sh scans once more at
# the end).
# `kmemleak.sh --filter`: only keep our reports of the kmemleak output on
# stdin (tests/vm/selftest.sh checks the filter on the host).
# Exit status: 0 no leak of ours (or no kmemleak), 1 leaks printed.

# the reports (blocks from "unreferenced object") with a frame of ours
ours_only() {
	awk '
	/^unreferenced object/ { if (keep) print obj; obj = $0; keep = 0; next }
	{ obj = obj "\n" $0 }
	/\[(mefw|mei_sim)\]$/ || / 0x[0-9a-f]+$/ { keep = 1 }
	END { if (keep) print obj }'
}

if [ "${1:-}" = --filter ]; then
	ours_only
	exit 0
fi
k=/sys/kernel/debug/kmemleak
[ -w $k ] || exit 0
echo scan > $k
reports=$(cat $k)
echo clear > $k
[ -n "$reports" ] || exit 0
ours=$(echo "$reports" | ours_only)
[ -n "$ours" ] || exit 0
echo "kmemleak: memory allocated through mefw or mei-sim leaked:"
echo "$ours"
exit 1
