# Helpers for boot test cases (run by driver.sh inside the systemd VM).
# Sourced: `. "$T/lib.sh"`.  $T = /run/boottest, $BOOT = boot number.
# A case step exits 0 pass, 77 skip (last line = reason), 100 = reboot
# and run me again (BOOT+1), 101 = I started the reboot myself, else fail.
KVER=$(cat "$T/kver")
STATE=/var/lib/mefw-boottest      # on the overlay: survives reboots
DATA=$T/data
mkdir -p "$STATE"

# the assertions: tests/assert.sh
. "$T/assert.sh"

# need_installed: the base disk has the mefw package (dpkg -i in _install)
need_installed() {
	command -v mefwctl > /dev/null || fail "mefwctl is not installed (see the base disk's install log)"
}

# run_as USER CMD...: run a command as an unprivileged user
run_as() {
	u=$1
	shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups --reset-env -- "$@"
}

# last_txn FIELD...: fields of the newest transaction in `mefwctl history
# --json`, named as the D-Bus Transaction properties (AtBoot = at_boot),
# one per line
last_txn() {
	mefwctl history --json > /tmp/history.json 2> /tmp/history.err ||
		{ cat /tmp/history.err; fail "mefwctl history --json"; }
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open("/tmp/history.json"))
if isinstance(d, dict):
    for k in ("history", "transactions"):
        if k in d:
            d = d[k]
            break
if not d:
    print("(no transactions)")
    sys.exit(0)
t = d[0]
for k in sys.argv[1:]:
    # mefwctl's JSON keys: the property names in snake_case
    sk = "".join("_" + c.lower() if c.isupper() else c for c in k).lstrip("_")
    v = t.get(sk, t.get(k, ""))
    if isinstance(v, bool):
        v = "true" if v else "false"
    print(v)
PY
}

# stage_at_boot IMAGE: `mefwctl update --at-boot --yes IMAGE`, then wait for
# the /system-update link
stage_at_boot() {
	mefwctl update --at-boot --yes "$1" > /tmp/stage.txt 2>&1
	rc=$?
	cat /tmp/stage.txt
	[ "$rc" = 0 ] || fail "mefwctl update --at-boot exited $rc"
	wait_for /system-update 10 && [ -L /system-update ] || fail "no /system-update link after staging"
	ok "/system-update -> $(readlink /system-update)"
	mefwctl queue
}

# prev_boot_order: the previous boot's PID 1 messages about the offline
# update and multi-user.target, with monotonic times
prev_boot_order() {
	journalctl -b -1 -o short-monotonic --no-pager _PID=1 |
		grep -E 'mefw|Multi-User|System Update|system-update|Reached target'
}
