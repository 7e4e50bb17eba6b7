#!/bin/sh
# Boot test world: Debian's kernel in QEMU (TCG) booting systemd
# as PID 1 on an overlay root: the host's root over virtio-9p, read-only,
# under an upper directory on a persistent ext4 virtio disk.  The mefw
# packages are installed into the VM once (a cached "base" disk), every
# case then runs on its own copy of that disk across as many VM reboots as
# it needs.  See tests/README.md and Documentation/testing.md.
#
#   tests/boot/run.sh [CASE...]     CASE = a name in tests/boot/cases/
#                                   (default: all, sorted)
#
# Environment: BOOT_DIR (default build/boot: initramfs, disks, logs),
# BOOT_DEBS (directory with mefw_*.deb and mefw-dkms_*.deb; default: the
# newest ones in build/deb, then the repository's parent directory),
# BOOT_CASE_TIMEOUT (seconds per case, default 900), BOOT_BASE_TIMEOUT
# (seconds for the base disk's install, default 1200), BOOT_REBUILD=1
# (rebuild the base disk even when its inputs did not change),
# BOOT_SHELL=1 (interactive: boot the base disk with a console shell).
#
# Exit status: 0 all cases passed, 1 a case failed or skipped, 2 set-up
# error (nothing could be tested).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$top/tests/boot
dir=${BOOT_DIR:-$top/build/boot}
kver=${KVER:-$("$top/scripts/kver.sh")} || exit 2
kernel=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver
sim_ko=${SIM_KO:-$top/tests/sim/mei-sim.ko}
case_timeout=${BOOT_CASE_TIMEOUT:-900}
export PATH=$PATH:/sbin:/usr/sbin

setup_fail() {
	echo "boot-check: $*" >&2
	exit 2
}
for f in "$kernel" "$sim_ko" /bin/busybox /lib/systemd/systemd; do
	[ -r "$f" ] || setup_fail "missing $f (make all; scripts/deps.sh test)"
done
command -v qemu-system-x86_64 > /dev/null || setup_fail "no qemu-system-x86_64"
command -v mke2fs > /dev/null || setup_fail "no mke2fs (e2fsprogs)"

