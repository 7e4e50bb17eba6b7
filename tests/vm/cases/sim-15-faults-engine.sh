#!/bin/sh
# mei-sim fault injection on the update engine, raw over /dev/mei0: every
# kind at the progress query and at an early (1), middle (10) and late (19)
# stage gives the documented symptom within bounds (seed 000's "error at
# stage 4 of 19" included), fires once, and a good update works right
# after.  Power cuts: sim-16-powercut.sh.
. /tests/lib.sh
IMG=/data/sim/update.bin
need_images

sim_load stage_ms=5 reset_ms=50
# the first progress query may come after the engine's first stage
sim_fault "error" progress 5 '^final: status 0x5 percent [0-9]+ stage [0-9]+/19'
# lost progress replies: the engine goes on, the ME may reset first
sim_fault noreply progress 0 '^progress: (timeout|read: ENODEV)$'
sim_fault reset progress 0 '^reset: progress client gone$'
sim_fault truncate progress 6 '^progress: bad reply 14 bytes 06820000'
sim_fault oversize progress 6 '^progress: bad reply 92 bytes 06820000.*a5a5$'
sim_fault wrongid progress 6 '^progress: bad reply 28 bytes 06c20000'
sim_fault starve progress 0 '^progress: (timeout|read: ENODEV)$'
sim_fault disconnect progress 0 '^reset: progress client gone$'
# seed 000: "Error 8741 ... Stage 4 of 19", internal error
sim_fault "error" "stage:4 5" 5 '^final: status 0x5 percent 15 stage 4/19'
for s in 1 10 19; do
	pct=$(( (s - 1) * 100 / 19 ))
	sim_fault "error" "stage:$s 7" 5 "^final: status 0x7 percent $pct stage $s/19"
	sim_fault noreply "stage:$s" 0 '^progress: (timeout|read: ENODEV)$'
	sim_fault reset "stage:$s" 5 "^final: status 0x5 percent $pct stage $s/19"
	sim_fault truncate "stage:$s" 6 '^progress: bad reply 14 bytes 06820000'
	sim_fault oversize "stage:$s" 6 '^progress: bad reply 92 bytes 06820000'
	sim_fault wrongid "stage:$s" 6 '^progress: bad reply 28 bytes 06c20000'
	sim_fault starve "stage:$s" 0 '^progress: (timeout|read: ENODEV)$'
	sim_fault disconnect "stage:$s" 0 '^reset: progress client gone$'
	sim_fault stall "stage:$s" 7 '^final: polling limit reached$'
done
expect_eq "fault disarmed" "$(head -1 $SIMDBG/fault)" "armed: none"
expect_eq proto_errors "$(sim_val proto_errors)" 0
checks_done
mods_unload
