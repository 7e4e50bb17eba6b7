#!/bin/sh
# `make demo`, inside the VM: the simulated ME of seed 000 (ME 9.0.20.1447),
# its status as mefwctl shows it, then a firmware update through mefwd with
# progress, and the history it left.
. /tests/lib.sh
set -e
say() { printf '\n== %s\n' "$*"; }

sim_load stage_ms=150 flash=/tmp/demo-flash.img
mefw_load
# the system bus (dbus-daemon, udevd, polkitd) and mefwd on it; mefwd
# trusts the test key here because the demo image is signed with it
bus_start > /dev/null
mefwd_start

say "mefwctl status"
mefwctl status

img=/data/sim/good.bin
say "mefwctl info $img (a synthetic ME 9 image signed with the test key)"
mefwctl info --trust-test-key --no-modules "$img" | sed -n '/^Family/,/^Date/p; /^Verdict/p'

say "mefwctl update --yes $img (mefwctl -> D-Bus -> mefwd -> /dev/mefw0)"
# through a pipe: the serial console is a tty, but the harness shows it line
# by line, so the plain progress lines read better here than the bar
mefwctl update --yes "$img" | cat

say "mefwctl history"
mefwctl history

say "after the update"
wait_for /dev/mefw0 10
mefwctl status | grep -E '^(Device|FW Version|CurrentState|UpdateInProgress)'
mefwd_stop
bus_stop
