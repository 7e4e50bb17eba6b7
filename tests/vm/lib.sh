# Helpers for VM test cases (busybox sh).  Sourced: `. /tests/lib.sh`.
# A case exits 0 to pass, 77 to skip (last line says why), else fails.
# The assertions (fail, skip, ok, bad, checks_done, expect_eq,
# expect_contains, wait_for, wait_gone, wait_until): tests/assert.sh.

MODDIR=/lib/mefw
# mei-sim's debugfs directory, the HECI clients' UUIDs (FWUpdate, MKHI)
SIMDBG=/sys/kernel/debug/mei-sim
FWU=309dcde8-ccb1-4062-8f78-600115a34327
MKHI=8e6a6715-9abc-4043-88ef-9e39c6f63e0f

# need_images: the test images of build/vm-data (mk/sim-tools.mk, always
# built with the programs) are in /data/sim; fails the case otherwise
need_images() {
	[ -f /data/sim/good.bin ] || fail "no /data/sim images (make builds build/vm-data)"
}

# sim_val KEY: the value of KEY in mei-sim's debugfs state file
sim_val() { sed -n "s/^$1  *//p" $SIMDBG/state; }

# zeros N: N zero bytes in hex (for heci-raw messages and replies)
zeros() { printf "%0$(($1 * 2))d" 0; }

# raw UUID HEX...: heci-raw's reply; fails the case when heci-raw fails
raw() { heci-raw "$@" || fail "heci-raw $* (exit $?)"; }

. /tests/assert.sh

# sim_load [PARAM=VALUE...]: load mei-sim and wait for the ME to enumerate
sim_load() {
	insmod "$MODDIR/mei-sim.ko" "$@" || fail "insmod mei-sim $*"
	wait_for /sys/class/mei/mei0 10 || fail "mei0 did not appear"
	# enumeration done when dev_state reads ENABLED
	n=100
	while [ "$(cat /sys/class/mei/mei0/dev_state 2>/dev/null)" != ENABLED ]; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || fail "mei0 not ENABLED: $(cat /sys/class/mei/mei0/dev_state)"
		usleep 100000
	done
}

# mefw_load [PARAM=VALUE...]: load mefw and wait for /dev/mefw0
mefw_load() {
	insmod "$MODDIR/mefw.ko" "$@" || fail "insmod mefw $*"
	wait_for /dev/mefw0 10 || fail "/dev/mefw0 did not appear"
}

# mods_unload: unload mefw and mei-sim if loaded; fails the case if stuck
mods_unload() {
	if [ -d /sys/module/mefw ]; then
		rmmod mefw || fail "rmmod mefw"
	fi
	if [ -d /sys/module/mei_sim ]; then
		rmmod mei_sim || fail "rmmod mei_sim"
	fi
	wait_gone /sys/class/mei/mei0 10 || fail "mei0 still present"
}

# begin_cancel_cancelled PID: the `mefw-ioctl-test begin-cancel` run PID
# (output in /tmp/bc.out) ended with CANCEL OK, BEGIN ECANCELED and the
# transaction CANCELLED
begin_cancel_cancelled() {
	wait "$1" || fail "begin-cancel: $(cat /tmp/bc.out)"
	cat /tmp/bc.out
	expect_eq "CANCEL" "$(sed -n 's/^cancel=//p' /tmp/bc.out)" OK
	expect_eq "BEGIN" "$(sed -n 's/^begin=//p' /tmp/bc.out)" ECANCELED
	expect_eq "state" "$(sed -n 's/^state=//p' /tmp/bc.out)" 7
}

# expect_fw_version WHEN VERSION: mefw0's sysfs fw_version ("fw_version
# WHEN") and `mefwctl status` (its "FW Version:" line) say VERSION
expect_fw_version() {
	expect_eq "fw_version $1" "$(cat /sys/class/mefw/mefw0/fw_version)" "$2"
	mefwctl status > /tmp/status.out 2>&1 || { cat /tmp/status.out; fail "mefwctl status"; }
	grep -qxF "FW Version: $2" /tmp/status.out ||
		{ cat /tmp/status.out; fail "mefwctl status does not report $2"; }
	ok "mefwctl status: FW Version: $2"
}

