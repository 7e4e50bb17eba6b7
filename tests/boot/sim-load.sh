#!/bin/sh
# mefw-boottest-sim.service (boot test world only): load mei.ko and the
# simulated ME with its flash on the persistent disk
# (/var/lib/mei-sim/flash.bin, on the overlay's upper) and the test key.
# A case can add module parameters for the next boots in
# /var/lib/mei-sim/params (one line) and arm a one-shot fault for the next
# boot in /var/lib/mei-sim/fault (a line for debugfs mei-sim/fault,
# written right after the load, before mefw binds or an offline update
# runs; the file is consumed).
set -u
d=/var/lib/mei-sim
mkdir -p "$d"
params=$(cat "$d/params" 2>/dev/null || true)
log() { echo "mefw-boottest-sim: $*"; echo "mefw-boottest-sim: $*" > /dev/kmsg; }
modprobe mei || { log "modprobe mei failed"; exit 1; }
# shellcheck disable=SC2086
insmod /run/boottest/mei-sim.ko flash="$d/flash.bin" fused_key=test $params ||
	{ log "insmod mei-sim $params failed"; exit 1; }
if [ -s "$d/fault" ]; then
	grep -q ' /sys/kernel/debug ' /proc/mounts ||
		mount -t debugfs debugfs /sys/kernel/debug
	f=$(cat "$d/fault")
	if echo "$f" > /sys/kernel/debug/mei-sim/fault; then
		log "fault armed: $f ($(cat /sys/kernel/debug/mei-sim/fault))"
	else
		log "arming the fault '$f' failed"
	fi
	mv "$d/fault" "$d/fault.armed-boot$(cat /run/boottest/bootno)"
fi
log "loaded: flash=$d/flash.bin fused_key=test $params"
