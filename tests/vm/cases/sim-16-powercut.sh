#!/bin/sh
# mei-sim power cut at an early (1), middle (10) and late (19) engine
# stage: the FW goes silent (the host's polling gives up, bounded), the
# flash file is left incomplete, the next load with the same file boots
# the recovery copy (old version) and a good update from there works.
. /tests/lib.sh
. /tests/sim-faults.sh
F=/tmp/flash-faults.img

# power cut early / middle / late: recovery boot from the same flash file
for s in 1 10 19; do
	rm -f $F
	sim_load stage_ms=5 reset_ms=50 flash=$F
	fault powercut "stage:$s" 7 '^final: polling limit reached$'
	expect_eq "powercut stage:$s: dead" "$(val update)" dead
	mods_unload
	sim_load stage_ms=5 reset_ms=50 flash=$F
	expect_eq "powercut stage:$s: recovery" "$(val recovery_boot)/$(head -1 /sys/class/mei/mei0/fw_ver)" Y/0:9.0.20.1447
	good "powercut stage:$s"
	expect_eq "powercut stage:$s: recovered" "$(val recovery_boot)/$(val code)" N/9.0.21.1500
	mods_unload
done
[ $bad = 0 ] || fail "$bad fault cases behaved differently"