# ---- fault injection (mei-sim's debugfs "fault") ----
# sim_fired: how many times the armed fault fired
sim_fired() { sed -n 's/^fired: //p' $SIMDBG/fault; }

# sim_fault_ready: wait until the update engine is idle and the ME
# enumerated again
sim_fault_ready() {
	n=100
	while { [ "$(sim_val update)" != idle ] ||
		[ "$(cat /sys/class/mei/mei0/dev_state 2>/dev/null)" != ENABLED ] ||
		! grep -q '^fwu .*idle' $SIMDBG/state; } && [ $n -gt 0 ]; do
		usleep 100000; n=$((n - 1))
	done
	[ $n -gt 0 ] || fail "not idle: update=$(sim_val update) dev_state=$(cat /sys/class/mei/mei0/dev_state)"
}

# sim_fault_good WHAT: a good update of $IMG with fwu-raw after WHAT
sim_fault_good() {
	out=$(fwu-raw -t 3000 -p 5 $IMG 2>&1); rc=$?
	[ $rc = 0 ] || { echo "$out"; fail "good update after '$1': rc $rc"; }
	sim_fault_ready
}

# sim_fault KIND POINT RC PATTERN: arm the fault, push $IMG raw over
# /dev/mei0 with fwu-raw (FAULT_WAIT: seconds it waits for progress,
# default 2), check the exit code (RC: grep -E alternatives), a line
# matching PATTERN and that the fault fired once (a difference is counted
# with bad: the case ends with checks_done), then a good update
sim_fault() {
	f0=$(sim_fired)
	echo "$1 $2" > $SIMDBG/fault || fail "arm '$1 $2'"
	out=$(fwu-raw -t 1000 -p 5 -w "${FAULT_WAIT:-2}" $IMG 2>&1); rc=$?
	line=$(echo "$out" | grep -E -m1 "$4")
	f1=$(sim_fired)
	if ! echo "$rc" | grep -qE "^($3)$" || [ -z "$line" ] || [ "$f1" != $((f0 + 1)) ]; then
		echo "$out" | grep -v '^progress: [0-9]' | sed 's/^/    /'
		bad "'$1 $2': rc $rc (want $3), '$4' ${line:+found}, fired $f0 -> $f1"
	else
		ok "'$1 $2' -> $rc: $line"
	fi
	[ "$1" = powercut ] && return
	# a stalled engine stays stalled until the next START aborts it
	if [ "$1" = stall ]; then
		expect_eq "stalled" "$(sim_val update)" stalled
	else
		sim_fault_ready
	fi
	sim_fault_good "$1 $2"
}

# upd_fault FAULT STATE CODE FW_STATUS [ERRNO [EXTRA]]: arm FAULT, update
# $IMG with mefw-flash, check its result line (ERRNO "" is not checked;
# EXTRA is one more pattern), that the fault fired once, then a good
# update.  UPD_SETTLE: seconds to let an ME reset settle before it.
upd_fault() {
	f0=$(sim_fired)
	echo "$1" > $SIMDBG/fault || fail "arm '$1'"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/c.out 2>&1
	res=$(grep '^result:' /tmp/c.out)
	echo "$1: $res"
	want="state=$2 error=$3 fw_status=$4 "
	[ -n "$5" ] && want="${want}errno=$5 "
	echo "$res" | grep -q "$want" || fail "$1: want '$want': $(cat /tmp/c.out)"
	[ -z "$6" ] || echo "$res" | grep -q "$6" || fail "$1: want '$6': $res"
	[ "$2" = succeeded ] || echo "$res" | grep -q ' hfsts1=0x' || fail "$1: no registers"
	[ "$(sim_fired)" = $((f0 + 1)) ] || fail "$1: the fault did not fire once: $(cat $SIMDBG/fault)"
	sleep "${UPD_SETTLE:-0}"
	wait_for /dev/mefw0 10 || fail "no /dev/mefw0"
	mefw-flash --quiet --allow-same-version $IMG > /tmp/g.out 2>&1 ||
		fail "good update after '$1': $(cat /tmp/g.out)"
}

