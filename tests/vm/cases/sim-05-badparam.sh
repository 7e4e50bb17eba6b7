#!/bin/sh
# mei-sim refuses malformed parameters with EINVAL and a message naming them.
. /tests/lib.sh

bad() {
	dmesg -c > /dev/null
	insmod "$MODDIR/mei-sim.ko" "$@" 2> /tmp/err && {
		rmmod mei_sim; fail "insmod accepted $*"; }
	grep -q "Invalid argument\|Invalid parameters" /tmp/err || fail "insmod $*: $(cat /tmp/err)"
	p=${1%%=*}
	dmesg | grep -q "invalid parameter $p=" || fail "no message naming $p: $(dmesg | tail -n 3)"
	[ -d /sys/module/mei_sim ] && fail "module loaded after $*"
	echo "ok: refused $*"
}
bad identity=me42
bad fw_version=9.0.20
bad fw_version=9.0.20.1447.1
bad fw_version=9.0.x.1447
bad fw_version=9.0.20.70000
bad hfsts=0x1E000245,zz
bad hfsts=1,2,3,4,5,6,7
bad hfsts=
bad sku=-1
bad update_interfaces=65536
bad svn=abc
bad local_update=3
bad hmrfpo=7
bad mtu=100
bad mtu=8192
bad legacy_fwu=maybe
bad oem_id=not-a-guid
[ -e /sys/class/mei/mei0 ] && fail "mei0 exists"
# and a good one still loads afterwards
sim_load
mods_unload
