# The offline (boot-time) update per systemd.offline-updates(7): the unit's
# ordering and safety keys, and the logic of mefw-offline-update (run with
# a fake mefwd and systemctl, a scratch state dir and link path):
# --sync arms/disarms /system-update from mefwd's marker and never touches
# another tool's link; the update run removes the link BEFORE mefwd runs,
# reboots whatever the outcome, and ignores a link that is not mefw's.
. "$(dirname "$0")/lib.sh"

root=$TMP/root
install_tree "$root"
unit=$root/$(unitdir)/mefw-offline-update.service
for key in DefaultDependencies=no Requires=sysinit.target 'After=sysinit.target system-update-pre.target' \
		'Before=system-update.target' ConditionPathIsSymbolicLink=/system-update \
		FailureAction=reboot Type=oneshot 'StandardOutput=journal+console' \
		ExecStart=/usr/libexec/mefw/mefw-offline-update; do
	grep -q "^$key" "$unit" || fail "mefw-offline-update.service lacks $key"
done
# mefwd --run-scheduled opens /dev/mefwN, whose major may appear after the
# unit started: no device restriction (ProtectClock= implies DeviceAllow=)
for key in DevicePolicy DeviceAllow PrivateDevices ProtectClock; do
	! grep -q "^$key=" "$unit" || fail "mefw-offline-update.service restricts devices ($key=)"
done
grep -qx 'DeviceAllow=char-mefw rw' "$root/$(unitdir)/mefwd.service" || fail "mefwd.service: no DeviceAllow=char-mefw rw"
! grep -q '^\[Install\]' "$unit" || fail "mefw-offline-update.service has an [Install] section (the wants link pulls it in)"
[ -L "$root/$(unitdir)/system-update.target.wants/mefw-offline-update.service" ] || fail "no system-update.target.wants link"
grep -q '^PathChanged=/var/lib/mefw/offline-update$' "$root/$(unitdir)/mefw-system-update.path" || fail "path unit watches the wrong file"
grep -q '^Wants=.*mefw-system-update.path' "$root/$(unitdir)/mefwd.service" || fail "mefwd.service does not pull in the path unit"
for u in mefwd.service mefw-system-update.path mefw-system-update.service; do
	grep -q '^After=.*mefw-offline-update.service' "$root/$(unitdir)/$u" || fail "$u not ordered after the offline update"
done

script=$root/usr/libexec/mefw/mefw-offline-update
state=$TMP/var/lib/mefw
link=$TMP/system-update
mkdir -p "$state" "$TMP/bin" "$TMP/other" "$TMP/dev"
: > "$TMP/dev/mefw0"
cat > "$TMP/bin/mefwd" <<EOT
#!/bin/sh
# fake mefwd: records its arguments and whether the link still existed
echo "\$*" > $TMP/mefwd.args
if [ -e $link ] || [ -L $link ]; then echo link-present; else echo link-gone; fi > $TMP/mefwd.link
exit \${FAKE_RC:-0}
EOT
cat > "$TMP/bin/systemctl" <<EOT
#!/bin/sh
echo "\$*" >> $TMP/systemctl.args
EOT
chmod 755 "$TMP/bin/mefwd" "$TMP/bin/systemctl"
export MEFW_STATE_DIR=$state MEFW_SYSTEM_UPDATE=$link MEFWD=$TMP/bin/mefwd SYSTEMCTL=$TMP/bin/systemctl \
	MEFW_DEV_DIR=$TMP/dev
reset() { rm -f "$link" "$state/offline-update" "$TMP/mefwd.args" "$TMP/mefwd.link" "$TMP/systemctl.args"; }

# --sync
reset; echo 1 > "$state/offline-update"
sh "$script" --sync || fail "--sync with the marker failed"
[ "$(readlink "$link")" = "$state" ] || fail "--sync did not create $link -> $state"; ok
sh "$script" --sync || fail "--sync, already armed, failed"
[ "$(readlink "$link")" = "$state" ] || fail "--sync changed an armed link"; ok
rm "$state/offline-update"
sh "$script" --sync || fail "--sync without the marker failed"
[ ! -L "$link" ] || fail "--sync did not remove mefw's link when the marker went"; ok
ln -s "$TMP/other" "$link"; echo 1 > "$state/offline-update"
sh "$script" --sync 2> "$TMP/err" && fail "--sync replaced (or accepted) another tool's link"
[ "$(readlink "$link")" = "$TMP/other" ] || fail "--sync touched another tool's link"
grep -q 'not mefw' "$TMP/err" || fail "--sync did not say why: $(cat "$TMP/err")"; ok
rm "$state/offline-update"
sh "$script" --sync || fail "--sync, no marker, foreign link: failed"
[ "$(readlink "$link")" = "$TMP/other" ] || fail "--sync removed another tool's link"; ok

# the update run
reset
sh "$script" > "$TMP/out" || fail "run without /system-update failed"
[ ! -e "$TMP/mefwd.args" ] && [ ! -e "$TMP/systemctl.args" ] || fail "run without a link ran mefwd or rebooted"; ok
reset; ln -s "$TMP/other" "$link"
sh "$script" > "$TMP/out" || fail "run with a foreign link failed"
[ ! -e "$TMP/mefwd.args" ] && [ ! -e "$TMP/systemctl.args" ] || fail "run with a foreign link ran mefwd or rebooted"
[ -L "$link" ] || fail "run removed a foreign link"; ok
reset; ln -s "$state" "$link"
sh "$script" > "$TMP/out" || fail "run (update succeeds) exited non-zero"
[ "$(cat "$TMP/mefwd.args")" = --run-scheduled ] || fail "mefwd ran with '$(cat "$TMP/mefwd.args" 2>/dev/null)'"
[ "$(cat "$TMP/mefwd.link")" = link-gone ] || fail "/system-update still existed while mefwd ran"
[ ! -L "$link" ] || fail "the link is still there after the run"
[ "$(cat "$TMP/systemctl.args")" = "--no-block reboot" ] || fail "no reboot after success"; ok
reset; ln -s "$state/" "$link"
FAKE_RC=3 sh "$script" > "$TMP/out"; rc=$?
[ "$rc" = 3 ] || fail "run (update fails) exited $rc, want mefwd's 3"
[ "$(cat "$TMP/mefwd.link")" = link-gone ] || fail "/system-update existed while mefwd ran (failure case)"
[ "$(cat "$TMP/systemctl.args")" = "--no-block reboot" ] || fail "no reboot after a failure"
grep -q 'failed' "$TMP/out" || fail "no failure line on the console"; ok
# no ME device yet: waits (bounded), then runs mefwd all the same
reset; ln -s "$state" "$link"; rm "$TMP/dev/mefw0"
MEFW_DEVICE_WAIT=1 sh "$script" > "$TMP/out" || fail "run without a device exited non-zero"
grep -q 'waiting up to 1 s' "$TMP/out" && grep -q 'no ME device appeared within 1 s' "$TMP/out" ||
	fail "no device: no wait message: $(cat "$TMP/out")"
[ "$(cat "$TMP/mefwd.args")" = --run-scheduled ] || fail "no device: mefwd did not run"
[ "$(cat "$TMP/systemctl.args")" = "--no-block reboot" ] || fail "no device: no reboot"; ok
echo "figure: offline update: unit keys checked, $ASSERT_PASSED script cases passed"
