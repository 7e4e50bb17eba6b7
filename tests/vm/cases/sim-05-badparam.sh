#!/bin/sh
# mei-sim refuses malformed parameters with EINVAL and a message naming them.
. /tests/lib.sh

refused() {
	dmesg -c > /dev/null
	insmod "$MODDIR/mei-sim.ko" "$@" 2> /tmp/err && {
		rmmod mei_sim; fail "insmod accepted $*"; }
	grep -q "Invalid argument\|Invalid parameters" /tmp/err || fail "insmod $*: $(cat /tmp/err)"
	p=${1%%=*}
	dmesg | grep -q "invalid parameter $p=" || fail "no message naming $p: $(dmesg | tail -n 3)"
	[ -d /sys/module/mei_sim ] && fail "module loaded after $*"
	echo "ok: refused $*"
}
refused identity=me42
refused fw_version=9.0.20
refused fw_version=9.0.20.1447.1
refused fw_version=9.0.x.1447
refused fw_version=9.0.20.70000
refused hfsts=0x1E000245,zz
refused hfsts=1,2,3,4,5,6,7
refused hfsts=
refused sku=-1
refused update_interfaces=65536
refused svn=abc
refused local_update=3
refused hmrfpo=7
refused mtu=100
refused mtu=8192
refused legacy_fwu=maybe
refused oem_id=not-a-guid
[ -e /sys/class/mei/mei0 ] && fail "mei0 exists"
# and a good one still loads afterwards
sim_load
mods_unload
