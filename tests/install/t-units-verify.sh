# systemd-analyze verify on every installed unit, at its installed path
# (DESTDIR overlaid on /usr in a private mount namespace, so that the
# programs, man pages and systemd's own units are all there).  Any message
# fails the test.
. "$(dirname "$0")/lib.sh"
need_root
command -v systemd-analyze > /dev/null || fail "systemd-analyze not found"

root=$TMP/root
install_tree "$root"
u=/$(unitdir)
units=$(cd "$root/$(unitdir)" && ls *.service *.path *.socket)
[ "$(echo $units | wc -w)" = 6 ] || fail "expected 6 units, found: $units"
set --
for f in $units; do set -- "$@" "$u/$f"; done
in_installed_root "$root" systemd-analyze verify "$@" > "$TMP/verify.log" 2>&1
rc=$?
cat "$TMP/verify.log"
[ "$rc" = 0 ] || fail "systemd-analyze verify exited $rc"
[ ! -s "$TMP/verify.log" ] || fail "systemd-analyze verify printed messages"
echo "figure: systemd-analyze verify: $(echo $units | wc -w) units clean ($(echo $units))"
