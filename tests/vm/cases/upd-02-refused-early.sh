#!/bin/sh
# Refusals before any data moves, from the steps that work on every
# simulator: local update disabled (FWCAPS rule 7 = 0) -> 8719, password
# protected (2) -> 8768, CSME 12 (legacy FWU answers {0xFF, 0x8D}) -> 8722,
# same version without --allow-same-version -> 8723, wrong OEM id -> 8745.
# Each with the status registers captured and the device usable after.
. /tests/lib.sh

img=/data/sim/good.bin
need_images

# flash IMAGE EXPECTED_CODE [mefw-flash options]
flash() {
	want=$2
	f=$1
	shift 2
	mefw-flash --quiet "$@" "$f" > /tmp/fl.out 2>&1
	rc=$?
	cat /tmp/fl.out
	res=$(grep '^result:' /tmp/fl.out)
	echo "$res" | grep -q "state=failed error=$want " || fail "want error $want: $res"
	echo "$res" | grep -q " hfsts1=0x" || fail "no registers captured: $res"
	expect_eq "exit status" "$rc" $(( want % 256 ))
}

sim_load local_update=0
mefw_load
flash $img 8719
mods_unload

sim_load local_update=2
mefw_load
flash $img 8768
mods_unload

sim_load identity=csme12
mefw_load
flash $img 8722
mods_unload

sim_load
mefw_load
# 9.0.20.1447 is what the simulator runs
flash $img 8723 --image-version 9.0.20.1447
flash $img 8745 --oem-id 01234567-89ab-cdef-0123-456789abcdef
expect_eq "update_state" "$(cat /sys/class/mefw/mefw0/update_state)" failed
mefw-ioctl-test identity | grep -q '^code=9.0.20.1447$' || fail "identity after"
mods_unload
exit 0
