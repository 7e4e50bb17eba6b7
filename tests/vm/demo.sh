#!/bin/sh
# `make demo`, inside the VM: the simulated ME of seed 000 (ME 9.0.20.1447),
# its status as mefwctl shows it, then a firmware update with progress.
. /tests/lib.sh
set -e
say() { printf '\n== %s\n' "$*"; }

sim_load stage_ms=150 flash=/tmp/demo-flash.img
mefw_load

say "mefwctl status"
mefwctl status

img=/data/sim/good.bin
say "mefwctl info $img (a synthetic ME 9 image signed with the test key)"
mefwctl info --trust-test-key --no-modules "$img" | sed -n '/^Family/,/^Date/p; /^Verdict/p'

say "update through /dev/mefw0 (tests/tools/mefw-flash; mefwd comes later)"
mefw-flash --chunk 65536 "$img"

say "after the update"
wait_for /dev/mefw0 10
mefwctl status | grep -E '^(Device|FW Version|CurrentState|UpdateInProgress)'
