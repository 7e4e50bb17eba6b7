#!/bin/sh
# Extract from linux-source-6.1 the few files the project needs: the mei
# core's private headers (mei-sim is built against them) and checkpatch.
# The source must be exactly the version of the kernel the VM boots,
# because mei-sim dereferences struct mei_device.
# Usage: scripts/kernel-src.sh KVER OUTDIR
set -eu
kver=$1 out=$2
img=$(dpkg-query -W -f='${Version}' "linux-image-$kver" 2>/dev/null) || {
	echo "kernel-src: linux-image-$kver is not installed" >&2; exit 1; }
src=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) || {
	echo "kernel-src: linux-source-6.1 is not installed (make deps)" >&2; exit 1; }
if [ "$img" != "$src" ]; then
	echo "kernel-src: linux-source-6.1 is $src but the VM kernel linux-image-$kver is $img;" >&2
	echo "kernel-src: mei-sim must be built from the exact same source: install matching versions" >&2
	exit 1
fi
# bump when the list of extracted files changes
files_rev=2
[ -f "$out/.version" ] && [ "$(cat "$out/.version")" = "$src" ] &&
	[ "$(cat "$out/.files" 2>/dev/null)" = "$files_rev" ] && exit 0
rm -rf "$out"
mkdir -p "$out"
tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$out" --strip-components=1 \
	--wildcards 'linux-source-6.1/drivers/misc/mei/*.h' \
	'linux-source-6.1/scripts/checkpatch.pl' \
	'linux-source-6.1/scripts/kernel-doc' \
	'linux-source-6.1/scripts/spelling.txt' \
	'linux-source-6.1/scripts/const_structs.checkpatch'
echo "$src" > "$out/.version"
echo "$files_rev" > "$out/.files"
