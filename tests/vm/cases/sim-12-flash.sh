#!/bin/sh
# mei-sim flash persistence (flash=/tmp/FILE): an update survives a module
# reload; reset types 1 (host) take effect only at the next load; a power
# cut mid-write leaves the file incomplete and the next load boots the
# recovery copy (old version, HFSTS1 state Recovery) from which a good
# update recovers; bad flash= files and paths fail the load.
. /tests/lib.sh
need_images
F=/tmp/flash1.img
fwver() { head -1 /sys/class/mei/mei0/fw_ver; }
wait_ver() {
	n=80
	while [ "$(fwver)" != "0:$1" ] && [ $n -gt 0 ]; do usleep 100000; n=$((n-1)); done
	expect_eq "fw_ver $2" "$(fwver)" "0:$1"
}
hfsts1() { head -1 /sys/class/mei/mei0/fw_status; }
rm -f $F

sim_load flash=$F stage_ms=0
[ -s $F ] || fail "flash file not created"
expect_eq "new file: preset version" "$(fwver)" 0:9.0.20.1447
fwu-raw -p 5 /data/sim/good.bin > /tmp/o; rc=$?
expect_eq "update rc" "$rc/$(grep final: /tmp/o | cut -d' ' -f2-3)" "0/status 0x0"
wait_ver 9.0.21.1500 "after update"
mods_unload
sim_load flash=$F
expect_eq "reload: persisted version" "$(fwver)" 0:9.0.21.1500
expect_eq "reload: recovery_boot" "$(sim_val recovery_boot)" N
expect_eq "reload: LastUpdateResetType" "$(heci-raw $FWU 00000000 | cut -c105-112)" 02000000
mods_unload

# reset type 1 (host reset): done, no ME reset, new version at next load
sim_load flash=$F stage_ms=0 reset_type=1
out=$(fwu-raw -p 5 /data/sim/good2.bin); rc=$?
expect_eq "host-reset update" "$rc/$(echo "$out" | grep '^end:')/$(echo "$out" | grep final: | cut -d' ' -f2-9)" \
	"0/end: status 0 reset_type 1/status 0x0 percent 100 stage 19/19 reset 1"
expect_eq "still old until reload" "$(fwver)" 0:9.0.21.1500
expect_eq "state" "$(sim_val update)" wait-reset
expect_eq "START while waiting for reset" "$(fwu-raw -P /data/sim/good.bin | grep start:)" "start: status 2"
mods_unload
sim_load flash=$F
expect_eq "reload after host reset" "$(fwver)" 0:9.0.22.1600
mods_unload

# power cut mid-write (stage 10): FW silent, file left incomplete
sim_load flash=$F stage_ms=20
echo "powercut stage:10" > $SIMDBG/fault || fail "arm powercut"
out=$(fwu-raw -t 300 -p 20 -w 3 /data/sim/good.bin); rc=$?
echo "$out" | tail -4
expect_eq "powercut: fwu-raw gives up" "$rc" 7
# the last stage seen before the cut at stage 10: 9 usually, earlier when
# the poller (every 20 ms, like the stages) is descheduled on a busy host
last=$(echo "$out" | grep '^progress: [0-9]' | tail -1 | cut -d' ' -f3)
case "$last" in
[1-9]/19) echo "ok: powercut: last progress $last, before stage 10" ;;
*) fail "powercut: last progress: got '$last', want a stage before 10/19" ;;
esac
expect_eq "powercut: state" "$(sim_val update)/$(sim_val power_cut)" dead/Y
expect_eq "powercut: HFSTS1" "$(hfsts1)" 1E003242
expect_eq "powercut: FW silent" "$(heci-raw -t 500 $FWU 00000000)" timeout
expect_eq "fault fired" "$(sim_fired)" 1
mods_unload
sim_load flash=$F stage_ms=0
expect_eq "recovery boot: old version" "$(fwver)" 0:9.0.22.1600
expect_eq "recovery boot: flagged" "$(sim_val recovery_boot)" Y
expect_eq "recovery boot: HFSTS1 state 2" "$(hfsts1)" 1E000242
expect_eq "recovery boot: LastFwUpdateStatus 5" "$(heci-raw $FWU 00000000 | cut -c41-48)" 05000000
dmesg | grep -q 'was cut off: booting the recovery copy 9.0.22.1600' || fail "no recovery message"
fwu-raw -p 5 /data/sim/good.bin > /tmp/o; rc=$?
expect_eq "update from recovery" "$rc" 0
wait_ver 9.0.21.1500 "after recovery update"
expect_eq "normal again: HFSTS1" "$(hfsts1)" 1E000245
expect_eq "normal again: recovery_boot" "$(sim_val recovery_boot)" N
mods_unload
sim_load flash=$F
expect_eq "reload after recovery update" "$(fwver)/$(sim_val recovery_boot)" 0:9.0.21.1500/N
mods_unload

# power cut without a flash file: next load is the preset
sim_load stage_ms=0
echo "powercut stage:1" > $SIMDBG/fault
fwu-raw -t 300 -w 2 /data/sim/good.bin > /dev/null
expect_eq "no file: dead" "$(sim_val update)" dead
mods_unload
sim_load
expect_eq "no file: preset" "$(fwver)" 0:9.0.20.1447
mods_unload

# unusable flash= values fail the load with a message naming the problem
head -c 8192 /dev/urandom > /tmp/garbage.img
for p in flash=/tmp/garbage.img flash=relative.img "identity=me5 flash=$F" \
	 flash=/nonexistent/dir/f reset_type=4 stage_ms=60001 flash_size=0 \
	 fused_key=abc fused_key=intel-me10 vcn=65536; do
	# shellcheck disable=SC2086
	insmod /lib/mefw/mei-sim.ko $p 2>/dev/null && fail "loaded with $p"
	[ -d /sys/module/mei_sim ] && fail "module left loaded with $p"
	echo "ok: refused $p: $(dmesg | grep mei | tail -1 | cut -c16-)"
done
dmesg | grep -q 'flash /tmp/garbage.img: not a usable mei-sim flash file (bad magic)' || fail "garbage message"
dmesg | grep -q 'written by another identity preset' || fail "preset message"
dmesg | grep -q 'invalid parameter flash="relative.img": expected an absolute path' || fail "relative message"
exit 0
