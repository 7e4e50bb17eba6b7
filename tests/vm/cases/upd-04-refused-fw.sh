#!/bin/sh
# The ME's own refusals, each with its FWUpdLcl code, the firmware status
# and the registers captured: corrupted signature -> 8706 (status 4),
# wrong SKU -> 8704 (6), other major version -> 8705 (7), lower SVN ->
# 8760 (0x23B), lower VCN -> 8758 (0x23C), wrong length at END -> 8746
# (3), image larger than the region at START -> 8746 (3).  Then a good
# update works on the same ME.
. /tests/lib.sh

D=/data/sim
need_images

# refuse IMAGE CODE FW_STATUS [mefw-flash options]
refuse() {
	f=$1 want=$2 st=$3
	shift 3
	mefw-flash --quiet "$@" "$f" > /tmp/r.out 2>&1
	rc=$?
	res=$(grep '^result:' /tmp/r.out)
	echo "$(basename $f): $res"
	echo "$res" | grep -q "state=failed error=$want fw_status=$st errno=-121 " ||
		fail "$(basename $f): want $want/$st: $(cat /tmp/r.out)"
	echo "$res" | grep -q " hfsts1=0x1E000245 hfsts2=0x76442312" ||
		fail "registers not captured: $res"
	grep -q '^Error 8741: FW Update Failed.$' /tmp/r.out || fail "no 8741 line"
	expect_eq "exit status" "$rc" $(( want % 256 == 0 ? 1 : want % 256 ))
}

sim_load stage_ms=0
mefw_load poll_ms=20
refuse $D/badsig.bin 8706 0x4
refuse $D/badpad.bin 8706 0x4
refuse $D/sku.bin 8704 0x6
refuse $D/major.bin 8705 0x7
refuse $D/badlen.bin 8746 0x3
mefw-flash --quiet $D/good.bin > /tmp/g.out || fail "good update after refusals: $(cat /tmp/g.out)"
grep '^result:' /tmp/g.out
mods_unload

sim_load stage_ms=0 svn=2
mefw_load poll_ms=20
refuse $D/good.bin 8760 0x23b
mods_unload

sim_load stage_ms=0 vcn=4
mefw_load poll_ms=20
refuse $D/good.bin 8758 0x23c
mods_unload

sim_load stage_ms=0 flash_size=0x10000
mefw_load poll_ms=20
refuse $D/good.bin 8746 0x3
mods_unload
exit 0
