#!/bin/sh
# Update ioctls with bad input and in the wrong order: wrong sizes and
# directions, unknown flags, non-zero reserved fields, lengths of 0 and
# above MEFW_UPDATE_MAX_LENGTH, write/END/CANCEL before BEGIN -> EINVAL /
# EPROTO / ENOTTY, never a transaction; BEGIN without CAP_SYS_ADMIN ->
# EPERM while the status stays readable.
. /tests/lib.sh

sim_load
mefw_load
mefw-ioctl-test update-bad || fail "update-bad"
mefw-ioctl-test update-eperm || fail "update-eperm"
expect_eq "update_state" "$(cat /sys/class/mefw/mefw0/update_state)" idle
# still usable
mefw-ioctl-test identity | grep -q '^code=9.0.20.1447$' || fail "identity after"
mods_unload
exit 0
