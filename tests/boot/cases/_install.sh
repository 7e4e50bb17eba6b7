# boots: 1
# Base disk (run once per set of packages, by run.sh): install mefw into
# the fresh overlay, record what the upper layer held before, the install
# log and dkms status for the packaging case.
. "$T/lib.sh"
export DEBIAN_FRONTEND=noninteractive
S=$T/disk/state          # outside the overlay's upper: not part of the root
mkdir -p "$S"
(cd "$T/disk/upper" && find . -xdev | sort) > "$S/upper-before.txt"
ls "$T"/pkgs/*.deb
dpkg -i "$T"/pkgs/*.deb > "$S/dpkg-install.log" 2>&1
rc=$?
cat "$S/dpkg-install.log"
echo "$rc" > "$S/dpkg-install.rc"
[ "$rc" = 0 ] || fail "dpkg -i exited $rc"
dkms status > "$S/dkms-status.txt" 2>&1
cat "$S/dkms-status.txt"
(cd "$T/disk/upper" && find . -xdev | sort) > "$S/upper-installed.txt"
exit 0
