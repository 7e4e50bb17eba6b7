#!/bin/sh
# A reply that comes after its request timed out (mei-sim fault "late":
# the ME withholds the START reply and sends it just before its next
# reply) is not taken by the next request: the next update gets its own
# answers and succeeds at the first try; the stray reply is dropped,
# counted and logged once.
. /tests/lib.sh

IMG=/data/sim/good.bin
need_images

sim_load stage_ms=20
mefw_load poll_ms=20 reply_timeout_ms=1000

strays() { dmesg | grep -c 'dropped a .*-byte message no request waits for'; }
s0=$(strays)
# upd_fault: the START times out (8718), then a good update at once
upd_fault 'late start' failed 8718 0x0 -110
dmesg | grep 'dropped a .*-byte message no request waits for' | tail -1
expect_eq "stray replies logged" "$(strays)" $((s0 + 1))
dmesg | grep -q 'dropped a 24-byte message no request waits for (03 00 00 00' ||
	fail "the stray is not the START reply: $(dmesg | tail -5)"
mods_unload
exit 0
