#!/bin/sh
# mei-sim: unbind the platform device while mefw is bound and a request
# is blocked on a muted FW; then rebind and unload.
. /tests/lib.sh
sim_load
mefw_load
echo Y > /sys/module/mei_sim/parameters/mute
# a request that blocks on the muted FW (identity query)
mefwctl status > /tmp/st.out 2>&1 &
pid=$!
sleep 1
drv=/sys/bus/platform/drivers/mei-sim
echo mei-sim > $drv/unbind || fail unbind
wait_gone /sys/class/mei/mei0 10 || fail "mei0 still there after unbind"
[ -e /dev/mefw0 ] && fail "/dev/mefw0 still there after unbind"
wait $pid
echo "mefwctl: rc=$? $(tail -n 2 /tmp/st.out)"
echo N > /sys/module/mei_sim/parameters/mute
echo mei-sim > $drv/bind || fail bind
wait_for /dev/mefw0 20 || fail "mefw did not rebind"
mods_unload
