#!/bin/sh
# Kernel code quality gates: a W=1 + sparse build of both modules from a
# clean copy, and checkpatch --strict on every kernel source file.
# Any warning fails.  Usage: scripts/kernel-gates.sh KDIR LINUX_SRC
set -eu
kdir=$1 lsrc=$2
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/gates
rm -rf "$out"
mkdir -p "$out"
cp -r "$top/kernel" "$out/kernel"
mkdir -p "$out/tests"
cp -r "$top/tests/sim" "$out/tests/sim"
for d in "$out/kernel" "$out/tests/sim"; do
	find "$d" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \
		-o -name Module.symvers -o -name modules.order \) -delete
done
bad=0

build() {
	log=$out/$(basename "$1").log
	if ! make -C "$kdir" M="$1" W=1 C=1 CHECK=sparse MEI_PRIV="$lsrc/drivers/misc" \
			modules > "$log" 2>&1; then
		echo "gates: W=1/sparse build of $1 failed:"; tail -30 "$log"; bad=1; return
	fi
	# sparse prints "file:line:col: warning|error: ..."; gcc the same
	if grep -E '(warning|error):' "$log" | grep -v 'Skipping BTF' > "$log.warn"; then
		echo "gates: W=1/sparse warnings in $(basename "$1"):"; cat "$log.warn"; bad=1
	else
		echo "gates: W=1 + sparse clean: $(basename "$1")"
	fi
}
build "$out/kernel"
build "$out/tests/sim"

files=$(cd "$top" && find kernel tests/sim -name '*.[ch]' ! -name '*.mod.c' | sort)
n=0
for f in $files; do
	n=$((n + 1))
	if ! "$lsrc/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
			-f "$top/$f" > "$out/cp.txt" 2>&1; then
		echo "gates: checkpatch --strict: $f"; cat "$out/cp.txt"; bad=1
	fi
done
echo "gates: checkpatch --strict ran on $n files"

# kernel-doc comments must be well formed, and complete where present
for f in $files; do
	"$lsrc/scripts/kernel-doc" -none -v "$top/$f" 2>&1 |
		grep -E '(warning|error):' > "$out/kd.txt" || true
	if [ -s "$out/kd.txt" ]; then
		echo "gates: kernel-doc: $f"; cat "$out/kd.txt"; bad=1
	fi
done
echo "gates: kernel-doc -v ran on $n files"
[ "$bad" = 0 ] && echo "gates: all kernel quality gates passed"
exit "$bad"
