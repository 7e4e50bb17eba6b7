#!/bin/sh
# tests/install/run.sh [TEST...] - host-side tests of make install,
# the systemd units, the udev rule and the Debian packages.
# Runs every tests/install/t-*.sh (or the ones given), each in its own
# shell; prints PASS/FAIL/SKIP per test, then "N passed, N failed, N skipped".
# Called by `make install-check` (mk/install.mk), which sets MEFW_VERSION,
# KVER and KDIR.
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
TMP=${INSTALL_TEST_TMP:-$REPO/build/tmp/install-tests}
export REPO TMP
export KVER=${KVER:-$("$REPO/scripts/kver.sh" 2>/dev/null)}
export KDIR=${KDIR:-/usr/src/linux-headers-$KVER}
export MEFW_VERSION=${MEFW_VERSION:-$(cat "$REPO/VERSION")}

[ $# -gt 0 ] || set -- "$REPO"/tests/install/t-*.sh
pass=0 failed=0 skipped=0
for t in "$@"; do
	name=$(basename "$t" .sh)
	rm -rf "$TMP" && mkdir -p "$TMP"
	sh "$t" > "$TMP.$name.log" 2>&1
	rc=$?
	case $rc in
	0) pass=$((pass + 1)); echo "PASS $name"
	   grep '^figure:' "$TMP.$name.log" | sed 's/^/  /' ;;
	77) skipped=$((skipped + 1)); echo "SKIP $name: $(tail -n 1 "$TMP.$name.log")" ;;
	*) failed=$((failed + 1)); echo "FAIL $name (exit $rc)"; sed 's/^/  | /' "$TMP.$name.log" ;;
	esac
done
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
