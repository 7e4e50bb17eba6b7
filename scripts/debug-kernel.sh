#!/bin/sh
# Build the debug kernel (KASAN, lockdep, kmemleak, fault injection...)
# from the installed linux-source-6.1: tinyconfig + the fragment
# tests/debug-kernel/debug.config + olddefconfig.  Fails when a fragment
# line did not survive olddefconfig (a dependency is missing).  Cached:
# nothing is rebuilt while the source version and the fragment are the
# same; an interrupted build goes on where it stopped.
# Usage: scripts/debug-kernel.sh OUTDIR
# OUTDIR/src: the configured, built tree (external modules build against
# it; src/.mefw-key: what it was configured for); OUTDIR/bzImage,
# OUTDIR/mei.ko; OUTDIR/key: what was built.
# DEBUG_KERNEL_CONFIG=FILE: another fragment (to try one).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
src=$out/src
frag=${DEBUG_KERNEL_CONFIG:-$top/tests/debug-kernel/debug.config}
tarball=/usr/src/linux-source-6.1.tar.xz
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) || {
	echo "debug-kernel: linux-source-6.1 is not installed (scripts/deps.sh debug)" >&2; exit 1; }
# bump when the way the kernel is built changes
build_rev=1
# the key: source version, fragment, build_rev
key="$ver $(sha256sum < "$frag" | cut -c1-16) $build_rev"

# every fragment line must be in the final .config ("is not set" lines
# may also be absent); prints the lines that are not
lost_options() {
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" "$src/.config" ||
				echo "  $line (now: $(grep -E "^(# )?${line%%=*}[= ]" "$src/.config" || echo absent))" ;;
		"# CONFIG_"*" is not set")
			o=${line#\# }; o=${o%% *}
			! grep -q "^$o=" "$src/.config" ||
				echo "  $line (now: $(grep "^$o=" "$src/.config"))" ;;
		esac
	done < "$frag"
}

extract_and_configure() {
	rm -rf "$out"
	mkdir -p "$src"
	echo "debug-kernel: extracting linux-source-6.1 $ver"
	nice -n 19 tar -xJf "$tarball" -C "$src" --strip-components=1
	echo "debug-kernel: configuring (tinyconfig + $frag)"
	nice -n 19 make -s -C "$src" tinyconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" "$frag" >/dev/null
	nice -n 19 make -s -C "$src" olddefconfig >/dev/null
	lost=$(lost_options)
	if [ -n "$lost" ]; then
		echo "debug-kernel: olddefconfig dropped or changed fragment options (a dependency is missing from $frag):" >&2
		echo "$lost" >&2
		exit 1
	fi
	echo "$key" > "$src/.mefw-key"
}

if [ -f "$out/key" ] && [ "$(cat "$out/key")" = "$key" ] &&
	[ -f "$out/bzImage" ] && [ -f "$out/mei.ko" ]; then
	exit 0
fi
if [ "$(cat "$src/.mefw-key" 2>/dev/null)" != "$key" ]; then
	extract_and_configure
fi
rm -f "$out/key"
# "Debian <version> " in the version string: mei-sim checks that its mei
# headers come from the running kernel's source (sim_check_kernel)
export KBUILD_BUILD_VERSION_TIMESTAMP="Debian $ver (mefw debug kernel)"
export KBUILD_BUILD_USER=mefw KBUILD_BUILD_HOST=debug
echo "debug-kernel: building (nice -n 19 make -j2 bzImage modules): 10 minutes on a quiet 2-core machine"
t0=$(date +%s)
nice -n 19 make -s -C "$src" -j2 bzImage modules
echo "debug-kernel: built in $(($(date +%s) - t0)) s"
cp "$src/arch/x86/boot/bzImage" "$out/bzImage"
cp "$src/drivers/misc/mei/mei.ko" "$out/mei.ko"
echo "$key" > "$out/key"
