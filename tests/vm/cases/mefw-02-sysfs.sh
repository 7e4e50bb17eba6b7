#!/bin/sh
# Every decoded attribute of /sys/class/mefw/mefw0 for the default (seed
# 000, ME 9.0.20.1447) identity equals what MEInfo printed there.
. /tests/lib.sh

sim_load
mefw_load

d=/sys/class/mefw/mefw0
attr() { cat "$d/$1" 2>&1; }

expect_eq hfsts1 "$(attr hfsts1)" 0x1E000245
expect_eq hfsts2 "$(attr hfsts2)" 0x76442312
expect_eq hfsts3 "$(attr hfsts3)" 0x00000200
expect_eq hfsts4 "$(attr hfsts4)" 0x00000000
expect_eq hfsts5 "$(attr hfsts5)" 0x00000000
expect_eq hfsts6 "$(attr hfsts6)" 0x00000000
expect_eq fw_version "$(attr fw_version)" 9.0.20.1447
expect_eq family "$(attr family)" "ME 6-10"
expect_eq protocol "$(attr protocol)" legacy-fwu

expect_eq current_state "$(attr current_state)" Normal
expect_eq manufacturing_mode "$(attr manufacturing_mode)" Disabled
expect_eq flash_partition "$(attr flash_partition)" Valid
expect_eq operational_state "$(attr operational_state)" "M0 with UMA"
expect_eq init_complete "$(attr init_complete)" Complete
expect_eq bup_load_state "$(attr bup_load_state)" Success
expect_eq error_code "$(attr error_code)" "No Error"
expect_eq mode_of_operation "$(attr mode_of_operation)" Normal
expect_eq phase "$(attr phase)" FWUpdate
expect_eq icc "$(attr icc)" "No valid OEM data, ICC programmed with default values"
expect_eq mfs_corrupted "$(attr mfs_corrupted)" No
expect_eq update_in_progress "$(attr update_in_progress)" No

# same values through the ioctl, which never talks to the firmware
out=$(mefw-ioctl-test regs) || fail "regs: $out"
echo "$out"
expect_eq "regs count" "$(echo "$out" | sed -n 's/^count=//p')" 6
expect_eq "regs hfsts1" "$(echo "$out" | sed -n 's/^hfsts1=//p')" 0x1E000245
expect_eq "regs hfsts2" "$(echo "$out" | sed -n 's/^hfsts2=//p')" 0x76442312

# attributes are read-only
( echo 1 > "$d/hfsts1" ) 2>/dev/null && fail "hfsts1 is writable"

mods_unload

# undefined values read "Unknown (N)", decimal: CWS 0xA, op mode 9
sim_load hfsts=0x3009065A,0x80000000
mefw_load
expect_eq "undefined current_state" "$(attr current_state)" "Unknown (10)"
expect_eq "undefined mode_of_operation" "$(attr mode_of_operation)" "Unknown (9)"
expect_eq "undefined phase" "$(attr phase)" "Unknown (8)"
case "$(attr hfsts3)" in
*"No data available"*) echo "ok: hfsts3 absent: ENODATA" ;;
*) fail "hfsts3: $(attr hfsts3)" ;;
esac
mods_unload
exit 0
