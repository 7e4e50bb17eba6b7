#!/bin/busybox sh
# /init of the boot test world's initramfs (tests/boot/run.sh builds it).
# Root = overlay: lower = the host's root over virtio-9p (read-only),
# upper = /upper on the persistent virtio disk (ext4, /dev/vda), so what
# the tests install or write survives the VM's reboots.  Then systemd
# becomes PID 1 (switch_root).  Markers go to /dev/ttyS1 (the harness's
# results file), the console is ttyS0.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
out=/dev/ttyS1
say() { echo "@@MEFW@@ $*" > "$out"; }
die() {
	say "SETUP-FAIL $*"
	echo "boottest init: $*" > /dev/kmsg
	sync
	poweroff -f
}

while read -r m; do
	insmod "/lib/boot-mods/$m" || die "insmod $m"
done < /lib/boot-mods/list

n=100
while [ ! -b /dev/vda ] && [ $n -gt 0 ]; do
	n=$((n - 1))
	usleep 100000
done
mkdir -p /disk /lower /newroot
mount -t ext4 /dev/vda /disk || die "mount /dev/vda (the persistent disk)"
# boots are counted per case (the base disk's own boot is case _install)
case=$(sed -n 's/.*boottest\.case=\([^ ]*\).*/\1/p' /proc/cmdline)
boot=$(( $(cat "/disk/boots.$case" 2>/dev/null || echo 0) + 1 ))
echo "$boot" > "/disk/boots.$case"
sync
say "BOOT $boot $case"
echo "boottest init: boot $boot of case $case" > /dev/kmsg

mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=512000,cache=loose \
	hostroot /lower || die "mount the host root (9p)"
mkdir -p /disk/upper /disk/work
mount -t overlay overlay \
	-o lowerdir=/lower,upperdir=/disk/upper,workdir=/disk/work,index=off,redirect_dir=off,metacopy=off,xino=off \
	/newroot || die "mount the overlay root"

# /run: systemd keeps a tmpfs that is already there; the test files live
# in /run/boottest (a fresh copy every boot), the disk in .../disk
mount -t tmpfs -o mode=755,nosuid,nodev run /newroot/run || die "mount /run"
mkdir -p /newroot/run/boottest
cp -a /boottest/. /newroot/run/boottest/
echo "$boot" > /newroot/run/boottest/bootno
echo "$case" > /newroot/run/boottest/case
mkdir -p /newroot/run/boottest/disk
mount --move /disk /newroot/run/boottest/disk || die "move /disk"
# the world: units, masks, configuration (idempotent, every boot)
(cd /boottest/world && tar cf - .) | (cd /newroot && tar xf -) ||
	die "install the world files"
while read -r u; do
	[ -n "$u" ] && ln -sfn /dev/null "/newroot/etc/systemd/system/$u"
done < /boottest/masked
mkdir -p /newroot/var/log/journal

umount /proc /sys 2>/dev/null
exec switch_root /newroot /lib/systemd/systemd
