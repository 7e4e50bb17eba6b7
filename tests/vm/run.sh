#!/bin/sh
# Boot Debian's kernel in QEMU (TCG) with the real mei.ko, our modules and
# tools in a busybox initramfs; run VM test cases; bring back results and
# the whole kernel log.  See Documentation/testing.md.
#
#   tests/vm/run.sh [CASE...]      run cases (default: tests/vm/cases/*.sh)
#   tests/vm/run.sh --shell        interactive shell, modules loaded
#   tests/vm/run.sh --demo         load modules, run `mefwctl status`
#
# Exit status: 0 all cases passed and the kernel log is clean, 1 otherwise,
# 2 usage or set-up error.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
vmdir=$top/build/vm
mode=cases
case "${1:-}" in
--shell) mode=shell; shift ;;
--demo) mode=demo; shift ;;
-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
esac

kver=${KVER:-$("$top/scripts/kver.sh")}
kernel=/boot/vmlinuz-$kver
meiko=/lib/modules/$kver/kernel/drivers/misc/mei/mei.ko
# MEFW_KO / SIM_KO: use other module builds (e.g. to try the harness alone)
mefw_ko=${MEFW_KO:-$top/kernel/mefw.ko}
sim_ko=${SIM_KO:-$top/tests/sim/mei-sim.ko}
for f in "$kernel" "$meiko" "$mefw_ko" "$sim_ko" /bin/busybox; do
	[ -r "$f" ] || { echo "run.sh: missing $f (run 'make all')" >&2; exit 2; }
done

if [ $# -eq 0 ]; then
	set -- "$top"/tests/vm/cases/*.sh
fi
for c in "$@"; do
	[ -f "$c" ] || { echo "run.sh: no such case: $c" >&2; exit 2; }
done

# ---- initramfs ----
root=$vmdir/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/usr/bin" "$root/lib/mefw" "$root/tests/cases" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/run" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
cp "$meiko" "$root/lib/mefw/"
cp "$mefw_ko" "$root/lib/mefw/mefw.ko"
cp "$sim_ko" "$root/lib/mefw/mei-sim.ko"
cp "$top/tests/vm/init.sh" "$root/init"
cp "$top/tests/vm/lib.sh" "$root/tests/lib.sh"
chmod 755 "$root/init"
: > "$root/tests/list"
for c in "$@"; do
	cp "$c" "$root/tests/cases/"
	basename "$c" >> "$root/tests/list"
done
echo "$mode" > "$root/tests/mode"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"

# our binaries and the shared libraries they need
if [ -d "$top/build/bin" ]; then
	for b in "$top"/build/bin/*; do
		[ -f "$b" ] && [ -x "$b" ] || continue
		cp "$b" "$root/usr/bin/"
		ldd "$b" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' |
		while read -r lib; do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
	done
fi
# ld.so looks in /lib64 and the multiarch dirs; keep both paths working
[ -d "$root/lib/x86_64-linux-gnu" ] && [ ! -e "$root/lib64" ] && ln -s lib "$root/lib64" 2>/dev/null || true

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$vmdir/initramfs.cpio.gz"

# ---- boot ----
console=$vmdir/console.log
results=$vmdir/results.log
rm -f "$console" "$results"
append="console=ttyS0 ignore_loglevel panic=-1 mitigations=off rdinit=/init"
# unknown name=value parameters reach /init as environment variables
[ -n "${VM_CASE_TIMEOUT:-}" ] && append="$append CASE_TIMEOUT=$VM_CASE_TIMEOUT"
qemu="qemu-system-x86_64 -accel tcg -cpu max -m 1024 -smp 2 -nographic -no-reboot
	-kernel $kernel -initrd $vmdir/initramfs.cpio.gz -nic none"

if [ "$mode" = shell ]; then
	echo "run.sh: shell in the VM; 'poweroff -f' or Ctrl-A X to leave"
	# shellcheck disable=SC2086
	exec $qemu -append "$append" -serial mon:stdio -serial "file:$results"
fi

limit=${VM_TIMEOUT:-1500}
# shellcheck disable=SC2086
timeout --foreground "$limit" $qemu -append "$append quiet" \
	-serial "file:$console" -serial "file:$results" -monitor none \
	</dev/null >/dev/null 2>&1 && qrc=0 || qrc=$?
if [ "$qrc" = 124 ]; then
	echo "run.sh: VM did not finish within ${limit}s" >&2
fi
exec "$top/tests/vm/report.sh" "$mode" "$console" "$results" "$qrc"
