#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CLI-level tests of `mefwctl status`: runs the binary ($MEFWCTL, default
# build/bin/mefwctl) and compares output and exit codes.  Needs no device:
# --decode, and a fake sysfs tree through MEFW_SYSROOT.
here=$(cd "$(dirname "$0")" && pwd)
NAME=cli-status
. "$here/cli-lib.sh"

expect_out() { # NAME: compare stdout with stdin
	cat >"$tmp/want"
	if diff -u "$tmp/want" "$tmp/out" >"$tmp/diff"; then ok; else
		bad "$1: output differs"; cat "$tmp/diff"; fi
}

# --- the seed, MEInfo's words, family assumed ---
run seed 0 status --decode 0x1E000245 76442312 0x00000200 0 0 0 &&
expect_out seed <<'EOF2'
Family: ME 6-10 (assumed)
FW Status Register1: 0x1E000245
FW Status Register2: 0x76442312
FW Status Register3: 0x00000200
FW Status Register4: 0x00000000
FW Status Register5: 0x00000000
FW Status Register6: 0x00000000
CurrentState: Normal
ManufacturingMode: Disabled
FlashPartition: Valid
OperationalState: M0 with UMA
InitComplete: Complete
BUPLoadState: Success
ErrorCode: No Error
ModeOfOperation: Normal
Phase: FWUpdate
ICC: No valid OEM data, ICC programmed with default values
ME File System Corrupted: No
UpdateInProgress: No
Note: no --family given: assuming ME 6-10 (intelmetool / Lynx Point layout)
EOF2

# options after the values, global --json before the command
run seed-family 0 status --decode 1e000245 0x76442312 --family ME9 &&
grep_out seed-family '^Family: ME 6-10$' &&
grep_out seed-family '^Phase: FWUpdate$'
if grep -q '^Note' "$tmp/out"; then bad "seed-family: note without need"; fi

run unknown 0 status --decode 0x0001F08F 0x80000000 --family "ME 6-10" &&
grep_out unknown '^CurrentState: Unknown (15)$' &&
grep_out unknown '^OperationalState: Unknown (2)$' &&
grep_out unknown '^Phase: Unknown (8)$' &&
grep_out unknown '^ME File System Corrupted: No$'

run mfs 0 status --decode 0x1E000245 0x76442352 --family ME9 &&
grep_out mfs '^ME File System Corrupted: Yes$'

run progress 0 status -d 0x1E000A45 0x70322312 -f ME9 &&
grep_out progress '^FW Update Progress: 50%$'

run me5 0 status --decode 0x3009065A --family ME5 &&
expect_out me5 <<'EOF2'
Family: ME 2-5
FW Status Register1: 0x3009065A
Note: register layout of ME <= 5 is not publicly documented; shown raw
EOF2

run csme 0 status --decode 0x1E00024E 0x80000000 --family CSME11 &&
grep_out csme '^CurrentState: Halt$' &&
grep_out csme '^Phase: Maestro$'
if grep -q '^ME File System Corrupted' "$tmp/out"; then
	bad "csme: HFSTS2[6] decoded on CSME 11+"
else
	ok
fi

run json 0 --json status --decode 0x1E000245 0x76442312 &&
grep_out json '"devices": \[' &&
grep_out json '"current_state": "Normal"' &&
grep_out json '"icc": "No valid OEM data, ICC programmed with default values"' &&
grep_out json '"mfs_corrupted": "No"' &&
grep_out json '"hfsts": \[' &&
grep_out json '"0x76442312"' &&
grep_out json '"family_assumed": true'
run json-sub 0 status --json --decode 0x1E000245
if grep -q '"phase"' "$tmp/out"; then bad "json-sub: phase without HFSTS2"; else ok; fi

