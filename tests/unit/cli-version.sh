#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One version for the whole project: `mefwctl --version` and `mefwd
# --version` print the VERSION file's string, and the packaging files that
# must carry a literal copy (debian/changelog, dkms.conf, the man pages'
# .TH lines) say the same.
#   MEFWCTL  the client (default build/bin/mefwctl)
#   MEFWD    the daemon (default build/bin/mefwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
NAME=cli-version
. "$here/cli-lib.sh"
D=${MEFWD:-$top/build/bin/mefwd}

v=$(cat "$top/VERSION")
case $v in
'' | *[!0-9.]* | .* | *.) bad "VERSION: '$v' is not a dotted version" ;;
*) ok ;;
esac

run mefwctl-version 0 --version && grep_out mefwctl-version "^mefwctl $v\$"
[ "$(wc -l <"$tmp/out")" -eq 1 ] && ok || bad "mefwctl --version: not one line"

"$D" --version >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || bad "mefwd --version: exit $rc: $(cat "$tmp/err")"
grep_out mefwd-version "^mefwd $v\$"
[ "$(wc -l <"$tmp/out")" -eq 1 ] && ok || bad "mefwd --version: not one line"

cv=$(sed -n '1s/^mefw (\([^)]*\)).*/\1/p' "$top/debian/changelog")
[ "$cv" = "$v" ] && ok || bad "debian/changelog: $cv, VERSION: $v"
dv=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
[ "$dv" = "$v" ] && ok || bad "dkms.conf: $dv, VERSION: $v"
for p in "$top"/Documentation/*.[18]; do
	mv=$(sed -n '1,5s/^\.TH .* "mefw \([^"]*\)" .*/\1/p' "$p")
	[ "$mv" = "$v" ] && ok || bad "$(basename "$p"): .TH says '$mv', VERSION: $v"
done

checks_done "$NAME"
