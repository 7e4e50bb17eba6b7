#!/bin/sh
# Turn the VM's results and console logs into a verdict.
# Usage: report.sh MODE CONSOLE_LOG RESULTS_LOG QEMU_RC
set -u
mode=$1 console=$2 results=$3 qrc=$4
dir=$(dirname "$console")
cp "$console" "$dir/dmesg.log" 2>/dev/null || : > "$dir/dmesg.log"

# kernel log splats: any of these fails the run.  lockdep's reports start
# with "WARNING:" and KASAN's with "BUG: KASAN:"; the bare words "lockdep"
# and "use-after-free" also appear in the debug kernel's boot banner
# ("RCU lockdep checking is enabled.")
splat_re='WARNING:|BUG:|Oops|general protection fault|kernel BUG|INFO: task .* blocked for more than|possible circular locking|possible recursive locking|inconsistent lock state|refcount_t:|UBSAN:|KASAN:|Kernel panic|Call Trace:|list_add corruption|list_del corruption|slab-out-of-bounds|double free|stack-protector|BUG kmalloc|ODEBUG:'
# each splat line, prefixed with the case that was running
splats=$(awk -v re="$splat_re" '
	{ sub(/\r$/, "") }
	/mefw-vm: case / { c = $NF }
	$0 ~ re { print (c == "" ? "(boot)" : c) ": " $0 }' "$dir/dmesg.log")

if [ "$mode" = demo ]; then
	# run.sh already showed the output live
	if [ -n "$splats" ]; then
		echo "run.sh: kernel log has errors ($dir/dmesg.log):" >&2
		echo "$splats" | head -20 >&2
		exit 1
	fi
	grep -q '^rc=0' "$results" || exit 1
	exit 0
fi

pass=0 failn=0 skipn=0
cur= buf=$dir/case.out
: > "$buf"
tr -d '\r' < "$results" > "$dir/results.txt" 2>/dev/null || : > "$dir/results.txt"
# seconds per case (init.sh), for the time budget
: > "$dir/times.txt"
while IFS= read -r line; do
	case "$line" in
	"@@MEFW@@ BEGIN "*)
		cur=${line#@@MEFW@@ BEGIN }
		: > "$buf"
		;;
	"@@MEFW@@ END "*)
		rest=${line#@@MEFW@@ END }
		rc=${rest##* }
		name=${rest% *}
		# a splat while the case ran fails it (the debug kernel's
		# detectors: KASAN, lockdep, UBSAN, ODEBUG, list corruption)
		case_splats=$(printf '%s\n' "$splats" |
			awk -v n="$name: " 'index($0, n) == 1')
		if [ -n "$case_splats" ]; then
			case $rc in 0 | 77) rc=splat ;; esac
			echo "kernel log while the case ran:" >> "$buf"
			echo "$case_splats" | head -10 >> "$buf"
		fi
		if [ "$rc" = 0 ]; then
			echo "PASS $name"
			pass=$((pass + 1))
		elif [ "$rc" = 77 ]; then
			echo "SKIP $name: $(tail -n 1 "$buf")"
			skipn=$((skipn + 1))
		else
			[ "$rc" = 137 ] && echo "  (killed by the per-case timeout)" >> "$buf"
			if [ "$rc" = splat ]; then
				echo "FAIL $name (splat in the kernel log)"
			else
				echo "FAIL $name (exit $rc)"
			fi
			sed 's/^/  | /' "$buf"
			failn=$((failn + 1))
		fi
		cur=
		;;
	"@@MEFW@@ TIME "*)
		echo "${line#@@MEFW@@ TIME }" >> "$dir/times.txt"
		;;
	"@@MEFW@@ "*) ;;
	*) [ -n "$cur" ] && printf '%s\n' "$line" >> "$buf" ;;
	esac
done < "$dir/results.txt"

if [ -n "$cur" ]; then
	echo "FAIL $cur (did not finish: VM died or hung)"
	sed 's/^/  | /' "$buf"
	failn=$((failn + 1))
fi
if ! grep -q '^@@MEFW@@ DONE' "$dir/results.txt"; then
	echo "FAIL vm: the VM did not reach the end of the case list (qemu exit $qrc)"
	failn=$((failn + 1))
fi
if [ -n "$splats" ]; then
	echo "FAIL kernel-log: splat in $dir/dmesg.log:"
	echo "$splats" | head -30 | sed 's/^/  | /'
	failn=$((failn + 1))
fi
if [ -s "$dir/times.txt" ]; then
	echo "slowest cases: $(sort -k2,2nr "$dir/times.txt" | head -n 5 |
		awk '{ printf "%s%s %d s", (NR > 1 ? ", " : ""), $1, $2 }') (all: $dir/times.txt)"
fi
echo "$pass passed, $failn failed, $skipn skipped"
[ "$failn" = 0 ]
