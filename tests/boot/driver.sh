#!/bin/sh
# mefw-boottest.service (boot test world only): after multi-user.target,
# run this boot's step of the case named on the kernel command line
# (boottest.case=NAME): `sh cases/NAME.sh`, with BOOT = the boot number
# (1 = the first boot of a fresh disk).  The case's output goes to ttyS1.
# A case exits 0 pass, 77 skip (last line says why), 100 "reboot and call
# me again" (the driver reboots), 101 "I rebooted myself" (e.g. an
# offline update was staged and the case ran `systemctl reboot`), other
# codes fail.  At the end the VM powers off.
set -u
T=/run/boottest
out=/dev/ttyS1
case=$(cat $T/case)
boot=$(cat $T/bootno)
say() { echo "@@MEFW@@ $*" > $out; }

up=$(cut -d' ' -f1 /proc/uptime)
if systemctl -q is-active system-update.target; then
	# booted for an offline update: the offline unit (ordered before
	# system-update.target) should have rebooted the VM by now
	say "SYSTEM-UPDATE-BOOT $boot $up"
	sleep 45
	say "END $case 1"
	echo "FAIL: boot $boot stayed in system-update.target for 45 s after it was reached (no reboot by the offline update unit)" > $out
	journalctl -b --no-pager -n 60 > $out 2>&1
	say "DONE"
	systemctl poweroff
	exit 0
fi
say "UP $boot $up"
failed=$(systemctl list-units --failed --plain --no-legend 2>/dev/null | awk '{print $1}' | tr '\n' ' ')
say "FAILED-UNITS $failed"
if [ ! -f "$T/cases/$case.sh" ]; then
	say "END $case 2"
	echo "no such case: $case" > $out
	rc=2
else
	say "STEP $case $boot"
	( cd /tmp && BOOT=$boot T=$T sh "$T/cases/$case.sh" ) > $out 2>&1 < /dev/null
	rc=$?
fi
case $rc in
100)
	say "REBOOT $case $boot"
	sync
	systemctl reboot
	exit 0
	;;
101)
	say "REBOOTING $case $boot"
	exit 0
	;;
esac
say "END $case $rc"
if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
	{
		echo "--- diagnostics: systemctl --failed"
		systemctl --failed --no-pager 2>&1
		echo "--- diagnostics: journal of this boot (last 60 lines)"
		journalctl -b --no-pager -n 60 2>&1
	} > $out 2>&1
fi
sync
say "DONE"
systemctl poweroff
