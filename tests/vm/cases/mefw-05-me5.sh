#!/bin/sh
# ME <= 5: the register layout is not public; decoded attributes read
# "undocumented", raw registers are shown, absent ones give ENODATA.
. /tests/lib.sh

sim_load identity=me5
mefw_load
d=/sys/class/mefw/mefw0
expect_eq family "$(cat $d/family)" "ME 2-5"
expect_eq fw_version "$(cat $d/fw_version)" 5.0.1.1111
expect_eq hfsts1 "$(cat $d/hfsts1)" 0x3009065A
for n in 2 3 4 5 6; do
	err=$(cat $d/hfsts$n 2>&1) && fail "hfsts$n readable: $err"
	case "$err" in
	*"No data available"*) echo "ok: hfsts$n ENODATA" ;;
	*) fail "hfsts$n: $err" ;;
	esac
done
for a in current_state manufacturing_mode flash_partition operational_state \
	init_complete bup_load_state error_code mode_of_operation phase icc \
	mfs_corrupted update_in_progress; do
	expect_eq "$a" "$(cat $d/$a)" undocumented
done
out=$(mefw-ioctl-test regs) || fail "regs: $out"
expect_eq "regs count" "$(echo "$out" | sed -n 's/^count=//p')" 1
mods_unload
exit 0
