# udev/60-mefw.rules: systemd 252 has no `udevadm verify`, so udev itself
# parses the installed rule (udevadm test, in a private mount namespace
# where the rules directory holds only this rule): any message naming the
# file other than "Reading rules file" fails.  Then the keys the issue asks
# for, on the rule's one logical line.
. "$(dirname "$0")/lib.sh"
need_root
command -v udevadm > /dev/null || fail "udevadm not found"

root=$TMP/root
install_tree "$root"
rule=$root/$(udevdir)/rules.d/60-mefw.rules
mkdir -p "$TMP/rules.d" && cp "$rule" "$TMP/rules.d/"
unshare -m sh -c '
	set -e
	mount -t tmpfs none /etc/udev/rules.d
	cp "$1"/60-mefw.rules /etc/udev/rules.d/
	udevadm test --action=add /sys/class/mem/null 2>&1
' sh "$TMP/rules.d" > "$TMP/udev.log" 2>&1 || { cat "$TMP/udev.log"; fail "udevadm test failed"; }
grep -q 'Reading rules file: /etc/udev/rules.d/60-mefw.rules' "$TMP/udev.log" ||
	{ cat "$TMP/udev.log"; fail "udev did not read the rule"; }
if grep '60-mefw\.rules' "$TMP/udev.log" | grep -v 'Reading rules file'; then
	fail "udev complained about the rule"
fi
echo "udev parsed 60-mefw.rules without a message"

# the rule, continuation lines joined, comments dropped
line=$(sed -e '/^#/d' "$rule" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | grep .)
[ "$(echo "$line" | wc -l)" = 1 ] || fail "expected one rule, got: $line"
for key in 'SUBSYSTEM=="mefw"' 'KERNEL=="mefw[0-9]*"' 'MODE="0600"' 'OWNER="root"' \
		'GROUP="root"' 'TAG+="systemd"' 'ENV{SYSTEMD_WANTS}+="mefwd.service"'; do
	case "$line" in *"$key"*) ;; *) fail "the rule lacks $key: $line" ;; esac
done
echo "figure: udev rule: parsed clean, 7 keys present"