if [ $# -eq 0 ]; then
	set -- $(cd "$src/cases" && ls ./*.sh | sed 's|^\./||; s|\.sh$||' | grep -v '^_')
fi
for c in "$@"; do
	c=${c##*/}
	[ -f "$src/cases/${c%.sh}.sh" ] || setup_fail "no such case: $c"
done
mkdir -p "$dir" || exit 2
t_all=$(date +%s)

# ---- what to install: the packages (make deb) ----
debs=
for d in ${BOOT_DEBS:-} "$top/build/deb" "$top/.."; do
	[ -d "$d" ] || continue
	m=$(ls -t "$d"/mefw_*_amd64.deb 2>/dev/null | head -n 1)
	k=$(ls -t "$d"/mefw-dkms_*_all.deb 2>/dev/null | head -n 1)
	if [ -n "$m" ] && [ -n "$k" ]; then
		debs="$m $k"
		break
	fi
done
[ -n "$debs" ] || setup_fail "no mefw_*_amd64.deb + mefw-dkms_*_all.deb (make deb, or BOOT_DEBS=DIR)"

# ---- initramfs ----
root=$dir/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/lib/boot-mods" "$root/proc" "$root/sys" "$root/dev" \
	"$root/boottest/cases" "$root/boottest/pkgs" "$root/boottest/data"
cp /bin/busybox "$root/bin/busybox"
cp "$src/init.sh" "$root/init"
: > "$root/lib/boot-mods/list"
for m in kernel/drivers/virtio/virtio_pci.ko kernel/drivers/block/virtio_blk.ko \
	kernel/crypto/crc32c_generic.ko kernel/fs/ext4/ext4.ko \
	kernel/net/9p/9pnet_virtio.ko kernel/fs/9p/9p.ko kernel/fs/overlayfs/overlay.ko; do
	deps=$(sed -n "s|^$m: *||p" "$moddir/modules.dep")
	for d in $(echo "$deps" | tr ' ' '\n' | tac) $m; do
		n=$(basename "$d")
		grep -qxF "$n" "$root/lib/boot-mods/list" && continue
		cp "$moddir/$d" "$root/lib/boot-mods/" || setup_fail "missing $moddir/$d"
		echo "$n" >> "$root/lib/boot-mods/list"
	done
done
cp "$src/driver.sh" "$src/sim-load.sh" "$src/lib.sh" "$src/../assert.sh" "$src/masked" "$root/boottest/"
cp "$src"/cases/*.sh "$root/boottest/cases/"
cp -a "$src/world" "$root/boottest/world"
cp "$sim_ko" "$root/boottest/mei-sim.ko"
echo "$kver" > "$root/boottest/kver"
[ -d "$top/build/vm-data/sim" ] && cp -r "$top/build/vm-data/sim" "$root/boottest/data/"
# shellcheck disable=SC2086
cp $debs "$root/boottest/pkgs/"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$dir/initramfs.cpio.gz" ||
	setup_fail "cpio"
splat_re=$(sed -n "s/^splat_re='\(.*\)'\$/\1/p" "$top/tests/vm/report.sh")
[ -n "$splat_re" ] || setup_fail "no splat patterns in tests/vm/report.sh"

# qemu DISK CASE SERIAL...: boot the world on DISK for CASE; SERIAL...
# are the -serial options (ttyS0, ttyS1).  It execs QEMU: call it in the
# background (its pid is QEMU's) or as the last thing the script does.
qemu() {
	qdisk=$1 qcase=$2
	shift 2
	exec qemu-system-x86_64 -accel tcg -cpu max -m 1536 -smp 2 -nographic \
		-kernel "$kernel" -initrd "$dir/initramfs.cpio.gz" -nic none \
		-append "console=ttyS0 ignore_loglevel panic=-1 mitigations=off rdinit=/init boottest.case=$qcase" \
		-drive "file=$qdisk,format=raw,if=virtio" \
		-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap" \
		-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot "$@"
}

# ---- one VM run: run_vm DIR DISK CASE MAXBOOTS TIMEOUT ----
# Boots until the VM powers off (the driver's DONE), a timeout, or more
# boots than the case declared.  Leaves $vmdir/{console,results}.log.
run_vm() {
	vmdir=$1 disk=$2 vcase=$3 maxboots=$4 limit=$5
	console=$vmdir/console.log
	results=$vmdir/results.log
	: > "$console"
	: > "$results"
	qemu "$disk" "$vcase" -serial "file:$console" -serial "file:$results" -monitor none \
		< /dev/null > "$vmdir/qemu.log" 2>&1 &
	qpid=$!
	t0=$(date +%s)
	vm_why=
	done_at=
	seen=0
	: > "$vmdir/boots.txt"
	while kill -0 "$qpid" 2> /dev/null; do
		sleep 2
		now=$(date +%s)
		b=$(grep -c '^@@MEFW@@ BOOT ' "$results")
		while [ "$seen" -lt "$b" ]; do
			seen=$((seen + 1))
			echo "$seen $((now - t0))" >> "$vmdir/boots.txt"
		done
		if [ "$b" -gt "$maxboots" ]; then
			vm_why="more boots than the case expects ($maxboots)"
		elif [ $((now - t0)) -ge "$limit" ]; then
			vm_why="timeout after ${limit}s"
		elif grep -q '^@@MEFW@@ SETUP-FAIL' "$results"; then
			vm_why="set-up failure in the initramfs"
		elif grep -q '^@@MEFW@@ DONE' "$results"; then
			# the driver powers off; give it 60 s
			[ -z "${done_at:-}" ] && done_at=$now
			[ $((now - done_at)) -ge 60 ] && vm_why="no power-off within 60 s after the case ended"
		fi
		if [ -n "$vm_why" ]; then
			kill "$qpid" 2> /dev/null
			break
		fi
	done
	wait "$qpid" 2> /dev/null
	vm_secs=$(($(date +%s) - t0))
	tr -d '\r' < "$results" > "$vmdir/results.txt"
}

# splats FILE: kernel log lines that fail a run
splats() {
	grep -aE "$splat_re" "$1" | head -n 20
}

# ---- the base disk: fresh ext4 + the packages installed (cached) ----
base=$dir/base.img
stamp=$(
	{
		echo "$kver"
		# shellcheck disable=SC2086
		sha256sum $debs | cut -d' ' -f1
		# the world files, masks and test scripts are applied at every
		# boot: not inputs of the base disk
		sha256sum "$src"/cases/_install.sh "$sim_ko"
	} | sha256sum | cut -c1-16
)
if [ "${BOOT_REBUILD:-0}" = 1 ] || [ ! -f "$base" ] || [ "$(cat "$base.stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "boot-check: building the base disk (install: $(for d in $debs; do basename "$d"; done | tr '\n' ' '))"
	# the old base disk stays until the new one is ready
	rm -f "$base.new"
	mkdir -p "$dir/base"
	truncate -s 4G "$base.new"
	mke2fs -q -F -t ext4 -L boottest "$base.new" || setup_fail "mke2fs"
	run_vm "$dir/base" "$base.new" _install 1 "${BOOT_BASE_TIMEOUT:-1200}"
	sed -n '/^@@MEFW@@ STEP /,/^@@MEFW@@ END /p' "$dir/base/results.txt" |
		grep -v '^@@MEFW@@' > "$dir/base/install.log"
	s=$(splats "$dir/base/console.log")
	if ! grep -q '^@@MEFW@@ END _install 0$' "$dir/base/results.txt" || [ -n "$s" ]; then
		echo "boot-check: building the base disk failed${vm_why:+ ($vm_why)}:"
		sed 's/^/  | /' "$dir/base/results.txt" | tail -n 60
		[ -n "$s" ] && echo "$s" | sed 's/^/  | kernel: /'
		echo "  (console: $dir/base/console.log)"
		rm -f "$base.new"
		exit 2
	fi
	rm -f "$base.stamp"
	mv "$base.new" "$base"
	echo "$stamp" > "$base.stamp"
	echo "boot-check: base disk ready in ${vm_secs}s ($(awk '{printf "boot %s at %ss ", $1, $2}' "$dir/base/boots.txt"))"
else
	echo "boot-check: base disk up to date ($base)"
fi
# first boot's time to multi-user.target (driver start, uptime seconds)
up1=$(sed -n 's/^@@MEFW@@ UP 1 //p' "$dir/base/results.txt" 2>/dev/null | head -n 1)
[ -n "$up1" ] && echo "boot-check: first boot reached multi-user.target after ${up1}s (VM uptime)"

if [ "${BOOT_SHELL:-0}" = 1 ]; then
	cp --sparse=always "$base" "$dir/shell.img"
	qemu "$dir/shell.img" _shell -serial mon:stdio -serial "file:$dir/shell-results.log"
fi

# ---- cases ----
pass=0 failn=0 skipn=0
for c in "$@"; do
	c=${c##*/}
	c=${c%.sh}
	cf=$src/cases/$c.sh
	maxboots=$(sed -n 's/^# boots: *\([0-9]*\).*/\1/p' "$cf" | head -n 1)
	maxboots=${maxboots:-1}
	vmdir=$dir/$c
	rm -rf "$vmdir"
	mkdir -p "$vmdir"
	cp --sparse=always "$base" "$vmdir/disk.img"
	# boots are counted per case (init.sh), the base disk's own boot apart
	run_vm "$vmdir" "$vmdir/disk.img" "$c" "$maxboots" "$case_timeout"
	r=$vmdir/results.txt
	rc=$(sed -n "s/^@@MEFW@@ END $c \([0-9]*\)\$/\1/p" "$r" | tail -n 1)
	s=$(splats "$vmdir/console.log")
	boots=$(grep -c '^@@MEFW@@ BOOT ' "$r")
	times=$(sed -n 's/^@@MEFW@@ UP \([0-9]*\) \(.*\)/boot \1: multi-user after \2s/p' "$r" | tr '\n' ';')
	why=
	if [ -n "$vm_why" ]; then
		why=$vm_why
	elif [ -z "$rc" ]; then
		why="the VM stopped before the case ended"
	elif ! grep -q '^@@MEFW@@ DONE' "$r"; then
		why="the VM did not power off cleanly"
	fi
	if [ -n "$s" ]; then
		why="${why:+$why; }kernel log splat"
	fi
	if [ -z "$why" ] && [ "$rc" = 0 ]; then
		echo "PASS $c ($boots boot(s), ${vm_secs}s; $times)"
		pass=$((pass + 1))
	elif [ -z "$why" ] && [ "$rc" = 77 ]; then
		# the packages are always installed: nothing may be skipped
		echo "FAIL $c (skipped: $(sed -n '/^@@MEFW@@ STEP /,/^@@MEFW@@ END /p' "$r" | grep -v '^@@MEFW@@' | tail -n 1))"
		skipn=$((skipn + 1))
	else
		echo "FAIL $c (${why:-exit $rc}; ${vm_secs}s; $times)"
		grep -v '^@@MEFW@@ \(UP\|DONE\)' "$r" | sed 's/^/  | /' | tail -n 150
		[ -n "$s" ] && echo "$s" | sed 's/^/  | kernel: /'
		echo "  (logs: $vmdir/console.log, $vmdir/results.txt)"
		failn=$((failn + 1))
	fi
done
echo "$pass passed, $failn failed, $skipn skipped (boot-check, $(($(date +%s) - t_all)) s)"
[ "$failn" -gt 0 ] || [ "$skipn" -gt 0 ] && exit 1
exit 0
