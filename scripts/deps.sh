#!/bin/sh
# Install the Debian 12 packages mefw needs, only those missing.
# Usage: scripts/deps.sh build|test|debug|all
set -eu
build="make gcc pkg-config libsystemd-dev libjson-c-dev libssl-dev liblzma-dev check
linux-headers-amd64 linux-source-6.1 xz-utils clang libclang-rt-14-dev"
test="linux-image-amd64 qemu-system-x86 busybox-static dbus sparse perl cpio e2fsprogs systemd udev polkitd debhelper dh-dkms dkms dpkg-dev fakeroot python3"
# the debug kernel (scripts/debug-kernel.sh): a full kernel build
debug="make gcc flex bison bc libelf-dev libssl-dev xz-utils linux-source-6.1"
case "${1:-all}" in
build) want=$build ;;
test) want=$test ;;
debug) want=$debug ;;
all) want="$build $test $debug" ;;
*) echo "usage: $0 build|test|debug|all" >&2; exit 2 ;;
esac
missing=
for p in $want; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$s" in ii*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
