#!/bin/sh
# Print the version of the Debian kernel the VM boots: the newest
# /boot/vmlinuz-*-amd64 that has matching headers in /usr/src.
# Never `uname -r`: the machine's own kernel is not a Debian kernel.
set -eu
best=
for v in $(ls /boot 2>/dev/null | sed -n 's/^vmlinuz-\(.*-amd64\)$/\1/p' | sort -V); do
	[ -d "/usr/src/linux-headers-$v" ] && best=$v
done
if [ -z "$best" ]; then
	echo "kver: no /boot/vmlinuz-*-amd64 with headers in /usr/src; run 'make deps'" >&2
	exit 1
fi
echo "$best"
