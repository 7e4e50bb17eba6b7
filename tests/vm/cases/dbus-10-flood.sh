#!/bin/sh
# Unprivileged callers cannot slow, starve or fail a root update.
#
# 1. mefw.ko alone: while an update transfers (mefw-flash, paused between
#    DATA messages), root hammers the identity ioctl and everyone the
#    identity-based sysfs attributes.  The ioctl answers EBUSY, sysfs
#    answers from the cache, and no request reaches the ME between START
#    and END (the simulator's "interleaved" counter stays where it was).
# 2. mefwd: alice floods GetStatus and InspectImage (three processes,
#    each with many calls in flight, images of 512 KiB and 16 MiB and
#    the two CSME 11 padding bombs of build/vm-data/sim) while
#    root updates through mefwd.  Root's InspectImage and RequestUpdate
#    are accepted (not Busy), the update succeeds, nothing reaches the ME
#    between START and END, and mefwd's thread count and RSS stay under
#    their bounds.  alice's flood is answered (some GetStatus succeed,
#    the rest get Busy or LimitsExceeded, never anything else).
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-10
dbg=/sys/kernel/debug/mei-sim
sys=/sys/class/mefw/mefw0
# mefwd's bounds under the flood: threads (the loop, at most 4 status
# reads and 4 image checks, a refresh and the worker per device) and
# resident memory (kB; images are checked by a helper process, not in
# mefwd's memory)
MAX_THREADS=16
MAX_RSS_KB=$((64 * 1024))

interleaved() { sed -n 's/^interleaved *//p' $dbg/state; }

sim_load stage_ms=20 mtu=256
mefw_load poll_ms=20
cat $sys/fw_version > /dev/null || fail "no identity cached before the update"

# ---- 1. the driver ----
before=$(interleaved)
mefw-flash --chunk 4096 --pause-after 65536:3000 /data/sim/good.bin > /tmp/f.out 2>&1 &
pf=$!
n=100
until grep -q '^pause:' /tmp/f.out; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "mefw-flash did not pause: $(cat /tmp/f.out)"
	usleep 50000
done
expect_eq "update_state while paused" "$(cat $sys/update_state)" transferring
mefw-ioctl-test identity > /tmp/id.out
[ "$(cat /tmp/id.out)" = error=EBUSY ] ||
	bad "identity ioctl during the transfer: $(head -n 3 /tmp/id.out | tr '\n' ' ')"
for k in 1 2 3; do
	( while [ -e /tmp/f.out ] && ! grep -q '^result:' /tmp/f.out; do
		mefw-ioctl-test identity > /dev/null 2>&1
		cat $sys/fw_version $sys/family $sys/protocol $sys/current_state > /dev/null 2>&1
	done ) &
done
as_user alice cat $sys/fw_version > /tmp/v.out 2>&1 || fail "alice: fw_version during the transfer: $(cat /tmp/v.out)"
expect_eq "fw_version during the transfer (cache)" "$(cat /tmp/v.out)" 9.0.20.1447
wait $pf || fail "mefw-flash: $(cat /tmp/f.out)"
wait
k=$(( $(interleaved) - before ))
echo "requests between START and END (driver): $k"
[ "$k" = 0 ] || bad "$k requests reached the ME between START and END (driver)"
wait_version 9.0.21.1500

# ---- 2. mefwd under alice's flood ----
bus_start
mefwd_start
cp /data/sim/good.bin /tmp/g.bin
cp /data/sim/good2.bin /tmp/g2.bin
cp /data/sim/bomb.bin /data/sim/sbomb.bin /tmp/
# the largest image mefwd takes: 16 MiB
dd if=/dev/zero of=/tmp/big.bin bs=1M count=16 2> /dev/null
dd if=/data/sim/good.bin of=/tmp/big.bin conv=notrunc 2> /dev/null
chmod 644 /tmp/g.bin /tmp/g2.bin /tmp/big.bin /tmp/bomb.bin /tmp/sbomb.bin
: > /tmp/flooding
fpids=
for k in 1 2 3; do
	as_user alice mefwd-flood --while /tmp/flooding --status 24 --inspect 6 \
		/tmp/big.bin /tmp/g.bin /tmp/bomb.bin /tmp/sbomb.bin /tmp/big.bin \
		> /tmp/flood.$k 2>&1 &
	fpids="$fpids $!"
done
# the flood is on: mefwd is reading images for alice
n=100
until [ "$(ls /proc/$MEFWD_PID/task | wc -l)" -gt 2 ]; do
	n=$((n - 1)); [ $n -gt 0 ] || fail "the flood did not start"
	usleep 50000
done
before=$(interleaved)
mefwctl update --yes --no-wait --allow-same-version /tmp/g2.bin > /tmp/r.out 2>&1 || {
	rm -f /tmp/flooding
	mefwd_diag
	fail "root's update during the flood was not accepted: $(cat /tmp/r.out)"
}
cat /tmp/r.out
id=$(txn_id /tmp/r.out)
[ -n "$id" ] || fail "no transaction id: $(cat /tmp/r.out)"
threads=0 rss=0
end=$(( $(uptime_ms) + 120000 ))
while [ "$(uptime_ms)" -lt "$end" ]; do
	st=$(txn_prop "$id" State)
	t=$(sed -n 's/^Threads:[[:space:]]*//p' /proc/$MEFWD_PID/status)
	r=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$MEFWD_PID/status)
	[ "${t:-0}" -gt "$threads" ] && threads=$t
	[ "${r:-0}" -gt "$rss" ] && rss=$r
	case "$st" in succeeded | failed | cancelled | needs-reboot) break ;; esac
	usleep 100000
done
rm -f /tmp/flooding
for p in $fpids; do wait "$p"; done
[ "$st" = succeeded ] || mefwd_diag
cat /tmp/flood.1 /tmp/flood.2 /tmp/flood.3
echo "mefwd during the flood: at most $threads threads, $rss kB resident"
[ "$st" = succeeded ] || bad "root's update during the flood: $st"
k=$(( $(interleaved) - before ))
echo "requests between START and END (mefwd): $k"
[ "$k" = 0 ] || bad "$k requests reached the ME between START and END (mefwd)"
[ "$threads" -le "$MAX_THREADS" ] || bad "mefwd had $threads threads (bound $MAX_THREADS)"
[ "$rss" -le "$MAX_RSS_KB" ] || bad "mefwd used $rss kB (bound $MAX_RSS_KB kB)"
ok=$(cat /tmp/flood.* | sed -n 's/^flood: GetStatus ok \([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
[ "$ok" -gt 0 ] || fail "no GetStatus of alice's was answered"
if grep -q 'other [1-9]' /tmp/flood.*; then
	bad "alice's calls got other errors than Busy / LimitsExceeded"
fi
checks_done
mefwd_alive || fail "mefwd does not answer after the flood"
wait_version 9.0.22.1600
no_image_copies

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
