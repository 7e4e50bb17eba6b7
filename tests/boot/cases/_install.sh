# boots: 1
# Base disk (run once per set of packages, by run.sh): install mefw into
# the fresh overlay, record what the upper layer held before, the install
# log and dkms status for the packaging case.
. "$T/lib.sh"
export DEBIAN_FRONTEND=noninteractive
kind=$(cat "$T/install-kind")
S=$T/disk/state          # outside the overlay's upper: not part of the root
mkdir -p "$S"
(cd "$T/disk/upper" && find . -xdev | sort) > "$S/upper-before.txt"
echo "install: $kind"
case $kind in
debs)
	ls "$T"/pkgs/*.deb
	dpkg -i "$T"/pkgs/*.deb > "$S/dpkg-install.log" 2>&1
	rc=$?
	cat "$S/dpkg-install.log"
	echo "$rc" > "$S/dpkg-install.rc"
	[ "$rc" = 0 ] || fail "dpkg -i exited $rc"
	dkms status > "$S/dkms-status.txt" 2>&1
	cat "$S/dkms-status.txt"
	;;
tree|dev)
	tar tf "$T/pkgs/tree.tar" | sed 's/^/  /'
	tar -x --keep-directory-symlink -f "$T/pkgs/tree.tar" -C / || fail "extracting the make install tree"
	depmod -a "$KVER" || fail "depmod"
	systemctl daemon-reload
	udevadm control --reload
	;;
none)
	echo "nothing to install (no packages, no make install)"
	;;
esac
(cd "$T/disk/upper" && find . -xdev | sort) > "$S/upper-installed.txt"
exit 0
