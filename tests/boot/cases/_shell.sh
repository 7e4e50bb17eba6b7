# boots: 1
# BOOT_SHELL=1 tests/boot/run.sh: a root shell on the console (ttyS0);
# leaving it powers the VM off.
echo "boot test world: root shell on the console" > /dev/ttyS0
setsid -c -w bash -i < /dev/ttyS0 > /dev/ttyS0 2>&1
exit 0