# ---- the D-Bus world ----
# run.sh puts dbus-daemon, systemd-udevd, systemd-journald, polkitd,
# busctl and journalctl into the initramfs when a case calls bus_start.
#
#   bus_start [--no-polkit] [--no-journal]
#       systemd-udevd (so that sd-device monitors see add/remove), systemd-journald (binds
#       /run/systemd/journal/socket itself), the system bus (dbus-daemon
#       --system, Debian's system.conf, our policy org.mefw1.conf and
#       activation file), polkitd with our action and the test rule
#       "group mefwupd may update and cancel" (user bob; alice may not).
#       Empties $MEFWD_STATE and /var/lib/mefw first.
#   mefwd_start [ARGS]   mefwd --trust-test-key --state-dir $MEFWD_STATE
#       ARGS in the background (stdout+stderr appended to $MEFWD_LOG);
#       returns once org.mefw1 is on the bus.  $MEFWD_PID is its pid.
#   mefwd_stop           SIGTERM, wait (10 s); returns mefwd's exit status
#   mefwd_kill9          SIGKILL, wait until it is gone
#   mefwd_alive          mefwd answers on the bus (Manager.Version)
#   bus_stop             stops mefwd (if running), polkitd, the bus,
#       journald and udevd.  init.sh
#       calls it after every case that left the world running.
#   as_user USER CMD [ARGS]   run CMD as USER (su)
#   has_owner NAME       NAME has an owner on the system bus
BUSW=/run/mefw-test
MEFWD_STATE=${MEFWD_STATE:-/var/lib/mefw-test}
MEFWD_LOG=${MEFWD_LOG:-/tmp/mefwd.log}

has_owner() {
	busctl --system call org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus NameHasOwner s "$1" 2>/dev/null | grep -q true
}

# wait_owner NAME SECS [PID]: NAME owned on the bus; fail early if PID died
wait_owner() {
	n=$(( $2 * 20 ))
	until has_owner "$1"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		[ -z "${3:-}" ] || kill -0 "$3" 2>/dev/null || return 1
		usleep 50000
	done
}

bus_start() {
	[ -x /usr/bin/dbus-daemon ] || fail "no bus world in the initramfs (run.sh adds it when a case calls bus_start)"
	polkit=1 journal=1
	for a; do
		case "$a" in
		--no-polkit) polkit= ;;
		--no-journal) journal= ;;
		*) fail "bus_start: unknown option $a" ;;
		esac
	done
	# plain output from busctl and journalctl
	export SYSTEMD_COLORS=0 SYSTEMD_PAGER=
	# a fresh world: no state of an earlier case (ours, and the activated
	# daemon's default)
	rm -rf "$MEFWD_STATE" /var/lib/mefw
	mkdir -p $BUSW /run/dbus /run/udev /run/systemd/journal /var/lib "$MEFWD_STATE"
	# GLib (polkitd) finds the bus at /var/run/dbus; journald wants the
	# cgroup2 hierarchy
	[ -e /var/run ] || ln -s /run /var/run
	grep -q ' /sys/fs/cgroup ' /proc/mounts ||
		mount -t cgroup2 cgroup2 /sys/fs/cgroup || fail "mount cgroup2"
	# udev, like initramfs-tools' init-top/udev (the Debian kernel has no
	# uevent helper: CONFIG_UEVENT_HELPER is off, so no mdev to stop)
	[ -w /proc/sys/kernel/hotplug ] && echo > /proc/sys/kernel/hotplug
	/lib/systemd/systemd-udevd --daemon --resolve-names=never 2>> $BUSW/udevd.log ||
		fail "systemd-udevd did not start: $(cat $BUSW/udevd.log)"
	pidof systemd-udevd > $BUSW/udevd.pid
	udevadm trigger --type=subsystems --action=add
	udevadm trigger --type=devices --action=add
	udevadm settle -t 10 || echo "bus_start: udevadm settle timed out"
	if [ -n "$journal" ]; then
		/lib/systemd/systemd-journald > $BUSW/journald.log 2>&1 &
		echo $! > $BUSW/journald.pid
		wait_for /run/systemd/journal/socket 10 ||
			fail "systemd-journald did not start: $(cat $BUSW/journald.log)"
		ln -sf /run/systemd/journal/dev-log /dev/log
	fi
	dbus-daemon --system --fork --print-pid=3 3> $BUSW/dbus.pid 2> $BUSW/dbus.log ||
		fail "dbus-daemon did not start: $(cat $BUSW/dbus.log)"
	wait_for /run/dbus/system_bus_socket 10 || fail "no /run/dbus/system_bus_socket"
	if [ -n "$polkit" ]; then
		/usr/lib/polkit-1/polkitd --no-debug > $BUSW/polkitd.log 2>&1 &
		echo $! > $BUSW/polkitd.pid
		wait_owner org.freedesktop.PolicyKit1 20 "$(cat $BUSW/polkitd.pid)" ||
			fail "polkitd did not get on the bus: $(cat $BUSW/polkitd.log)"
	fi
	echo "bus_start: udevd, ${journal:+journald, }dbus-daemon${polkit:+, polkitd} running"
}

