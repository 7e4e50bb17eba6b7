#!/bin/sh
# Malformed or missing replies at early, middle and late points (mei-sim
# faults noreply, truncate, oversize, wrongid): a lost reply to START or
# DATA, or one naming another request (dropped as a stray), ends the
# update with 8718 (no reply within reply_timeout_ms), a malformed one
# with 8742 (HECI protocol error); a reply with extra
# bytes is accepted; the ME's answer to END and one progress query may be
# lost or damaged without harm: the progress query and the version after
# the reset tell the outcome.  A good update works after each.
. /tests/lib.sh

IMG=/data/sim/good.bin
need_images

sim_load stage_ms=20
mefw_load poll_ms=20 reply_timeout_ms=1000

upd_fault 'noreply start' failed 8718 0x0 -110
upd_fault 'noreply data:300' failed 8718 0x0 -110
upd_fault 'noreply end' succeeded 0 0x0 0
upd_fault 'noreply stage:10' succeeded 0 0x0 0
upd_fault 'truncate start' failed 8742 0x0 -71
upd_fault 'truncate data:300' failed 8742 0x0 -71
upd_fault 'truncate end' succeeded 0 0x0 0
upd_fault 'truncate stage:10' succeeded 0 0x0 0
upd_fault 'wrongid start' failed 8718 0x0 -110
upd_fault 'wrongid data:1' failed 8718 0x0 -110
upd_fault 'wrongid data:1049' failed 8718 0x0 -110
upd_fault 'wrongid end' succeeded 0 0x0 0
upd_fault 'wrongid progress' succeeded 0 0x0 0
upd_fault 'oversize start' succeeded 0 0x0 0
upd_fault 'oversize data:300' succeeded 0 0x0 0
upd_fault 'oversize end' succeeded 0 0x0 0
upd_fault 'oversize stage:10' succeeded 0 0x0 0
mods_unload
exit 0
