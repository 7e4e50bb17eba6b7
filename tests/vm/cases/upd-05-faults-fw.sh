#!/bin/sh
# Firmware error statuses injected at early, middle and late points of an
# update (mei-sim debugfs fault "error POINT STATUS"): START, the 300th
# DATA, END, engine stage 4 (seed 000: "Stage 4 of 19", 8741 + 8707),
# stage 18, and the progress query.  Each ends FAILED with the right
# code, firmware status and registers; a good update works right after.
. /tests/lib.sh

IMG=/data/sim/good.bin
need_images

sim_load stage_ms=20
mefw_load poll_ms=20

upd_fault 'error start 5' failed 8707 0x5 "" 'bytes=0 '
upd_fault 'error data:300 5' failed 8707 0x5 "" 'bytes=149500 '
upd_fault 'error end 4' failed 8706 0x4 "" 'bytes=524288 '
upd_fault 'error stage:4 5' failed 8707 0x5 "" 'stage=4/19 percent=1[0-9] '
upd_fault 'error stage:18 7' failed 8705 0x7 "" 'stage=18/19 '
upd_fault 'error progress 5' failed 8707 0x5
mods_unload
exit 0