# mefwd_world SIM_PARAMS MEFW_PARAMS [BUS_START_OPTIONS]: mei-sim and
# mefw loaded with those parameters (space-separated), the D-Bus world
# up (bus_start), mefwd on the bus (mefwd_start)
mefwd_world() {
	_mw_sim=$1 _mw_mefw=$2
	shift 2
	# the parameter lists are split into words on purpose
	# shellcheck disable=SC2086
	sim_load $_mw_sim
	# shellcheck disable=SC2086
	mefw_load $_mw_mefw
	bus_start "$@"
	mefwd_start
}

mefwd_start() {
	[ -x /usr/bin/mefwd ] || fail "no /usr/bin/mefwd (build/bin/mefwd not built)"
	mkdir -p "$MEFWD_STATE"
	mefwd --trust-test-key --state-dir "$MEFWD_STATE" "$@" >> "$MEFWD_LOG" 2>&1 &
	MEFWD_PID=$!
	echo $MEFWD_PID > $BUSW/mefwd.pid
	wait_owner org.mefw1 20 $MEFWD_PID || {
		cat "$MEFWD_LOG"
		fail "mefwd $* did not get on the bus"
	}
}

# mefw_unplug_seen: rmmod mefw, then wait (5 s) until mefwd says mefw0 is
# not present
mefw_unplug_seen() {
	rmmod mefw || fail "rmmod mefw"
	n=50
	until busctl --system get-property org.mefw1 /org/mefw1/device/mefw0 \
		org.mefw1.Device Present | grep -q false; do
		n=$((n - 1)); [ $n -gt 0 ] || fail "mefw0 still present"
		usleep 100000
	done
}

mefwd_alive() {
	busctl --system get-property org.mefw1 /org/mefw1 org.mefw1.Manager Version > /dev/null 2>&1
}

# _stop_pid PID SIG SECS: signal PID, wait until it is gone
_stop_pid() {
	kill -"$2" "$1" 2>/dev/null || return 0
	n=$(( $3 * 10 ))
	while kill -0 "$1" 2>/dev/null; do
		# a zombie child of this shell is gone for our purposes
		grep -q '^State:.*Z' /proc/"$1"/status 2>/dev/null && break
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		usleep 100000
	done
}

mefwd_stop() {
	[ -n "${MEFWD_PID:-}" ] || MEFWD_PID=$(cat $BUSW/mefwd.pid 2>/dev/null)
	[ -n "$MEFWD_PID" ] || return 0
	_stop_pid "$MEFWD_PID" TERM 10 || {
		kill -9 "$MEFWD_PID" 2>/dev/null
		echo "mefwd_stop: mefwd did not exit within 10 s of SIGTERM"
		return 124
	}
	wait "$MEFWD_PID" 2>/dev/null
	rc=$?
	rm -f $BUSW/mefwd.pid
	MEFWD_PID=
	return $rc
}

mefwd_kill9() {
	[ -n "${MEFWD_PID:-}" ] || MEFWD_PID=$(cat $BUSW/mefwd.pid 2>/dev/null)
	_stop_pid "$MEFWD_PID" KILL 30 || fail "mefwd survived SIGKILL for 30 s"
	wait "$MEFWD_PID" 2>/dev/null
	rm -f $BUSW/mefwd.pid
	MEFWD_PID=
}

