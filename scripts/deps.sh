#!/bin/sh
# Install the Debian 12 packages mefw needs, only those missing.
# Usage: scripts/deps.sh build|test|all
set -eu
build="make gcc pkg-config libsystemd-dev libjson-c-dev libssl-dev liblzma-dev check
linux-headers-amd64 linux-source-6.1 xz-utils clang libclang-rt-14-dev"
test="linux-image-amd64 qemu-system-x86 busybox-static dbus sparse perl cpio e2fsprogs systemd udev polkitd debhelper dh-dkms dkms dpkg-dev fakeroot python3"
case "${1:-all}" in
build) want=$build ;;
test) want=$test ;;
all) want="$build $test" ;;
*) echo "usage: $0 build|test|all" >&2; exit 2 ;;
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
