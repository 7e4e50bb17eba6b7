#!/bin/sh
# D-Bus benchmark, VM side (run by bench/dbus-bench.sh through
# tests/vm/run.sh; not a test of `make check`).  In one VM, with the real
# system bus, udevd, journald and mefwd:
#   update  ROUNDS alternating rounds of the same image pushed by
#           `mefwctl update` (-> mefwd -> mefw.ko) and by mefw-flash (the
#           direct ioctl updater), whole update: request to final state
#   status  CALLS x `mefwctl status --json --daemon` (GetStatus via mefwd)
#           against a raw sysfs read (cat of every mefw0 attribute) and
#           `mefwctl status --json` (sysfs through libmefw), in
#           alternating blocks
#   idle    mefwd's VmRSS/VmHWM, and its context switches (voluntary +
#           nonvoluntary, all threads) over IDLE_S seconds, after start
#           and after the updates
# One "BENCH ..." line per figure; the host script takes the medians.
# Fails only when something does not run.
. /tests/lib.sh

ROUNDS=${ROUNDS:-7}
CALLS=${CALLS:-40}
BLOCKS=${BLOCKS:-5}
IDLE_S=${IDLE_S:-10}
IMG=/data/sim/good.bin
export MEFWD_STATE=/var/lib/mefw-bench

[ -f $IMG ] || skip "no /data/sim images (build/vm-data)"
command -v mefw-timeit > /dev/null || fail "no mefw-timeit (make bench builds it)"
[ -x /usr/bin/mefwd ] || fail "no mefwd"

sim_load stage_ms=0
mefw_load
bus_start --no-polkit
mefwd_start
echo "BENCH info image_bytes=$(wc -c < $IMG) kernel=$(uname -r)"

# threads' context switches of PID, summed
ctxt() {
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}
idle() {
	sleep 2
	c0=$(ctxt "$MEFWD_PID")
	sleep "$IDLE_S"
	c1=$(ctxt "$MEFWD_PID")
	# "VmRSS:\t    1234 kB"
	rss=$(awk '$1 == "VmRSS:" { print $2 }' /proc/"$MEFWD_PID"/status)
	hwm=$(awk '$1 == "VmHWM:" { print $2 }' /proc/"$MEFWD_PID"/status)
	anon=$(awk '$1 == "RssAnon:" { print $2 }' /proc/"$MEFWD_PID"/status)
	# libraries: file pages, or shmem ones when they live in the initramfs
	file=$(awk '$1 == "RssFile:" || $1 == "RssShmem:" { s += $2 } END { print s }' /proc/"$MEFWD_PID"/status)
	thr=$(awk '$1 == "Threads:" { print $2 }' /proc/"$MEFWD_PID"/status)
	echo "BENCH idle when=$1 rss_kib=$rss hwm_kib=$hwm anon_kib=$anon file_kib=$file threads=$thr ctxt=$((c1 - c0)) ctxt_total=$c1 secs=$IDLE_S"
}
idle start

# the device is back (the ME resets after an update) and mefwd lists it
settle() {
	wait_for /dev/mefw0 10 || fail "no /dev/mefw0"
	n=100
	until busctl --system call org.mefw1 /org/mefw1 org.mefw1.Manager ListDevices 2>/dev/null |
		grep -q '"mefw0" "9'; do
		n=$((n - 1)); [ $n -gt 0 ] || fail "mefwd does not list mefw0"
		usleep 50000
	done
	# let the simulator's reset and re-enumeration finish
	sleep 0.3
}
run_daemon() {
	: > /tmp/t
	mefw-timeit -o /tmp/t mefwctl update --yes --allow-same-version $IMG > /tmp/u.out 2>&1 ||
		{ cat /tmp/u.out; fail "mefwctl update failed"; }
	echo "BENCH update side=mefwd us=$(cat /tmp/t)"
	settle
}
run_direct() {
	: > /tmp/t
	mefw-timeit -o /tmp/t mefw-flash --quiet --allow-same-version $IMG > /tmp/u.out 2>&1 ||
		{ cat /tmp/u.out; fail "mefw-flash failed"; }
	echo "BENCH update side=direct us=$(cat /tmp/t)"
	settle
}
# a warm-up of each, not counted
run_daemon > /dev/null
run_direct > /dev/null
r=1
while [ $r -le "$ROUNDS" ]; do
	if [ $((r % 2)) = 1 ]; then run_daemon; run_direct; else run_direct; run_daemon; fi
	r=$((r + 1))
done

# inside mefwd: Created -> Finished of each timed transaction (the rest
# of the mefwd side is mefwctl's start, the request with mefwd's image
# copy and check, and the signals); the warm-up is the oldest, left out
mefwctl history --json > /tmp/h.json || fail "history --json"
json_flat < /tmp/h.json | awk -F= -v n="$ROUNDS" '
	/\.created=/ { split($1, a, /[][]/); c[a[2]] = $2 }
	/\.finished=/ { split($1, a, /[][]/); f[a[2]] = $2 }
	END { for (i = 0; i < n; i++) printf "BENCH txn side=inside-mefwd us=%d\n", f[i] - c[i] }'

# timed LINE N CMD...: CMD N times; "BENCH LINE us=T1,T2,..." (microseconds)
timed() {
	line=$1 n=$2
	shift 2
	: > /tmp/t
	mefw-timeit -q -n "$n" -o /tmp/t "$@" || fail "$* failed"
	echo "BENCH $line us=$(tr '\n' ',' < /tmp/t | sed 's/,$//')"
}

# part of the rest: one image check by a mefwd-verify process of its own
# (exec + dynamic link + jail + check; its reply to /dev/null: the jail
# forbids writing regular files), and mefwctl's start alone
timed "part name=image-check" "$ROUNDS" sh -c "mefwd-verify --trust-test-key < $IMG > /dev/null"
timed "part name=mefwctl-start" "$ROUNDS" mefwctl --version
# an image check through mefwd alone: a damaged image (refused after the
# check, nothing queued), as mefwd runs checks here (its own checker
# server: one forked jailed child per image); the same with one helper
# process per image (--verify-helper) comes at the end
BAD=/data/sim/badsig.bin
check_via_mefwd() {
	timed "part name=check-via-mefwd-$1" "$ROUNDS" sh -c \
		"! mefwctl update --yes --allow-same-version $BAD > /tmp/c.out 2>&1 && grep -q integrity /tmp/c.out"
}
check_via_mefwd server

# status: the readable mefw0 attributes
files=
for f in /sys/class/mefw/mefw0/*; do
	[ -f "$f" ] && cat "$f" > /dev/null 2>&1 && files="$files $f"
done
echo "BENCH info sysfs_files=$(echo $files | wc -w)"
b=1
while [ $b -le "$BLOCKS" ]; do
	timed "status side=daemon" "$CALLS" mefwctl status --json --daemon
	# shellcheck disable=SC2086
	timed "status side=raw" "$CALLS" cat $files
	timed "status side=lib" "$CALLS" mefwctl status --json
	b=$((b + 1))
done

idle after-updates
mefwd_stop || fail "mefwd exit status $?"
mefwd_start --verify-helper /usr/bin/mefwd-verify
check_via_mefwd spawn
mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
