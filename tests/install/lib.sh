# tests/install/lib.sh - helpers for the host-side install/packaging tests
# (the assertions: tests/assert.sh).
# Sourced by each tests/install/t-*.sh; run.sh sets REPO, TMP, KVER, KDIR,
# MEFW_VERSION.  A test exits 0 (pass), 77 (skip: reason on the last
# line) or anything else (fail).

: "${REPO:?}" "${TMP:?}"
cd "$REPO"

# fail, skip, ok, expect_eq, ...
. "$REPO/tests/assert.sh"
need_root() { [ "$(id -u)" = 0 ] || skip "needs root (mount namespaces)"; }

# where PREFIX=/usr puts the systemd and udev files (mk/install.mk does
# the same), without the leading slash
unitdir() { d=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null); echo "${d:-/usr/lib/systemd/system}" | sed 's|^/||'; }
udevdir() { d=$(pkg-config --variable=udevdir udev 2>/dev/null); echo "${d:-/usr/lib/udev}" | sed 's|^/||'; }

# the files `make install-userspace` puts under DESTDIR, for PREFIX=/usr
# (p = usr), or another prefix: expected_userspace PREFIX-without-slash
expected_userspace() {
	p=$1
	if [ "$p" = usr ]; then u=$(unitdir); d=$(udevdir); else u=$p/lib/systemd/system; d=$p/lib/udev; fi
	cat <<EOT
$p/bin/mefwctl
$p/sbin/mefwd
$p/libexec/mefw/mefw-offline-update
$p/libexec/mefw/mefwd-verify
$p/libexec/mefw/mefwctl-info.so
$d/rules.d/60-mefw.rules
$u/mefwd.service
$u/mefw-offline-update.service
$u/mefw-system-update.path
$u/mefw-system-update.service
$u/mefw-verify.service
$u/mefw-verify.socket
$u/system-update.target.wants/mefw-offline-update.service
$p/share/dbus-1/system.d/org.mefw1.conf
$p/share/dbus-1/system-services/org.mefw1.service
$p/share/dbus-1/interfaces/org.mefw1.xml
$p/share/polkit-1/actions/org.mefw1.policy
$p/share/man/man1/mefwctl.1
$p/share/man/man8/mefwd.8
$p/share/bash-completion/completions/mefwctl
EOT
}

# files and links under a directory, relative, sorted
list_tree() { (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort); }

# compare two sorted lists (files); print the difference, fail on any
same_list() {
	if ! diff -u "$1" "$2" > "$TMP/diff.txt"; then
		cat "$TMP/diff.txt"
		fail "$3"
	fi
}

# install_tree DESTDIR [make args...]: make install-userspace into DESTDIR
install_tree() {
	dest=$1; shift
	rm -rf "$dest"
	make -s --no-print-directory install-userspace DESTDIR="$dest" "$@" > "$TMP/install.log" 2>&1 ||
		{ cat "$TMP/install.log"; fail "make install-userspace DESTDIR=$dest $* failed"; }
}

# in_installed_root DESTDIR CMD...: run CMD in a private mount namespace
# where DESTDIR's usr/ and lib/ (PREFIX=/usr install) are overlaid on the
# host's /usr, so the installed files sit at their real paths next to
# systemd's own units (systemd-analyze verify needs both).  The host is
# not changed.
in_installed_root() {
	dest=$1; shift
	ov=$TMP/overlay
	rm -rf "$ov" && mkdir -p "$ov"
	unshare -m sh -c '
		set -e
		ov=$1; dest=$2; shift 2
		mount -t tmpfs none "$ov"
		mkdir -p "$ov/upper" "$ov/work" "$ov/stage/usr/lib"
		[ -d "$dest/usr" ] && cp -a "$dest/usr/." "$ov/stage/usr/"
		[ -d "$dest/lib" ] && cp -a "$dest/lib/." "$ov/stage/usr/lib/"
		mount -t overlay overlay -o "lowerdir=$ov/stage/usr:/usr,upperdir=$ov/upper,workdir=$ov/work" /usr
		cd /
		exec "$@"
	' sh "$ov" "$dest" "$@"
}