bus_stop() {
	[ -d $BUSW ] || return 0
	if [ -f $BUSW/mefwd.pid ]; then
		mefwd_stop || echo "bus_stop: mefwd exit status $?"
	fi
	# anything started by bus activation too
	for p in $(pidof mefwd); do _stop_pid "$p" KILL 5; done
	for d in polkitd dbus journald; do
		[ -f $BUSW/$d.pid ] && _stop_pid "$(cat $BUSW/$d.pid)" TERM 5
	done
	udevadm control --exit 2>/dev/null ||
		{ [ -f $BUSW/udevd.pid ] && _stop_pid "$(cat $BUSW/udevd.pid)" TERM 5; }
	rm -rf $BUSW /run/dbus /run/udev /run/systemd /run/log /dev/log
	umount /sys/fs/cgroup 2>/dev/null
}

as_user() {
	_au_user=$1 _au_cmd=exec
	shift
	# one quoted command line (busybox su would take the command's own
	# options for its own)
	for _au_arg; do
		_au_cmd="$_au_cmd '$(printf '%s' "$_au_arg" | sed "s/'/'\\\\''/g")'"
	done
	su -s /bin/sh -c "$_au_cmd" "$_au_user"
}

# json_flat < JSON: one "PATH=VALUE" line per scalar, PATH made of .key
# and [N] (e.g. ".transactions[0].state=succeeded"); exit 2 on bad JSON
json_flat() {
	awk '
	function err(m) { printf "json_flat: %s at offset %d\n", m, pos > "/dev/stderr"; bad = 1; exit 2 }
	function ws() { while (pos <= len && index(" \t\r\n", substr(s, pos, 1))) pos++ }
	function str(   out, c) {
		pos++; out = ""
		while (pos <= len) {
			c = substr(s, pos, 1)
			if (c == "\"") { pos++; return out }
			if (c == "\\") {
				pos++; c = substr(s, pos, 1)
				if (c == "n") c = "\n"; else if (c == "t") c = "\t"
				else if (c == "u") { c = "\\u" substr(s, pos + 1, 4); pos += 4 }
			}
			out = out c; pos++
		}
		err("unterminated string")
	}
	function val(path,   c, k, n) {
		ws(); c = substr(s, pos, 1)
		if (c == "{") {
			pos++; ws()
			if (substr(s, pos, 1) == "}") { pos++; print path "={}"; return }
			for (;;) {
				ws(); if (substr(s, pos, 1) != "\"") err("key expected")
				k = str(); ws()
				if (substr(s, pos, 1) != ":") err(": expected")
				pos++; val(path "." k); ws(); c = substr(s, pos, 1); pos++
				if (c == "}") return
				if (c != ",") err(", or } expected")
			}
		}
		if (c == "[") {
			pos++; ws(); n = 0
			if (substr(s, pos, 1) == "]") { pos++; print path "=[]"; return }
			for (;;) {
				val(path "[" n++ "]"); ws(); c = substr(s, pos, 1); pos++
				if (c == "]") return
				if (c != ",") err(", or ] expected")
			}
		}
		if (c == "\"") { print path "=" str(); return }
		if (match(substr(s, pos), /^(-?[0-9.eE+-]+|true|false|null)/)) {
			print path "=" substr(s, pos, RLENGTH); pos += RLENGTH; return
		}
		err("value expected")
	}
	{ s = s $0 "\n" }
	END {
		if (bad) exit 2
		len = length(s); pos = 1; val(""); ws()
		if (pos <= len) err("trailing data")
	}'
}

# jget FILE PATH: the value at PATH (json_flat's notation) of the JSON in
# FILE; empty when absent; fails the case when FILE is not JSON
jget() {
	json_flat < "$1" > /tmp/.jget || fail "not JSON: $1: $(head -c 300 "$1")"
	sed -n "s/^$(printf '%s' "$2" | sed 's/[].[]/\\&/g')=//p" /tmp/.jget
}

# txn_prop ID PROP: a property of transaction ID via Manager.GetTransaction
# (busctl, JSON); empty when the call fails
txn_prop() {
	busctl --system --timeout=5 --json=short call org.mefw1 /org/mefw1 \
		org.mefw1.Manager GetTransaction t "$1" > /tmp/.txn 2>/dev/null || return 0
	json_flat < /tmp/.txn | sed -n "s/^\.data\[0\]\.$2\.data=//p"
}

