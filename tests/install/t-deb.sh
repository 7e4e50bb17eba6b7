# Debian packages: `make deb` builds mefw and mefw-dkms from a clean copy
# with dpkg-buildpackage -us -uc -b; versions agree; `dpkg -c` lists
# exactly the expected files; dh_dkms wired mefw-dkms to dkms; mefw
# installs into and purges from a scratch dpkg root leaving no file
# (DPKG_ROOT: the maintainer scripts act on that root, not the host).
# The real install (dkms build, units, udev) is tested in the boot VM
# (tests/boot/).
. "$(dirname "$0")/lib.sh"
for t in dpkg-buildpackage dh dh_dkms; do
	command -v $t > /dev/null || fail "$t not found (make deps: debhelper, dh-dkms)"
done
V=$MEFW_VERSION
cv=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ "$cv" = "$V" ] || fail "debian/changelog version $cv != VERSION's $V"
dv=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
[ "$dv" = "$V" ] || fail "dkms.conf PACKAGE_VERSION $dv != VERSION's $V"

make -s --no-print-directory deb > "$TMP/deb.log" 2>&1 || { tail -40 "$TMP/deb.log"; fail "make deb failed"; }
arch=$(dpkg --print-architecture)
deb=$REPO/build/deb/mefw_${V}_$arch.deb
dkms=$REPO/build/deb/mefw-dkms_${V}_all.deb
[ -f "$deb" ] && [ -f "$dkms" ] || { ls -l "$REPO/build/deb"; fail "make deb did not produce both packages"; }
[ "$(ls "$REPO"/build/deb/*.deb | wc -l)" = 2 ] || fail "make deb made other packages: $(ls "$REPO"/build/deb/*.deb)"
echo "built: $(cd "$REPO/build/deb" && ls *.deb | tr '\n' ' ')"

# dpkg -c: files and links only, without ./ and the link targets
contents() { dpkg -c "$1" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./||' | LC_ALL=C sort; }

expected_userspace usr | sed -e 's|^usr/lib/systemd/system/|lib/systemd/system/|' \
	-e 's|^usr/lib/udev/|lib/udev/|' -e 's|\(/man[18]/.*\)$|\1.gz|' > "$TMP/want0"
{ cat "$TMP/want0"; echo usr/share/doc/mefw/changelog.gz; echo usr/share/doc/mefw/copyright
  echo usr/share/lintian/overrides/mefw; } |
	LC_ALL=C sort > "$TMP/want"
contents "$deb" > "$TMP/got"
same_list "$TMP/want" "$TMP/got" "dpkg -c mefw: unexpected contents"

src=usr/src/mefw-$V
{
	echo "$src/dkms.conf"; echo "$src/kernel/Kbuild"; echo "$src/kernel/include/uapi/linux/mefw.h"
	ls kernel/*.c kernel/*.h kernel/common/*.c kernel/common/*.h | grep -v '\.mod\.c$' | sed "s|^|$src/|"
	echo usr/share/doc/mefw-dkms/changelog.gz; echo usr/share/doc/mefw-dkms/copyright
} | LC_ALL=C sort > "$TMP/want"
contents "$dkms" > "$TMP/got"
same_list "$TMP/want" "$TMP/got" "dpkg -c mefw-dkms: unexpected contents"

dpkg-deb -f "$dkms" Depends | grep -q dkms || fail "mefw-dkms does not depend on dkms"
mkdir -p "$TMP/ctl" && dpkg-deb -e "$dkms" "$TMP/ctl"
grep -qx 'DKMS_NAME=mefw' "$TMP/ctl/postinst" && grep -q 'dkms/common.postinst' "$TMP/ctl/postinst" ||
	fail "mefw-dkms postinst does not run dkms for mefw"
grep -q "dkms remove" "$TMP/ctl/prerm" || fail "mefw-dkms prerm does not remove the module from dkms"
dpkg-deb -f "$deb" Depends | grep -q dbus || fail "mefw does not depend on dbus"
echo "dpkg -c: mefw $(contents "$deb" | wc -l) files, mefw-dkms $(contents "$dkms" | wc -l) files, as expected"

# install and purge mefw in a scratch dpkg root
r=$TMP/dpkgroot
mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates"
: > "$r/var/lib/dpkg/status"
D="dpkg --root=$r --force-script-chrootless --force-depends --log=$TMP/dpkg.log"
$D -i "$deb" > "$TMP/i.log" 2>&1 || { cat "$TMP/i.log"; fail "dpkg -i mefw failed"; }
[ -x "$r/usr/sbin/mefwd" ] && [ -f "$r/lib/systemd/system/mefwd.service" ] || fail "dpkg -i did not install the files"
# what a used system has: a journal, a staged image, an armed offline update
mkdir -p "$r/var/lib/mefw/transactions" "$r/var/lib/mefw/images"
echo '{}' > "$r/var/lib/mefw/transactions/1.json"; echo x > "$r/var/lib/mefw/images/1.bin"
echo 1 > "$r/var/lib/mefw/offline-update"
ln -s /var/lib/mefw "$r/system-update"
$D -r mefw > "$TMP/r.log" 2>&1 || { cat "$TMP/r.log"; fail "dpkg -r mefw failed"; }
[ ! -L "$r/system-update" ] || fail "dpkg -r left /system-update pointing to the removed mefw"
[ -f "$r/var/lib/mefw/transactions/1.json" ] || fail "dpkg -r (not purge) removed the transaction journal"
$D --purge mefw > "$TMP/p.log" 2>&1 || { cat "$TMP/p.log"; fail "dpkg --purge mefw failed"; }
left=$(cd "$r" && find . -path ./var/lib/dpkg -prune -o \( -type f -o -type l \) -print)
[ -z "$left" ] || fail "purge left files: $left"
grep -q 'status not-installed mefw' "$TMP/dpkg.log" || fail "dpkg log does not show mefw purged"
# lintian, when installed (not a dependency: it pulls ~130 packages);
# errors and warnings fail
if command -v lintian > /dev/null; then
	lintian --allow-root "$REPO"/build/deb/*.changes > "$TMP/lintian.log" 2>&1
	cat "$TMP/lintian.log"
	! grep -q '^[EW]:' "$TMP/lintian.log" || fail "lintian reported errors or warnings"
	lint="lintian clean"
else
	lint="lintian not installed, skipped"
fi
echo "figure: packages: mefw + mefw-dkms built; contents as expected; mefw install/remove/purge leaves no file; $lint"
