#!/bin/sh
# mei-sim legacy FWUpdate client, raw over /dev/mei0 (mefw not loaded):
# byte-exact GET_VERSION / GET_INFO / VERIFY_OEMID / GET_IPU_PT_ATTRB
# replies of the default (me9) identity, {0xFF, 0x8D} for unknown ids.
. /tests/lib.sh
hexstr() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

sim_load
v9="09000000" v9="${v9}1400a705"	# 9.0.20.1447 as {u16 major, minor, hotfix, build}

expect_eq connect "$(raw -v $FWU)" "mtu 512 ver 1"

want="01000000 00000000 13000000 04000000 86800000 00000000 01000000"
want="$want $v9 $v9 0500 0100 01000000 00000000"
expect_eq GET_VERSION "$(raw $FWU 00000000)" "$(echo "$want" | tr -d ' ')"

want="09000000 00000000 $(zeros 8) 00000000 00000000 02000000 03000000"
want="$want $(hexstr KLZ8711D.86A.0457)000000"
expect_eq GET_INFO "$(raw $FWU 08000000)" "$(echo "$want" | tr -d ' ')"

expect_eq "VERIFY_OEMID zero" "$(raw $FWU "10000000 $(zeros 16)")" 1100000000000000
expect_eq "VERIFY_OEMID other" "$(raw $FWU "10000000 01$(zeros 15)")" 1100000004000000
expect_eq "VERIFY_OEMID short" "$(raw $FWU 10000000)" 1100000003000000

pt="4d444d56 00000000 $v9 01000000 01000000 01000000 01000000 $(zeros 16)"
want="1b000000 00000000 $v9 30000000 01000000 $pt $(zeros 144) $(zeros 16)"
got=$(raw $FWU 1a000000)
expect_eq "GET_IPU_PT_ATTRB" "$got" "$(echo "$want" | tr -d ' ')"
expect_eq "GET_IPU_PT_ATTRB size" "$(( ${#got} / 2 ))" 232

# START / DATA / END are the update engine's (sim-1*.sh): a bare id is a
# short START (3) and DATA / END without a session (2)
expect_eq "bare START" "$(raw $FWU 02000000)" "0300000003000000$(zeros 16)"
expect_eq "bare DATA" "$(raw $FWU 04000000)" 0500000002000000
expect_eq "bare END" "$(raw $FWU 06000000)" "0700000002000000$(zeros 20)"
for id in 0a000000 1c000000 ff000000; do
	expect_eq "unknown $id" "$(raw $FWU $id)" ff0000008d000000
done
expect_eq "short request" "$(raw $FWU 00)" ff0000008d000000

# several requests on one connection: strict one-credit flow control
expect_eq "pipelined" "$(raw $FWU 1c000000 10000000 ff000000 | tr '\n' ' ')" \
	"ff0000008d000000 1100000003000000 ff0000008d000000 "

# message longer than the MTU: refused by the host (EFBIG), FW untouched
out=$(heci-raw $FWU "$(zeros 513)"); rc=$?
expect_eq "oversize" "$out/$rc" "write: EFBIG/4"

# a second connection to a single-connection client: EBUSY
expect_eq "second connect" "$(raw -2 $FWU)" "second: EBUSY"

st=/sys/kernel/debug/mei-sim/state
expect_eq proto_errors "$(sed -n 's/^proto_errors *//p' $st)" 0
mods_unload