# wait_txn ID STATE... [-t SECS]: until transaction ID is in one of the
# STATEs (default 30 s); fails the case otherwise
wait_txn() {
	id=$1 secs=30 states=
	shift
	while [ $# -gt 0 ]; do
		case "$1" in -t) secs=$2; shift 2 ;; *) states="$states $1"; shift ;; esac
	done
	end=$(( $(uptime_ms) + secs * 1000 ))
	while :; do
		st=$(txn_prop "$id" State)
		case " $states " in *" $st "*) return 0 ;; esac
		if [ "$(uptime_ms)" -gt "$end" ]; then
			mefwd_diag
			fail "transaction $id: state '$st' after ${secs} s, want one of:$states"
		fi
		usleep 100000
	done
}

# uptime_ms: /proc/uptime in milliseconds (10 ms steps)
uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# mefwd_diag: what mefwd is doing (for a failing case's output)
mefwd_diag() {
	p=${MEFWD_PID:-$(pidof mefwd)}
	echo "--- mefwd diagnostics (pid $p)"
	[ -n "$p" ] && [ -d /proc/"$p" ] || { echo "mefwd is not running"; tail -n 20 "$MEFWD_LOG" 2>/dev/null; return 0; }
	for t in /proc/"$p"/task/*; do
		echo "thread ${t##*/}: $(awk '$1 == "State:" { print $2, $3 }' "$t"/status) wchan $(cat "$t"/wchan 2>/dev/null)"
		cat "$t"/stack 2>/dev/null | head -n 8
	done
	timeout 5 busctl --system --timeout=3 call org.mefw1 /org/mefw1 org.mefw1.Manager GetQueue 2>&1 | head -c 600
	echo
	tail -n 20 "$MEFWD_LOG" 2>/dev/null
	echo "---"
}

# wait_version VERSION [SECS]: sysfs fw_version of mefw0 becomes VERSION
wait_version() {
	n=$(( ${2:-20} * 10 ))
	until [ "$(cat /sys/class/mefw/mefw0/fw_version 2>/dev/null)" = "$1" ]; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || fail "fw_version: '$(cat /sys/class/mefw/mefw0/fw_version 2>/dev/null)', want '$1'"
		usleep 100000
	done
}

# no_image_copies: nothing left in $MEFWD_STATE/images
no_image_copies() {
	left=$(ls -A "$MEFWD_STATE/images" 2>/dev/null)
	[ -z "$left" ] || fail "image copies left in $MEFWD_STATE/images: $left"
}

# txn_id FILE: the transaction id in `mefwctl update --no-wait` output
# ("Queued transaction N for mefw0; ...")
txn_id() {
	sed -n 's/.*[Tt]ransaction \([0-9][0-9]*\).*/\1/p' "$1" | head -n 1
}

# verify_hold N: writes /tmp/verify-hold.sh, an image checker for
# `mefwd_start --verify-helper /tmp/verify-hold.sh` whose first N runs
# (K = 1..N, in the order they start) write /tmp/verify-holding.K, wait
# while /tmp/verify-hold exists (30 s at most), run mefwd-verify and then
# write /tmp/verify-done.K; later runs go straight through.
# verify_release ends the wait.
verify_hold() {
	cat > /tmp/verify-hold.sh <<EOF
#!/bin/sh
k=1
while [ \$k -le $1 ] && ! mkdir /tmp/verify-slot.\$k 2>/dev/null; do
	k=\$((k + 1))
done
[ \$k -le $1 ] || exec /usr/bin/mefwd-verify "\$@"
: > /tmp/verify-holding.\$k
n=300
while [ -e /tmp/verify-hold ] && [ \$n -gt 0 ]; do
	usleep 100000
	n=\$((n - 1))
done
/usr/bin/mefwd-verify "\$@"
rc=\$?
: > /tmp/verify-done.\$k
exit \$rc
EOF
	chmod +x /tmp/verify-hold.sh
	rm -rf /tmp/verify-slot.* /tmp/verify-holding.* /tmp/verify-done.*
	: > /tmp/verify-hold
}
verify_release() {
	rm -f /tmp/verify-hold
}
