#!/bin/sh
# The simulator's faults reach the CLI through mefwd
# with the right FWUpdLcl code, message and `mefwctl explain` hint:
#   error stage:4 5  (seed 000: "Stage 4 of 19", 8707 internal error)
#   reset data:300   (the ME resets mid-transfer: 8193, device gone)
#   noreply start    (the ME does not answer: 8718)
# `mefwctl update` exits 3, prints "Error CODE: ..." and "Run 'mefwctl
# explain CODE' ...", the history has the code and message, the firmware
# status printed live is the history's (0x5 for seed 000), `mefwctl
# explain CODE` explains it, and a good update works right after each
# (the daemon follows the ME across its reset).
. /tests/lib.sh

need_images
MEFWD_STATE=/var/lib/mefw-05

mefwd_world "stage_ms=20" "poll_ms=20 reply_timeout_ms=1000" --no-polkit

# dbus_fault FAULT CODE [PATTERN]: update with FAULT armed -> exit 3, CODE
dbus_fault() {
	f0=$(sim_fired)
	echo "$1" > $SIMDBG/fault || fail "arm '$1'"
	mefwctl update --yes --allow-same-version /data/sim/good.bin > /tmp/f.out 2>&1; rc=$?
	echo "--- $1: exit $rc"
	cat /tmp/f.out
	expect_eq "$1: fired" "$(sim_fired)" $((f0 + 1))
	expect_eq "$1: exit" "$rc" 3
	grep -q "^Error $2: ." /tmp/f.out || fail "$1: no 'Error $2: ...' line"
	grep -q "Run 'mefwctl explain $2'" /tmp/f.out || fail "$1: no explain hint for $2"
	mefwctl history --json --limit 1 > /tmp/h.json || fail "history"
	expect_eq "$1: history state" "$(jget /tmp/h.json '.transactions[0].state')" failed
	expect_eq "$1: history code" "$(jget /tmp/h.json '.transactions[0].code')" "$2"
	m=$(jget /tmp/h.json '.transactions[0].message')
	[ -n "$m" ] || fail "$1: no message in the history"
	[ -z "${3:-}" ] || echo "$m" | grep -q "$3" || fail "$1: message '$m' lacks '$3'"
	# what `update` printed live says the firmware status the history has
	fs=$(jget /tmp/h.json '.transactions[0].fw_status')
	if [ "$fs" -ne 0 ]; then
		grep -q "(firmware status $(printf '0x%x' "$fs"))" /tmp/f.out ||
			fail "$1: history fw_status $fs, live output says otherwise"
		grep -q '^Error 8741: .' /tmp/f.out || fail "$1: fw_status $fs but no 'Error 8741' line"
	elif grep -q 'firmware status\|^Error 8741:' /tmp/f.out; then
		fail "$1: history fw_status 0, live output names a firmware status"
	fi
	mefwctl explain "$2" > /tmp/e.out 2>&1 || fail "explain $2: $(cat /tmp/e.out)"
	[ "$(wc -l < /tmp/e.out)" -ge 3 ] || fail "explain $2: $(cat /tmp/e.out)"
	head -n 3 /tmp/e.out
	sleep "${SETTLE:-0}"
	wait_for /dev/mefw0 10 || fail "no /dev/mefw0"
	mefwctl update --yes --allow-same-version /data/sim/good.bin > /tmp/g.out 2>&1 ||
		fail "good update after '$1': $(cat /tmp/g.out)"
	echo "ok: $1 -> $2, then a good update"
}

dbus_fault 'error stage:4 5' 8707
# the good update after it is the newest; the fault's is the one before
mefwctl history --json --limit 2 > /tmp/h.json
expect_eq "stage 4: stage" "$(jget /tmp/h.json '.transactions[1].stage')" 4
expect_eq "stage 4: of" "$(jget /tmp/h.json '.transactions[1].total_stages')" 19
expect_eq "stage 4: fw status" "$(jget /tmp/h.json '.transactions[1].fw_status')" 5
mefwctl explain 8707 | grep -qi 'stage 4' || fail "explain 8707 does not mention seed 000's stage 4"
SETTLE=1 dbus_fault 'reset data:300' 8193
dbus_fault 'noreply start' 8718
mefwd_alive || fail "mefwd does not answer"
no_image_copies

mefwd_stop || fail "mefwd exit status $?"
bus_stop
mods_unload
exit 0
