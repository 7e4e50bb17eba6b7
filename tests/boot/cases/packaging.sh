# boots: 1
# Packaging: the packages installed cleanly into the
# booted VM (dpkg -i when the base disk was built: its log and exit status
# are on the disk), dkms built mefw.ko for the VM's kernel and that module
# is the one bound; `dpkg --purge` of both leaves no file behind: nothing
# the packages listed, and nothing new in the overlay's upper layer (the
# files this root changed) compared with before the installation, except
# the package manager's and the system's own state.
. "$T/lib.sh"
S=$T/disk/state
expect_eq "dpkg -i exit status (base disk)" "$(cat "$S/dpkg-install.rc")" 0
if grep -iE 'warning|error' "$S/dpkg-install.log"; then
	fail "the dpkg -i log has warnings or errors (above)"
fi
ok "dpkg -i log clean ($(wc -l < "$S/dpkg-install.log") lines)"
for p in mefw mefw-dkms; do
	expect_eq "dpkg status of $p" "$(dpkg-query -W -f='${db:Status-Abbrev}' $p | tr -d ' ')" ii
done
echo "dkms status: $(dkms status)"
dkms status | grep -qE "^mefw/.*, $KVER, x86_64: installed" || fail "dkms did not build mefw for $KVER"
ko=$(modinfo -k "$KVER" -n mefw)
case $ko in
/lib/modules/$KVER/updates/dkms/mefw.ko*) ok "mefw.ko built by dkms: $ko" ;;
*) fail "modinfo -n mefw = $ko, not dkms's module" ;;
esac
wait_for /dev/mefw0 30 || fail "no /dev/mefw0"
# the bound module is dkms's: it is the only mefw.ko of this kernel
expect_eq "mefw.ko files of $KVER" "$(find /lib/modules/"$KVER"/ -name 'mefw.ko*' | tr '\n' ' ')" "$ko "
[ -d /sys/module/mefw ] || fail "mefw is not loaded"

# purge
dpkg -L mefw mefw-dkms | sort -u > "$STATE/pkg-files.txt"
echo "the packages list $(wc -l < "$STATE/pkg-files.txt") paths"
dpkg --purge mefw mefw-dkms > /tmp/purge.log 2>&1
rc=$?
cat /tmp/purge.log
expect_eq "dpkg --purge exit status" "$rc" 0
grep -iE 'warning|error' /tmp/purge.log && fail "the purge log has warnings or errors (above)"
left=
while read -r f; do
	[ -e "$f" ] || [ -L "$f" ] || continue
	# directories (also /lib -> usr/lib): shared, checked below
	[ -d "$f" ] && continue
	left="$left $f"
done < "$STATE/pkg-files.txt"
[ -z "$left" ] || fail "files of the purged packages still there:$left"
ok "no file the packages listed is left"
[ -e /var/lib/mefw ] && fail "/var/lib/mefw is left after purge: $(ls -A /var/lib/mefw | tr '\n' ' ')"
ok "/var/lib/mefw is gone"
dkms status | grep -q mefw && fail "dkms still knows mefw: $(dkms status)"
# the upper layer: what this root holds that the host root does not
sync
(cd "$T/disk/upper" && find . -xdev | sort) > "$STATE/upper-purged.txt"
# not ours: package manager, logs, journal, caches, systemd's state, the
# test world, the simulator's flash, depmod's output, the files PID 1 and
# services touch on every boot; dkms's own directories under updates/ and
# its machine owner key (created at its first build, kept for the next)
noise='^\./(var/(lib/(dpkg|apt|systemd|mefw-boottest|mei-sim|ucf|polkit-1|dbus|man-db|private)|log|cache|tmp|backups)|tmp|run|root|etc/(ld\.so\.cache|machine-id|systemd/system|hostname|fstab|mtab|\.pwd\.lock|adjtime)|usr/local/lib/mefw-boottest|(usr/)?lib/modules/[^/]*/modules\.[a-z.]*$|(usr/)?lib/modules/[^/]*/updates(/dkms)?$|var/lib/dkms/mok\.(key|pub)$)'
# directories are left out: a file written below a directory of the host
# root copies that directory up into the upper layer (overlayfs), whoever
# removes the file later
comm -13 "$S/upper-before.txt" "$STATE/upper-purged.txt" | grep -vE "$noise" |
	while read -r p; do
		[ -d "$T/disk/upper/$p" ] && [ ! -L "$T/disk/upper/$p" ] && continue
		echo "$p"
	done > /tmp/new.txt
if [ -s /tmp/new.txt ]; then
	echo "new in the root after install + purge:"
	sed 's/^/  /' /tmp/new.txt
	fail "the purge left files behind"
fi
ok "nothing new in the root after install + purge ($(comm -13 "$S/upper-before.txt" "$S/upper-installed.txt" | wc -l) paths were new after the install)"
exit 0
