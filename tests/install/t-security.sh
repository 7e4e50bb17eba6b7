# systemd-analyze security --offline=true: mefwd.service's exposure is
# printed and must be at most 2.5, the image checker's
# (mefw-verify.service, parses untrusted bytes) at most 1.5; the other
# services' figures are printed for information.
. "$(dirname "$0")/lib.sh"
command -v systemd-analyze > /dev/null || fail "systemd-analyze not found"

root=$TMP/root
install_tree "$root"
exposure() {
	systemd-analyze security --offline=true "$1" > "$TMP/sec.log" 2>&1 ||
		{ cat "$TMP/sec.log"; fail "systemd-analyze security $1 failed"; }
	sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$TMP/sec.log"
}
u=$root/$(unitdir)
for s in mefw-offline-update.service mefw-system-update.service; do
	echo "figure: $s exposure $(exposure "$u/$s")"
done
e=$(exposure "$u/mefwd.service")
[ -n "$e" ] || { cat "$TMP/sec.log"; fail "no exposure figure for mefwd.service"; }
echo "figure: mefwd.service exposure $e (limit 2.5)"
expect_at_most "mefwd.service exposure" "$e" 2.5
v=$(exposure "$u/mefw-verify.service")
[ -n "$v" ] || { cat "$TMP/sec.log"; fail "no exposure figure for mefw-verify.service"; }
echo "figure: mefw-verify.service exposure $v (limit 1.5)"
expect_at_most "mefw-verify.service exposure" "$v" 1.5
