# dkms.conf: dkms builds mefw.ko from the installed source tree
# (make install-dkms-src = what mefw-dkms ships) for $KVER, in a scratch
# dkms tree (the host's /var/lib/dkms is not touched, except for dkms
# creating its module signing key there once).  The module must be named
# mefw, built for $KVER, and dkms must install it into updates/dkms.
. "$(dirname "$0")/lib.sh"
command -v dkms > /dev/null || skip "dkms not installed (the boot VM tests the package with dkms)"
[ -e "/lib/modules/$KVER/build" ] || skip "no /lib/modules/$KVER/build (linux-headers-$KVER)"

root=$TMP/root
make -s --no-print-directory install-dkms-src DESTDIR="$root" > /dev/null 2>&1 || fail "make install-dkms-src failed"
mkdir -p "$TMP/tree"
(cd "$TMP" && dkms build -m mefw -v "$MEFW_VERSION" -k "$KVER" --sourcetree "$root/usr/src" \
	--dkmstree "$TMP/tree") > "$TMP/dkms.log" 2>&1 || { cat "$TMP/dkms.log"; fail "dkms build failed"; }
ko=$TMP/tree/mefw/$MEFW_VERSION/$KVER/$(uname -m)/module/mefw.ko
[ -f "$ko" ] || { cat "$TMP/dkms.log"; find "$TMP/tree" -name '*.ko*'; fail "dkms did not produce $ko"; }
[ "$(modinfo -F name "$ko")" = mefw ] || fail "the dkms module is not named mefw"
case "$(modinfo -F vermagic "$ko")" in "$KVER "*) ;; *) fail "vermagic $(modinfo -F vermagic "$ko"), want $KVER" ;; esac
grep -qx 'DEST_MODULE_LOCATION\[0\]="/updates/dkms"' "$root/usr/src/mefw-$MEFW_VERSION/dkms.conf" ||
	fail "dkms.conf does not install into /updates/dkms"
grep -qx 'AUTOINSTALL="yes"' "$root/usr/src/mefw-$MEFW_VERSION/dkms.conf" || fail "dkms.conf: no AUTOINSTALL"
echo "figure: dkms: mefw/$MEFW_VERSION built for $KVER ($(stat -c %s "$ko") bytes)"
