#!/bin/sh
# mei-sim: unbind the platform device while mefw is bound and a request
# is blocked on a muted FW; then rebind and unload.
. /tests/lib.sh
[ -r "$MODDIR/mefw.ko" ] || skip "mefw.ko not available"
sim_load
insmod "$MODDIR/mefw.ko" 2>/dev/null || { mods_unload; skip "mefw.ko does not load"; }
wait_for /dev/mefw0 10 || { mods_unload; skip "no /dev/mefw0"; }
echo Y > /sys/module/mei_sim/parameters/mute
# a request that blocks on the muted FW (identity query), if the tool exists
if command -v mefwctl >/dev/null; then
	mefwctl status > /tmp/st.out 2>&1 &
	pid=$!
	sleep 1
fi
drv=/sys/bus/platform/drivers/mei-sim
echo mei-sim > $drv/unbind || fail unbind
wait_gone /sys/class/mei/mei0 10 || fail "mei0 still there after unbind"
[ -e /dev/mefw0 ] && fail "/dev/mefw0 still there after unbind"
[ -n "${pid:-}" ] && { wait $pid; echo "mefwctl: rc=$? $(tail -n 2 /tmp/st.out)"; }
echo N > /sys/module/mei_sim/parameters/mute
echo mei-sim > $drv/bind || fail bind
wait_for /dev/mefw0 20 || fail "mefw did not rebind"
mods_unload
