#!/bin/sh
# The link under the update at early, middle and late points (mei-sim
# faults reset, starve, disconnect): an ME reset before END removes the
# client: 8193 (-ENODEV); after END the transaction follows the ME across
# the reset and reports the outcome (a reset in the middle of the flash
# write that kills the update: 8707 with status 5); flow-control
# starvation: 8718; the firmware closing the connection: 8742
# (-ECONNRESET) before END, harmless after.  A good update after each.
. /tests/lib.sh

UPD_SETTLE=1
IMG=/data/sim/good.bin
need_images

sim_load stage_ms=20
mefw_load poll_ms=20 reply_timeout_ms=1000

upd_fault 'reset start' failed 8193 0x0 -19
upd_fault 'reset data:300' failed 8193 0x0 -19
upd_fault 'reset end' succeeded 0 0x0 0
upd_fault 'reset stage:10' failed 8707 0x5 -121
upd_fault 'reset progress' succeeded 0 0x0 0
upd_fault 'starve start' failed 8718 0x0 -110
upd_fault 'starve data:300' failed 8718 0x0 -110
upd_fault 'starve end' succeeded 0 0x0 0
upd_fault 'disconnect start' failed 8742 0x0 -104
upd_fault 'disconnect data:300' failed 8742 0x0 -104
upd_fault 'disconnect end' succeeded 0 0x0 0
upd_fault 'disconnect stage:10' succeeded 0 0x0 0
mods_unload
exit 0
