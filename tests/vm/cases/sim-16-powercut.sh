#!/bin/sh
# mei-sim power cut at an early (1), middle (10) and late (19) engine
# stage: the FW goes silent (the host's polling gives up, bounded), the
# flash file is left incomplete, the next load with the same file boots
# the recovery copy (old version) and a good update from there works.
. /tests/lib.sh
IMG=/data/sim/update.bin
need_images
F=/tmp/flash-faults.img

# power cut early / middle / late: recovery boot from the same flash file
for s in 1 10 19; do
	rm -f $F
	sim_load stage_ms=5 reset_ms=50 flash=$F
	sim_fault powercut "stage:$s" 7 '^final: polling limit reached$'
	expect_eq "powercut stage:$s: dead" "$(sim_val update)" dead
	mods_unload
	sim_load stage_ms=5 reset_ms=50 flash=$F
	expect_eq "powercut stage:$s: recovery" "$(sim_val recovery_boot)/$(head -1 /sys/class/mei/mei0/fw_ver)" Y/0:9.0.20.1447
	sim_fault_good "powercut stage:$s"
	expect_eq "powercut stage:$s: recovered" "$(sim_val recovery_boot)/$(sim_val code)" N/9.0.21.1500
	mods_unload
done
checks_done
