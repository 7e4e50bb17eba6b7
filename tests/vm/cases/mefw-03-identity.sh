#!/bin/sh
# MEFW_IOC_IDENTITY returns the simulator's identity (FWU GET_VERSION and
# GET_INFO, MKHI version, FWCAPS rule 7, HMRFPO), and asks every time.
. /tests/lib.sh

kv() { echo "$out" | sed -n "s/^$1=//p"; }

sim_load
mefw_load
out=$(mefw-ioctl-test identity) || fail "identity: $out"
echo "$out"
expect_eq size "$(kv size)" 140
expect_eq valid "$(kv valid)" 0x1f
expect_eq protocol "$(kv protocol)" 1
expect_eq family "$(kv family)" 2
expect_eq mtu "$(kv mtu)" 512
expect_eq code "$(kv code)" 9.0.20.1447
expect_eq amt "$(kv amt)" 9.0.20.1447
expect_eq recovery "$(kv recovery)" 9.0.20.1447
expect_eq fitc "$(kv fitc)" 9.0.20.1427
expect_eq sku "$(kv sku)" 0x13
expect_eq pch_version "$(kv pch_version)" 0x4
expect_eq vendor "$(kv vendor)" 0x8086
expect_eq hw_sku "$(kv hw_sku)" 0x1
expect_eq update_interfaces "$(kv update_interfaces)" 0x5
expect_eq svn_in_flash "$(kv svn_in_flash)" 1
expect_eq local_update "$(kv local_update)" 1
expect_eq hmrfpo "$(kv hmrfpo)" 1
expect_eq bios_boot_state "$(kv bios_boot_state)" 2
expect_eq bios_version "$(kv bios_version)" KLZ8711D.86A.0457
mods_unload

# overrides reach the ioctl: the values come from the ME, not a table
sim_load fw_version=9.1.2.3 sku=0x7 svn=4 update_interfaces=0x3 \
	local_update=2 hmrfpo=0 mtu=1024
mefw_load
out=$(mefw-ioctl-test identity) || fail "identity: $out"
expect_eq "override code" "$(kv code)" 9.1.2.3
expect_eq "override sku" "$(kv sku)" 0x7
expect_eq "override svn" "$(kv svn_in_flash)" 4
expect_eq "override update_interfaces" "$(kv update_interfaces)" 0x3
expect_eq "override local_update" "$(kv local_update)" 2
expect_eq "override hmrfpo" "$(kv hmrfpo)" 0
expect_eq "override mtu" "$(kv mtu)" 1024
expect_eq "sysfs fw_version" "$(cat /sys/class/mefw/mefw0/fw_version)" 9.1.2.3
mods_unload
exit 0
