#!/bin/sh
# mefwctl status in the VM, on the real mei bus: no ME at all; mei-sim
# without mefw.ko (mei sysfs fallback); the default identity (seed 000)
# through mefw.ko, text and JSON; a CSME 12 (unsupported protocol); ME 5
# (registers raw).
. /tests/lib.sh

out=/tmp/cli-status.out
err=/tmp/cli-status.err

# st [ARGS...]: run mefwctl, output in $out / $err, exit code in $rc
st() {
	mefwctl "$@" >"$out" 2>"$err"
	rc=$?
}

# has LINE: $out has exactly this line
has() {
	grep -qxF -- "$1" "$out" || {
		echo "--- output:"; cat "$out"; echo "--- stderr:"; cat "$err"
		fail "no line '$1'"
	}
	echo "ok: '$1'"
}

# hasnt PATTERN: no line of $out matches
hasnt() {
	if grep -q -- "$1" "$out"; then
		cat "$out"
		fail "unexpected '$1'"
	fi
}

# seed 000, what MEInfo printed
seed_fields() {
	has "FW Status Register1: 0x1E000245"
	has "FW Status Register2: 0x76442312"
	has "FW Status Register3: 0x00000200"
	has "FW Status Register4: 0x00000000"
	has "FW Status Register5: 0x00000000"
	has "FW Status Register6: 0x00000000"
	has "CurrentState: Normal"
	has "ManufacturingMode: Disabled"
	has "FlashPartition: Valid"
	has "OperationalState: M0 with UMA"
	has "InitComplete: Complete"
	has "BUPLoadState: Success"
	has "ErrorCode: No Error"
	has "ModeOfOperation: Normal"
	has "Phase: FWUpdate"
	has "ICC: No valid OEM data, ICC programmed with default values"
	has "ME File System Corrupted: No"
	has "UpdateInProgress: No"
	has "FW Version: 9.0.20.1447"
}

# ---- nothing loaded: a clear error, exit 1 ----
[ -e /sys/class/mei/mei0 ] && fail "mei0 present before the case"
st status
expect_eq "no-ME exit code" "$rc" 1
grep -q '^mefwctl: no Intel ME found: ' "$err" || fail "no-ME message: $(cat "$err")"
expect_eq "no-ME stderr lines" "$(wc -l <"$err" | tr -d ' ')" 1

# ---- mei-sim only: registers and version from /sys/class/mei ----
sim_load
n=50
while [ "$(head -n 1 /sys/class/mei/mei0/fw_ver)" = "0:0.0.0.0" ] && [ $n -gt 0 ]; do
	usleep 100000
	n=$((n - 1))
done
st status
expect_eq "mei-sysfs exit code" "$rc" 0
has "Device: mei0"
has "Family: ME 6-10"
seed_fields
has "FITC Version: 9.0.20.1427"
grep -q '^Note: identity unavailable: mefw.ko is not loaded' "$out" ||
	fail "no identity note: $(cat "$out")"

# ---- mefw.ko: identity through the ioctl ----
mefw_load
st status
expect_eq "status exit code" "$rc" 0
[ -s "$err" ] && fail "stderr not empty: $(cat "$err")"
cat "$out"
has "Device: mefw0 (mei0)"
has "Family: ME 6-10"
seed_fields
has "Recovery Version: 9.0.20.1447"
has "FITC Version: 9.0.20.1427"
has "VendorID: 8086"
has "PCH Version: 4"
has "Local FWUpdate: Enabled"
has "HMRFPO: Locked"
has "Update Protocol: legacy FWUpdate client, MTU 512"
grep -q '^SKU: 0x00000013 (1.5MB (consumer)' "$out" || fail "SKU line"
hasnt '^Note:'

st status /dev/mefw0
expect_eq "status /dev/mefw0 exit code" "$rc" 0
has "Device: mefw0 (mei0)"
st status mefw7
expect_eq "status mefw7 exit code" "$rc" 1
grep -q "^mefwctl: no such ME device: mefw7" "$err" || fail "mefw7: $(cat "$err")"

st status --json
expect_eq "json exit code" "$rc" 0
for kv in '"device": "mefw0"' '"source": "mefw"' '"family": "ME 6-10"' \
	'"fw_version": "9.0.20.1447"' '"current_state": "Normal"' \
	'"phase": "FWUpdate"' '"0x1E000245"' '"0x76442312"' \
	'"protocol": "legacy_fwu"' '"local_update": "enabled"' \
	'"hmrfpo": "locked"' '"mtu": 512'; do
	grep -qF -- "$kv" "$out" || { cat "$out"; fail "json: no $kv"; }
done
# well-formed enough: balanced braces and brackets, one top-level object
o=$(tr -cd '{' <"$out" | wc -c); c=$(tr -cd '}' <"$out" | wc -c)
expect_eq "json braces" "$o" "$c"
o=$(tr -cd '[' <"$out" | wc -c); c=$(tr -cd ']' <"$out" | wc -c)
expect_eq "json brackets" "$o" "$c"
expect_eq "json first line" "$(head -n 1 "$out")" "{"
expect_eq "json last line" "$(tail -n 1 "$out")" "}"

# an unprivileged user cannot open /dev/mefw0 (0600): registers from sysfs
chmod 600 /dev/mefw0
if su -s /bin/sh nobody -c true 2>/dev/null; then
	su -s /bin/sh nobody -c "mefwctl status" >"$out" 2>"$err"
	expect_eq "unprivileged exit code" "$?" 0
	has "Device: mefw0 (mei0)"
	has "CurrentState: Normal"
	has "FW Version: 9.0.20.1447"
	has "Note: identity unavailable: cannot open /dev/mefw0: Permission denied"
else
	echo "note: no su in this VM, unprivileged check not run"
fi
mods_unload

# ---- CSME 12: registers shown, update protocol not supported ----
sim_load identity=csme12
mefw_load
st status
expect_eq "csme12 exit code" "$rc" 0
cat "$out"
has "Family: CSME 11+"
has "FW Status Register1: 0x90000245"
has "FW Status Register6: 0x40000000"
has "Update Protocol: not supported"
grep -q "^ME File System Corrupted" "$out" &&
	fail "csme12: HFSTS2[6] decoded on CSME 11+"
grep -q "^Note: firmware update protocol not supported for this generation (the legacy FWUpdate client answers every request with 'invalid command' 0x8D)" "$out" ||
	fail "no unsupported note"
st status --json
grep -qF '"protocol": "unsupported"' "$out" || fail "json: protocol"
mods_unload

# ---- ME 5: one register, raw, with the note ----
sim_load identity=me5
mefw_load
st status
expect_eq "me5 exit code" "$rc" 0
cat "$out"
has "Family: ME 2-5"
has "FW Status Register1: 0x3009065A"
has "FW Version: 5.0.1.1111"
has "Note: register layout of ME <= 5 is not publicly documented; shown raw"
hasnt '^CurrentState'
grep -q '^SKU: 0x00000000 (not interpreted)$' "$out" || fail "me5 SKU interpreted"
hasnt '^FW Status Register2'
mods_unload
echo "cli-status: all checks passed"
