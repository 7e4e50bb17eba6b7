#!/bin/sh
# A CSME 12+ ME answers the legacy client with {0xFF, 0x8D}: IDENTITY
# succeeds with protocol "unsupported" and MKHI's version.
. /tests/lib.sh

kv() { echo "$out" | sed -n "s/^$1=//p"; }

sim_load identity=csme12
mefw_load
out=$(mefw-ioctl-test identity) || fail "identity: $out"
echo "$out"
expect_eq protocol "$(kv protocol)" 2
expect_eq "valid (no FWU groups)" "$(kv valid)" 0x1c
expect_eq "code from MKHI" "$(kv code)" 12.0.49.1534
expect_eq family "$(kv family)" 3
expect_eq local_update "$(kv local_update)" 1
expect_eq mtu "$(kv mtu)" 4096
d=/sys/class/mefw/mefw0
expect_eq "sysfs protocol" "$(cat $d/protocol)" unsupported
expect_eq "sysfs family" "$(cat $d/family)" "CSME 11+"
expect_eq "sysfs fw_version" "$(cat $d/fw_version)" 12.0.49.1534
expect_eq "sysfs current_state" "$(cat $d/current_state)" Normal
mods_unload

# legacy_fwu=N on an ME 9 identity: same verdict
sim_load legacy_fwu=N
mefw_load
expect_eq "legacy_fwu=N protocol" "$(cat /sys/class/mefw/mefw0/protocol)" unsupported
mods_unload
exit 0
