#!/bin/sh
# Update benchmark, VM side (run by bench/update-bench.sh through
# tests/vm/run.sh; not a test of `make check`).  For each MTU, ROUNDS
# alternating rounds push the same 1.5 MiB image into a freshly loaded
# mei-sim (stage_ms=0: zero flash delay):
#   raw   fwu-raw over /dev/mei0 (mefw.ko not loaded): START..END reply
#   mefw  mefw-flash through /dev/mefw0: BEGIN..END reply
# and print one "BENCH" line per run with the time and the wire bytes
# (mei-sim debugfs "wire" before and after).  The host script takes the
# medians.  Fails only when an update itself fails.
. /tests/lib.sh

ROUNDS=${ROUNDS:-5}
MTUS=${MTUS:-512 4096}
SIZE=1572864
IMG=/tmp/bench.bin
W=/sys/kernel/debug/mei-sim/wire

[ -f /data/sim/good.bin ] || skip "no /data/sim images (build/vm-data)"
# a synthetic ME 9 region (test key, 9.0.21.1500) padded to 1.5 MiB
cp /data/sim/good.bin $IMG
have=$(wc -c < $IMG)
dd if=/dev/zero bs=4096 count=$(( (SIZE - have) / 4096 )) 2>/dev/null >> $IMG
expect_eq "image size" "$(wc -c < $IMG)" $SIZE

# field LINE-NAME FIELD < wire file
field() {
	awk -v n="$1" -v f="$2" '$1 == n { for (i = 2; i < NF; i += 2)
		if ($i == f) print $(i + 1) }'
}

# wire_delta BEFORE AFTER LINE-NAME: bytes in both directions, difference
wire_delta() {
	b=$(( $(field "$3" h2f_bytes < "$1") + $(field "$3" f2h_bytes < "$1") ))
	a=$(( $(field "$3" h2f_bytes < "$2") + $(field "$3" f2h_bytes < "$2") ))
	echo $((a - b))
}

run_raw() {
	sim_load stage_ms=0 mtu="$1"
	cat $W > /tmp/w0
	fwu-raw -T -P $IMG > /tmp/raw.out; rc=$?
	cat $W > /tmp/w1
	[ $rc = 0 ] || { cat /tmp/raw.out; fail "fwu-raw exit $rc"; }
	us=$(sed -n 's/^time: transfer_us \([0-9]*\) .*/\1/p' /tmp/raw.out)
	bytes=$(sed -n 's/^time: transfer_us [0-9]* bytes \([0-9]*\) .*/\1/p' /tmp/raw.out)
	echo "BENCH raw mtu=$1 us=$us payload=$bytes fwu_wire=$(wire_delta /tmp/w0 /tmp/w1 fwu) link_wire=$(wire_delta /tmp/w0 /tmp/w1 link)"
	# let the engine (stage_ms=0) and the ME reset finish before unloading
	n=50
	until grep -q '^update  *idle\|^update  *wait-reset' /sys/kernel/debug/mei-sim/state &&
		[ "$(cat /sys/class/mei/mei0/dev_state 2>/dev/null)" = ENABLED ]; do
		n=$((n - 1)); [ $n -gt 0 ] || break
		usleep 100000
	done
	mods_unload
}

run_mefw() {
	sim_load stage_ms=0 mtu="$1"
	mefw_load
	mefw-flash --quiet --timing --wire $W $IMG > /tmp/mefw.out; rc=$?
	[ $rc = 0 ] || { cat /tmp/mefw.out; fail "mefw-flash exit $rc"; }
	grep '^wire-before: ' /tmp/mefw.out | sed 's/^wire-before: //' > /tmp/w0
	grep '^wire-after: ' /tmp/mefw.out | sed 's/^wire-after: //' > /tmp/w1
	us=$(sed -n 's/^time: transfer_us \([0-9]*\) .*/\1/p' /tmp/mefw.out)
	bytes=$(sed -n 's/^time: transfer_us [0-9]* bytes \([0-9]*\)$/\1/p' /tmp/mefw.out)
	echo "BENCH mefw mtu=$1 us=$us payload=$bytes fwu_wire=$(wire_delta /tmp/w0 /tmp/w1 fwu) link_wire=$(wire_delta /tmp/w0 /tmp/w1 link)"
	mods_unload
}

for mtu in $MTUS; do
	r=0
	while [ $r -lt "$ROUNDS" ]; do
		# alternate which side goes first
		if [ $((r % 2)) = 0 ]; then
			run_raw "$mtu"; run_mefw "$mtu"
		else
			run_mefw "$mtu"; run_raw "$mtu"
		fi
		r=$((r + 1))
	done
done
exit 0
