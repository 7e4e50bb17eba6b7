# boots: 1
# `systemd-analyze verify` on every unit mefw installs,
# inside the booted system (the test world adds drop-ins to mefwd.service
# and mefw-offline-update.service for the test key: ExecStart/Environment
# only); `systemd-analyze security mefwd.service`: exposure printed,
# at most 2.5.
. "$T/lib.sh"
need_installed
units=
# /lib is /usr/lib on Debian 12 (merged /usr): one directory
for f in /lib/systemd/system/mefw*; do
	[ -f "$f" ] || continue
	case $f in *.service|*.path|*.socket|*.timer|*.target|*.mount) units="$units $f" ;; esac
done
[ -n "$units" ] || fail "no mefw units installed"
echo "units:$units"
# shellcheck disable=SC2086
systemd-analyze verify $units > /tmp/verify.txt 2>&1
rc=$?
cat /tmp/verify.txt
expect_eq "systemd-analyze verify exit status" "$rc" 0
[ -s /tmp/verify.txt ] && fail "systemd-analyze verify printed diagnostics (above)"
ok "systemd-analyze verify: clean"
systemctl cat mefwd.service > /dev/null 2>&1 || fail "mefwd.service is not installed"
systemd-analyze security --no-pager mefwd.service > /tmp/sec.txt 2>&1
rc=$?
grep -v '✓' /tmp/sec.txt | tail -n 30
x=$(sed -n 's/.*Overall exposure level for mefwd.service: \([0-9.]*\).*/\1/p' /tmp/sec.txt)
[ -n "$x" ] || fail "no exposure level in the output (exit $rc)"
echo "EXPOSURE mefwd.service $x"
expect_at_most "systemd-analyze security mefwd.service" "$x" 2.5
exit 0
