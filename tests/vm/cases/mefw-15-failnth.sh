#!/bin/sh
# Allocation failures in mefw.ko: mefw-failnth (tests/tools/mefw-failnth.c)
# makes each slab and page allocation of one path fail in turn (fail-nth
# of the calling thread, failslab and fail_page_alloc set to take
# GFP_KERNEL allocations of any order): probe (bind of the FWUpdate and
# the MKHI client), remove (unbind), open, IDENTITY, STATUS_REGS, BEGIN,
# write() and END.  Each failure must give success or ENOMEM and leave
# the device working; the harness adds no splat and, after the case, no
# leak.  After an unbind whose failure hit the mei core's disconnect
# message the ME refuses to connect again until it resets (-R: mei-sim's
# fw_reset; Documentation/testing.md).  write() and END allocate nothing
# in the caller (their messages go out from mefw's tx work): 0 points.
# Afterwards a good update succeeds.  Needs CONFIG_FAILSLAB and
# CONFIG_FAIL_PAGE_ALLOC: runs on the debug kernel, skipped on Debian's.
. /tests/lib.sh

F=/sys/kernel/debug
[ -d $F/failslab ] && [ -d $F/fail_page_alloc ] ||
	skip "needs a kernel with failslab and fail_page_alloc (make debug-vm-check)"
need_images
drv=/sys/bus/mei/drivers/mefw

# fail-nth only: no random failures, no report per failure (verbose 0:
# a stack dump per injected failure would read as a splat)
for a in failslab fail_page_alloc; do
	echo 0 > $F/$a/probability
	echo 0 > $F/$a/verbose
	echo N > $F/$a/ignore-gfp-wait
done
echo N > $F/fail_page_alloc/ignore-gfp-highmem
echo 0 > $F/fail_page_alloc/min-order

sim_load stage_ms=20
mefw_load poll_ms=20
fwu=$(basename "$(ls -d $drv/*-$FWU)")
mkhi=$(basename "$(ls -d $drv/*-$MKHI)")

walk() {
	mefw-failnth -c "$fwu" "$@" > /tmp/walk.out 2>&1; rc=$?
	grep -v ' n=' /tmp/walk.out
	[ $rc = 0 ] || fail "mefw-failnth $*: exit $rc: $(grep -m 3 -e FAIL -e cannot /tmp/walk.out)"
}
walk bind
walk -c "$mkhi" bind
walk -R $SIMDBG/fw_reset unbind
walk -R $SIMDBG/fw_reset -c "$mkhi" unbind
walk open
walk identity
walk regs
walk -i /data/sim/good.bin begin
walk -i /data/sim/good.bin write
walk -i /data/sim/good.bin end

out=$(mefw-flash --quiet --allow-same-version /data/sim/good.bin 2>&1) ||
	fail "good update after the walks: $out"
echo "$out" | grep -q '^result: state=succeeded ' || fail "good update: $out"
echo "ok: a good update after the walks"
mods_unload
exit 0
