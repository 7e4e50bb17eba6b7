#!/bin/sh
# mei-sim presets me5 and csme12, and identity overrides.
. /tests/lib.sh
d=/sys/class/mei/mei0
fw_ver() {
	n=50
	while [ "$(head -n 1 $d/fw_ver)" = "0:0.0.0.0" ] && [ $n -gt 0 ]; do
		usleep 100000; n=$((n - 1))
	done
	head -n 1 $d/fw_ver
}
proto_ok() {
	expect_eq proto_errors "$(sed -n 's/^proto_errors *//p' /sys/kernel/debug/mei-sim/state)" 0
}

# me5: AMT 5.0.1.1111, a single status register
sim_load identity=me5
expect_eq "me5 fw_ver" "$(fw_ver)" "0:5.0.1.1111"
expect_eq "me5 fw_status" "$(cat $d/fw_status | tr '\n' ' ')" "3009065A "
expect_eq "me5 GET_VERSION head" "$(raw $FWU 00000000 | cut -c1-40)" \
	0100000000000000000000000000000086800000
proto_ok
mods_unload

# csme12: legacy FWU answers {0xFF, 0x8D} to everything, MKHI still works
sim_load identity=csme12
expect_eq "csme12 fw_ver" "$(fw_ver)" "0:12.0.49.1534"
expect_eq "csme12 fw_status" "$(cat $d/fw_status | tr '\n' ' ')" \
	"90000245 60000000 00000020 00000000 00000000 40000000 "
expect_eq "csme12 FWU mtu" "$(raw -v $FWU)" "mtu 4096 ver 1"
expect_eq "csme12 MKHI mtu" "$(raw -v $MKHI)" "mtu 2048 ver 1"
for id in 00000000 08000000 10000000 1a000000 0a080000; do
	expect_eq "csme12 FWU $id" "$(raw $FWU $id)" ff0000008d000000
done
# a 1500-byte request: several host fragments, reassembled by the FW
big=$(printf '%03000d' 0)
expect_eq "csme12 FWU 1500 bytes" "$(raw $FWU "$big")" ff0000008d000000
expect_eq "csme12 MKHI version" "$(raw $MKHI ff020000 | cut -c1-24)" ff82000000000c00fe053100
expect_eq "csme12 rule 7" "$(raw $MKHI 0302000007000000)" 03820000070000000401000000
proto_ok
mods_unload

# overrides over the default preset
sim_load fw_version=9.1.37.1002 hfsts=0x1E000255,0x76442312 sku=0x23 \
	update_interfaces=7 svn=3 mtu=1024 legacy_fwu=N \
	oem_id=01020304-0506-0708-090a-0b0c0d0e0f10
expect_eq "override fw_ver" "$(fw_ver)" "0:9.1.37.1002"
expect_eq "override fw_status" "$(cat $d/fw_status | tr '\n' ' ')" "1E000255 76442312 "
expect_eq "override mtu" "$(raw -v $FWU)" "mtu 1024 ver 1"
expect_eq "override legacy_fwu=N" "$(raw $FWU 00000000)" ff0000008d000000
mods_unload
sim_load sku=0x23 update_interfaces=7 svn=3 \
	oem_id=04030201-0605-0807-090a-0b0c0d0e0f10
want=010000000000000023000000
expect_eq "override sku" "$(raw $FWU 00000000 | cut -c1-24)" "$want"
expect_eq "override interfaces/svn" "$(raw $FWU 00000000 | cut -c89-96)" 07000300
expect_eq "configured OEM id" \
	"$(raw $FWU 100000000102030405060708090a0b0c0d0e0f10)" 1100000000000000
proto_ok
mods_unload
