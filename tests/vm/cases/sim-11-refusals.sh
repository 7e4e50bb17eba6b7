#!/bin/sh
# mei-sim update refusals, raw over /dev/mei0: every verification failure
# answers END with its FWU status (corrupted signature / bad padding 4,
# wrong SKU 6, other major 7, lower SVN 0x23B, lower VCN 0x23C, bad
# lengths 3), protocol misuse (DATA/END before START, short START, bad
# DATA length, START length 0 or above flash_size) gets 2 or 3, the
# progress query reports the refusal, and a good image is accepted right
# after (update / region / full-flash layouts, reset_type 0).
. /tests/lib.sh
need_images

# refuse IMAGE STATUS [fwu-raw options]: END answers STATUS
refuse() {
	img=$1 want=$2
	shift 2
	out=$(fwu-raw -P "$@" "/data/sim/$img"); rc=$?
	expect_eq "$img $*" "$(echo "$out" | grep '^end:')/$rc" "end: status $want reset_type 0/5"
}

sim_load stage_ms=0 reset_type=0
refuse badsig.bin 4
refuse badpad.bin 4
refuse sku.bin 6
refuse major.bin 7
refuse badlen.bin 3
refuse trunc.bin 3
refuse good.bin 3 -L 524388
refuse absurd-count.bin 4
# a region whose NFTP manifest (at 0x48000 in mefw-mkimage's ME 9 region)
# was changed after signing
cp /data/sim/good.bin /tmp/nftp.bin
printf '\001' | dd of=/tmp/nftp.bin bs=1 seek=$((0x4802a)) conv=notrunc 2>/dev/null
refuse ../../tmp/nftp.bin 4
dmesg | grep -q 'update refused: NFTP: manifest signature invalid' || fail "NFTP not checked"
refuse no-manifest.bin 4
# the progress query reports the last refusal
expect_eq "progress after refusal" "$(heci-raw $MKHI 06020000)" \
	"068200000000000000000000130000000400000000000000$(zeros 4)"
expect_eq "GET_VERSION last status" "$(heci-raw $FWU 00000000 | cut -c41-48)" 04000000

# START length 0 / above flash_size / short START / other update type
expect_eq "START len 0" "$(fwu-raw -P -L 0 /data/sim/good.bin | grep start:)" "start: status 3"
expect_eq "START len > flash" "$(fwu-raw -P -L 0x180001 /data/sim/good.bin | grep start:)" "start: status 3"
expect_eq "START short" "$(heci-raw $FWU 0200000000100000)" "0300000003000000$(zeros 16)"
expect_eq "START IPU" "$(heci-raw $FWU "02000000 00100000 01 $(zeros 77)")" "0300000003000000$(zeros 16)"
# DATA / END without a session: 2 (not ready)
expect_eq "DATA before START" "$(heci-raw $FWU 040000000400000000000000aabbccdd)" 0500000002000000
expect_eq "END before START" "$(heci-raw $FWU 06000000)" "0700000002000000$(zeros 20)"
# DATA whose length field disagrees, DATA past the START length: 3, and
# the session is gone (END then gets 2)
out=$(heci-raw $FWU "02000000 08000000 $(zeros 78)" 040000000500000000000000aabbccdd 06000000 | tr '\n' ' ')
expect_eq "DATA bad length" "$out" "0300000000000000$(zeros 16) 0500000003000000 0700000002000000$(zeros 20) "
out=$(heci-raw $FWU "02000000 02000000 $(zeros 78)" 040000000400000000000000aabbccdd | tr '\n' ' ')
expect_eq "DATA past length" "$out" "0300000000000000$(zeros 16) 0500000003000000 "
# a session is dropped when its connection closes: END on a new one gets 2
heci-raw $FWU "02000000 08000000 $(zeros 78)" > /dev/null
expect_eq "END after reconnect" "$(heci-raw $FWU 06000000)" "0700000002000000$(zeros 20)"

# untrusted input: random images and random byte flips in the signed
# manifest are refused (or accepted when the flip misses everything the
# FW checks), never crash
head -c 3000 /dev/urandom > /tmp/rnd.bin
refuse ../../tmp/rnd.bin 4
i=0
while [ $i -lt 25 ]; do
	cp /data/sim/update.bin /tmp/fz.bin
	off=$((RANDOM % 2048))
	printf "\\$(printf %o $((RANDOM % 256)))" | dd of=/tmp/fz.bin bs=1 seek=$off conv=notrunc 2>/dev/null
	fwu-raw -P /tmp/fz.bin > /tmp/fz.out; rc=$?
	case "$rc/$(grep '^end:' /tmp/fz.out)" in
	"0/end: status 0 reset_type 0"|"5/end: status "[34]" reset_type 0") ;;
	*) cat /tmp/fz.out; fail "flip at $off: rc $rc" ;;
	esac
	i=$((i + 1))
	n=50
	while [ "$(sim_val update)" != idle ] && [ $n -gt 0 ]; do usleep 20000; n=$((n - 1)); done
done
echo "ok: 25 random manifest flips handled"
# the FW does not check $MME module hashes (documented): accepted
out=$(fwu-raw -p 5 /data/sim/module-flip.bin); rc=$?
expect_eq "module-flip accepted" "$rc" 0
# good images in the three layouts, reset type 0: active at once
for img in update.bin flash.bin good.bin; do
	out=$(fwu-raw -p 5 /data/sim/$img); rc=$?
	expect_eq "$img accepted" "$(echo "$out" | grep '^final:' | cut -d' ' -f2-7)/$rc" \
		"status 0x0 percent 100 stage 19/19/0"
done
expect_eq "version (no reset)" "$(sim_val code)" 9.0.21.1500
expect_eq proto_errors "$(sim_val proto_errors)" 0
mods_unload

# lower SVN / VCN than the running firmware
sim_load stage_ms=0 svn=2
refuse good.bin 571
mods_unload
sim_load stage_ms=0 vcn=4
refuse good.bin 572
expect_eq "vcn=3 image refused, vcn shown" "$(sim_val vcn)" 4
mods_unload