# --- usage errors: one line on stderr, exit 2 ---
run bad-hex 2 status --decode 0x1E000245 zz &&
expect_err bad-hex "mefwctl: invalid register value 'zz': expected a hexadecimal number such as 0x1E000245"
run too-big 2 status --decode 100000000 &&
expect_err too-big "mefwctl: register value '100000000' does not fit in 32 bits"
run too-many 2 status --decode 1 2 3 4 5 6 7 &&
expect_err too-many "mefwctl: too many register values: 7 given, at most 6 (HFSTS1..HFSTS6)"
run none 2 status --decode &&
expect_err none "mefwctl: no register value given (expected HFSTS1 [HFSTS2 ...])"
run bad-family 2 status --decode 1 --family ME42x &&
expect_err bad-family "mefwctl: unknown ME family 'ME42x' (expected e.g. ME9, \"ME 6-10\", ME5, CSME11)"
run family-no-decode 2 status --family ME9 &&
expect_err family-no-decode "mefwctl: status: --family only applies with --decode"
run family-noarg 2 status --decode 1 --family &&
expect_err family-noarg "mefwctl: status: option '--family' needs a value"
run bad-opt 2 status --frobnicate &&
expect_err bad-opt "mefwctl: status: unknown option '--frobnicate' (see 'mefwctl status --help')"
run no-cmd 2 &&
expect_err no-cmd "mefwctl: no command given (see 'mefwctl --help')"
run bad-cmd 2 frob &&
expect_err bad-cmd "mefwctl: unknown command 'frob' (see 'mefwctl --help')"
run bad-dev 2 status sda &&
expect_err bad-dev "mefwctl: 'sda' is not an ME device name (expected mefwN, /dev/mefwN or meiN)"
run help 0 --help && grep_out help '^  status '
run status-help 0 status --help && grep_out status-help '--decode'
run version 0 --version && grep_out version '^mefwctl '

# --- devices through a fake sysfs root ---
export MEFW_SYSROOT="$tmp/root"
mkdir -p "$tmp/root"
run no-me 1 status &&
expect_err no-me "mefwctl: no Intel ME found: mefw.ko is not loaded (no /sys/class/mefw) and no /sys/class/mei device (is mei-me or mei-sim loaded?)"
run no-such-dev 1 status mefw0 &&
expect_err no-such-dev "mefwctl: no such ME device: mefw0 (/sys/class/mefw/mefw0 does not exist)"

mkdir -p "$tmp/root/sys/class/mei/mei0"
printf '1E000245\n76442312\n00000200\n00000000\n00000000\n00000000\n' \
	>"$tmp/root/sys/class/mei/mei0/fw_status"
printf '0:9.0.20.1447\n0:9.0.20.1447\n0:9.0.20.1427\n' \
	>"$tmp/root/sys/class/mei/mei0/fw_ver"
run mei-sysfs 0 status &&
expect_out mei-sysfs <<'EOF2'
Device: mei0
Family: ME 6-10
FW Status Register1: 0x1E000245
FW Status Register2: 0x76442312
FW Status Register3: 0x00000200
FW Status Register4: 0x00000000
FW Status Register5: 0x00000000
FW Status Register6: 0x00000000
CurrentState: Normal
ManufacturingMode: Disabled
FlashPartition: Valid
OperationalState: M0 with UMA
InitComplete: Complete
BUPLoadState: Success
ErrorCode: No Error
ModeOfOperation: Normal
Phase: FWUpdate
ICC: No valid OEM data, ICC programmed with default values
ME File System Corrupted: No
UpdateInProgress: No
FW Version: 9.0.20.1447
Recovery Version: 9.0.20.1447
FITC Version: 9.0.20.1427
Note: identity unavailable: mefw.ko is not loaded (registers and version read from /sys/class/mei/mei0)
EOF2
run mei-sysfs-json 0 status --json mei0 &&
grep_out mei-sysfs-json '"source": "mei-sysfs"' &&
grep_out mei-sysfs-json '"fw_version": "9.0.20.1447"' &&
grep_out mei-sysfs-json '"identity": null'

checks_done "$NAME"
