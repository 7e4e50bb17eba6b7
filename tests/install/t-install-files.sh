# make install / uninstall with DESTDIR: exactly the expected files, with
# the right modes, for PREFIX=/usr (with mefw.ko via kbuild) and
# PREFIX=/usr/local (paths inside the units follow); make install-dkms-src.
. "$(dirname "$0")/lib.sh"

[ -d "$KDIR" ] || fail "no kernel headers in $KDIR (make deps)"

# --- PREFIX=/usr, the whole of make install
root=$TMP/root
make -s --no-print-directory install DESTDIR="$root" > "$TMP/install.log" 2>&1 ||
	{ cat "$TMP/install.log"; fail "make install DESTDIR=$root failed"; }
{ expected_userspace usr; echo "lib/modules/$KVER/updates/mefw.ko"; } | LC_ALL=C sort > "$TMP/want"
list_tree "$root" > "$TMP/got"
same_list "$TMP/want" "$TMP/got" "make install DESTDIR: unexpected file list (- missing, + extra)"
echo "make install: $(wc -l < "$TMP/got") files, as expected"

for f in usr/bin/mefwctl usr/sbin/mefwd usr/libexec/mefw/mefw-offline-update usr/libexec/mefw/mefwd-verify; do
	[ "$(stat -c %a "$root/$f")" = 755 ] || fail "$f: mode $(stat -c %a "$root/$f"), want 755"
done
for f in $(expected_userspace usr | grep -v -e /bin/ -e /sbin/ -e /libexec/ -e '\.wants/'); do
	[ "$(stat -c %a "$root/$f")" = 644 ] || fail "$f: mode $(stat -c %a "$root/$f"), want 644"
done
# mefwctl's private object (dlopen, `mefwctl info`): a library, not a program
[ "$(stat -c %a "$root/usr/libexec/mefw/mefwctl-info.so")" = 644 ] ||
	fail "mefwctl-info.so: mode $(stat -c %a "$root/usr/libexec/mefw/mefwctl-info.so"), want 644"
link=$root/$(unitdir)/system-update.target.wants/mefw-offline-update.service
[ "$(readlink "$link")" = ../mefw-offline-update.service ] || fail "wants link points to '$(readlink "$link")'"
modinfo -F name "$root/lib/modules/$KVER/updates/mefw.ko" | grep -qx mefw || fail "installed mefw.ko is not a module named mefw"
! find "$root" -name 'mei-sim*' | grep -q . || fail "the simulator was installed"

make -s --no-print-directory uninstall DESTDIR="$root" > "$TMP/uninstall.log" 2>&1 ||
	{ cat "$TMP/uninstall.log"; fail "make uninstall failed"; }
left=$(list_tree "$root")
[ -z "$left" ] || fail "make uninstall left: $left"
echo "make uninstall: no file left"

# --- PREFIX=/usr/local: everything under it, units name the programs there
root=$TMP/root-local
install_tree "$root" PREFIX=/usr/local
expected_userspace usr/local | LC_ALL=C sort > "$TMP/want"
list_tree "$root" > "$TMP/got"
same_list "$TMP/want" "$TMP/got" "PREFIX=/usr/local: unexpected file list"
u=$root/usr/local/lib/systemd/system
grep -qx 'ExecStart=/usr/local/sbin/mefwd' "$u/mefwd.service" || fail "mefwd.service: ExecStart not under /usr/local"
grep -qx 'ExecStart=/usr/local/libexec/mefw/mefw-offline-update' "$u/mefw-offline-update.service" ||
	fail "mefw-offline-update.service: ExecStart not under /usr/local"
! grep -n -e '=/usr/sbin/' -e '=/usr/libexec/' "$u"/* "$root/usr/local/share/dbus-1/system-services/"* ||
	fail "a unit or the D-Bus activation file still names /usr/sbin or /usr/libexec"
make -s --no-print-directory uninstall-userspace DESTDIR="$root" PREFIX=/usr/local > /dev/null 2>&1 ||
	fail "make uninstall-userspace PREFIX=/usr/local failed"
left=$(list_tree "$root")
[ -z "$left" ] || fail "make uninstall PREFIX=/usr/local left: $left"
echo "PREFIX=/usr/local: install and uninstall as expected"

# --- the dkms source tree: dkms.conf and the module's sources, no build products
root=$TMP/root-dkms
make -s --no-print-directory install-dkms-src DESTDIR="$root" > /dev/null 2>&1 || fail "make install-dkms-src failed"
src=usr/src/mefw-$MEFW_VERSION
{
	echo "$src/dkms.conf"
	echo "$src/kernel/Kbuild"
	echo "$src/kernel/include/uapi/linux/mefw.h"
	ls kernel/*.c kernel/*.h kernel/common/*.c kernel/common/*.h | grep -v '\.mod\.c$' | sed "s|^|$src/|"
} | LC_ALL=C sort > "$TMP/want"
list_tree "$root" > "$TMP/got"
same_list "$TMP/want" "$TMP/got" "install-dkms-src: unexpected file list"
make -s --no-print-directory uninstall-dkms-src DESTDIR="$root" > /dev/null 2>&1 || fail "uninstall-dkms-src failed"
[ -z "$(list_tree "$root")" ] || fail "uninstall-dkms-src left files"
echo "install-dkms-src: $(wc -l < "$TMP/got") files, as expected"
# a missing source stops the install with one line naming it, nothing
# after it is installed
root=$TMP/missing
if make -s --no-print-directory install-userspace DESTDIR="$root" \
	MEFW_INSTALL_FILES="0644:no/such-file:/usr/share/x 0644:completion/mefwctl:/usr/share/y" \
	> "$TMP/missing.log" 2>&1; then
	fail "make install-userspace with a missing source succeeded"
fi
expect_contains "missing source named" '^install: no/such-file is missing (make first)$' "$(cat "$TMP/missing.log")"
[ ! -e "$root/usr/share/y" ] || fail "files after the missing one were installed"

echo "figure: make install: $(expected_userspace usr | wc -l) files + mefw.ko; PREFIX=/usr/local and dkms source tree as expected; uninstall leaves none"
