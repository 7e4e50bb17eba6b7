#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CLI-level tests of `mefwctl explain`: runs the binary ($MEFWCTL, default
# build/bin/mefwctl) and checks output, JSON keys and exit codes.
here=$(cd "$(dirname "$0")" && pwd)
NAME=cli-explain
. "$here/cli-lib.sh"

# joined output (wrapping may split a phrase over two lines)
grep_flat() { # NAME TEXT
	if tr '\n' ' ' <"$tmp/out" | sed 's/  */ /g' | grep -qF -- "$2"; then
		ok
	else
		bad "$1: no '$2' in output"; sed 's/^/  out: /' "$tmp/out"
	fi
}

narrow() { # NAME: no line longer than 80 columns, nothing on stderr
	if awk 'length($0) > 80 { exit 1 }' "$tmp/out"; then ok; else
		bad "$1: line over 80 columns"
		awk 'length($0) > 80' "$tmp/out" | sed 's/^/  long: /'
	fi
	if [ -s "$tmp/err" ]; then bad "$1: stderr not empty"; else ok; fi
}

# json_keys NAME KEY...: every key present at top level of the object
json_keys() {
	name=$1
	shift
	for k in "$@"; do
		if grep -q "^  \"$k\": " "$tmp/out"; then ok; else
			bad "$name: JSON key '$k' missing"
		fi
	done
}

# --- seed 000: 8741 then 8707 at stage 4 of 19 ---
run 8707 0 explain 8707 &&
grep_out 8707 '^Error 8707: FWU_GENERAL$' &&
grep_out 8707 '^Firmware update failed due to an internal error$' &&
grep_out 8707 '^Meaning:$' &&
grep_out 8707 '^Likely causes:$' &&
grep_out 8707 '^What to try:$' &&
grep_out 8707 '^Sources:$' &&
grep_flat 8707 '(Stage: 4 of 19)' &&
grep_flat 8707 'internal error' &&
grep_flat 8707 'Community advice: use the matching branch and SKU' &&
grep_flat 8707 'stay on ME 9.0' &&
grep_flat 8707 'global reset' &&
grep_flat 8707 'host write access to the ME region' &&
grep_flat 8707 "'mefwctl info IMAGE --against-device'" &&
narrow 8707

run 8741 0 explain 8741 &&
grep_out 8741 '^Error 8741: FWU_ERROR_FW$' &&
grep_out 8741 '^FW Update Failed\.$' &&
grep_flat 8741 'The firmware itself returned an error' &&
grep_flat 8741 "'mefwctl explain 8707'" &&
grep_flat 8741 'status registers captured at the failure' &&
narrow 8741

# --- seed 001: 8721 is not in Intel's enum ---
run 8721 0 explain 8721 &&
grep_out 8721 "^Error 8721: not in Intel's FwUpdateLib.h enum (meaning unconfirmed)$" &&
grep_out 8721 '^Firmware update through TPM is enabled. Use -tpm switch$' &&
grep_flat 8721 'Unconfirmed' &&
grep_flat 8721 'EnabledUpdateInterfaces = 5' &&
grep_flat 8721 'Update Interfaces: 0x0005' &&
narrow 8721

# --- every explained code: text within 80 columns ---
run list 0 explain --list &&
grep_out list '^8707  FWU_GENERAL: Firmware update failed due to an internal error$' &&
grep_out list '^8721  (unconfirmed): Firmware update through TPM' &&
narrow list
codes=$(sed -n 's/^\([0-9][0-9]*\) .*/\1/p' "$tmp/out")
n=$(grep -c '^[0-9]' "$tmp/out")
for c in $codes; do
	run "code-$c" 0 explain "$c" && narrow "code-$c"
done
if [ "$n" -ge 40 ]; then ok; else bad "list: only $n codes"; fi

# --- JSON ---
run json 0 explain 8707 --json &&
json_keys json code name message meaning causes remedies sources &&
grep_out json '^  "code": 8707,$' &&
grep_out json '^  "name": "FWU_GENERAL",$'
run json-global 0 --json explain 8741 &&
json_keys json-global code name message meaning causes remedies sources
run json-8721 0 explain -j 8721 &&
grep_out json-8721 '^  "name": null,$'
run json-list 0 explain --list --json &&
grep_out json-list '"codes": \[' &&
grep_out json-list '"code": 8721,'
if command -v python3 >/dev/null 2>&1; then
	for args in "explain 8707 --json" "explain 8721 --json" \
		"explain --list --json"; do
		# shellcheck disable=SC2086
		if "$M" $args | python3 -c 'import json,sys; json.load(sys.stdin)'
		then ok; else bad "json-valid: $args"; fi
	done
fi

# --- errors ---
run unknown 1 explain 1234 &&
expect_err unknown "mefwctl: no explanation for code 1234 (see 'mefwctl explain --list')"
run unknown-json 1 explain 9999 --json &&
expect_err unknown-json "mefwctl: no explanation for code 9999 (see 'mefwctl explain --list')"
run zero 1 explain 0 &&
expect_err zero "mefwctl: no explanation for code 0 (see 'mefwctl explain --list')"
run non-numeric 2 explain abc &&
expect_err non-numeric "mefwctl: invalid error code 'abc': expected a decimal number such as 8707"
run hex 2 explain 0x2203 &&
expect_err hex "mefwctl: invalid error code '0x2203': expected a decimal number such as 8707"
run too-big 2 explain 4294967296 &&
expect_err too-big "mefwctl: error code '4294967296' is too large"
run none 2 explain &&
expect_err none "mefwctl: explain: no CODE given (see 'mefwctl explain --help')"
run two 2 explain 8707 8741 &&
expect_err two "mefwctl: explain: more than one CODE given ('8707', '8741')"
run list-code 2 explain --list 8707 &&
expect_err list-code "mefwctl: explain: --list takes no CODE ('8707' given)"
run bad-opt 2 explain --frobnicate 8707 &&
expect_err bad-opt "mefwctl: explain: unknown option '--frobnicate' (see 'mefwctl explain --help')"
run help 0 explain --help && grep_out help '^Usage: mefwctl explain'
run main-help 0 --help && grep_out main-help '^  explain '

checks_done "$NAME"
