#!/bin/sh
# Flash persistence across VM boots ("after a VM reboot with the
# same backing file the ME reports the new version").  Three VM runs of
# tests/vm/run.sh with a persistent disk (VM_DISK), cases in
# tests/vm/reboot/:
#   boot1    fresh disk: update 9.0.20.1447 -> 9.0.21.1500 with reset type 1
#            (host reset): needs a reboot, the old version keeps running
#   boot2    same disk: mei-sim comes up running 9.0.21.1500 (sysfs and
#            mefwctl status)
#   control  a fresh disk: 9.0.20.1447, and boot2's check fails there
# VM_DIR (default build/vm-reboot) holds the disks and one directory per
# boot.  Exit status: 0 all passed, 1 otherwise.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${VM_DIR:-$top/build/vm-reboot}
cases=$top/tests/vm/reboot
mkdir -p "$dir" || exit 1
disk=$dir/disk.img
fresh=$dir/fresh.img
rm -f "$disk" "$fresh"
pass=0 failn=0
t0=$(date +%s)

# boot NAME DISK CASE...: one VM run in $dir/NAME; output in $out, exit in $rc
boot() {
	name=$1 img=$2
	shift 2
	echo "reboot-test: boot $name, disk $(basename "$img")"
	out=$(VM_DISK=$img VM_DIR=$dir/$name "$top/tests/vm/run.sh" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/  /'
}

# verdict NAME OK(0|1)
verdict() {
	if [ "$2" = 1 ]; then
		echo "PASS $1"
		pass=$((pass + 1))
	else
		echo "FAIL $1"
		failn=$((failn + 1))
	fi
}

# has LINE: the last boot's output has exactly this line
has() {
	printf '%s\n' "$out" | grep -qxF -- "$1" && return 0
	echo "  missing: $1"
	return 1
}

boot boot1 "$disk" "$cases/boot1-update.sh"
ok=0
[ "$rc" = 0 ] && has "PASS boot1-update.sh" && ok=1
verdict "reboot-1-update" $ok

boot boot2 "$disk" "$cases/boot2-new-version.sh"
ok=0
[ "$rc" = 0 ] && has "PASS boot2-new-version.sh" && ok=1
verdict "reboot-2-new-version" $ok

# control: a fresh disk runs the old version, and the second boot's check
# fails on it (so a flash that does not persist cannot pass)
echo "reboot-test: (control: boot2-new-version.sh must fail on a fresh disk)"
boot control "$fresh" "$cases/fresh-old-version.sh" "$cases/boot2-new-version.sh"
ok=0
[ "$rc" = 1 ] && has "PASS fresh-old-version.sh" &&
	has "FAIL boot2-new-version.sh (exit 1)" &&
	has "  | FAIL: fw_version after the reboot: got '9.0.20.1447', want '9.0.21.1500'" &&
	has "1 passed, 1 failed, 0 skipped" && ok=1
verdict "reboot-control-fresh-disk" $ok

echo "$pass passed, $failn failed, 0 skipped (reboot test, $(($(date +%s) - t0)) s)"
[ "$failn" = 0 ]
