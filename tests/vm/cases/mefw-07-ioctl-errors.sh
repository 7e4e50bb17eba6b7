#!/bin/sh
# Unknown ioctl numbers give ENOTTY, bad pointers EFAULT, structures
# smaller than their first version EINVAL; bigger ones get the kernel size.
. /tests/lib.sh

sim_load
mefw_load
mefw-ioctl-test badcmd || fail "badcmd"
mefw-ioctl-test badptr || fail "badptr"
mefw-ioctl-test badsize || fail "badsize"
mefw-ioctl-test sizes || fail "sizes"
mods_unload
exit 0
