#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CLI-level tests of the mefwd client commands (update, wait, queue,
# cancel, history, status --daemon) that need no daemon: argument errors
# (one line, exit 2) and "mefwd is not running" (exit 1), with the system
# bus pointed at a socket that does not exist.
here=$(cd "$(dirname "$0")" && pwd)
NAME=cli-daemon-args
. "$here/cli-lib.sh"

export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$tmp/no-bus-here"
img="$tmp/image.bin"
printf 'not an image' >"$img"

# --- usage errors: exit 2, exactly one line ---
run upd-noimage 2 update &&
expect_err upd-noimage "mefwctl: update: no IMAGE given (see 'mefwctl update --help')"
run upd-two 2 update a b &&
expect_err upd-two "mefwctl: update: more than one IMAGE given ('a', 'b')"
run upd-badopt 2 update --frobnicate "$img" &&
expect_err upd-badopt "mefwctl: update: unknown option '--frobnicate' (see 'mefwctl update --help')"
run upd-badshort 2 update -Z "$img" &&
expect_err upd-badshort "mefwctl: update: unknown option '-Z' (see 'mefwctl update --help')"
run upd-nodev 2 update "$img" --device &&
expect_err upd-nodev "mefwctl: update: option '--device' needs a value"
run upd-empty 2 update "" &&
expect_err upd-empty "mefwctl: update: IMAGE is an empty string"
# stdin is not a terminal here: no confirmation possible without --yes
run upd-notty 2 update "$img" </dev/null &&
expect_err upd-notty "mefwctl: update: not on a terminal, cannot ask for confirmation: use --yes"
run upd-missing 1 update --yes "$tmp/missing.bin" &&
expect_err upd-missing "mefwctl: update: cannot open '$tmp/missing.bin': No such file or directory"

run wait-none 2 wait &&
expect_err wait-none "mefwctl: wait: no transaction ID given (see 'mefwctl wait --help')"
idmsg="(expected a number from 1, as shown by 'mefwctl queue' or 'mefwctl history')"
run wait-abc 2 wait abc &&
expect_err wait-abc "mefwctl: wait: invalid transaction id 'abc' $idmsg"
run wait-zero 2 wait 0 &&
expect_err wait-zero "mefwctl: wait: invalid transaction id '0' $idmsg"
run wait-neg 2 wait -- -3 &&
expect_err wait-neg "mefwctl: wait: invalid transaction id '-3' $idmsg"
run wait-big 2 wait 18446744073709551616 &&
expect_err wait-big "mefwctl: wait: invalid transaction id '18446744073709551616' $idmsg"
run wait-two 2 wait 1 2 &&
expect_err wait-two "mefwctl: wait: more than one ID given ('1', '2')"
run wait-badopt 2 wait --limit 3 &&
expect_err wait-badopt "mefwctl: wait: unknown option '--limit' (see 'mefwctl wait --help')"

run cancel-none 2 cancel &&
expect_err cancel-none "mefwctl: cancel: no transaction ID given (see 'mefwctl cancel --help')"
run cancel-abc 2 cancel abc &&
expect_err cancel-abc "mefwctl: cancel: invalid transaction id 'abc' $idmsg"
run cancel-space 2 cancel " 3" &&
expect_err cancel-space "mefwctl: cancel: invalid transaction id ' 3' $idmsg"

run queue-arg 2 queue 3 &&
expect_err queue-arg "mefwctl: queue: unexpected argument '3' (see 'mefwctl queue --help')"
run queue-limit 2 queue --limit 3 &&
expect_err queue-limit "mefwctl: queue: unknown option '--limit' (see 'mefwctl queue --help')"

limmsg="(expected a number of transactions, 0 = all)"
run hist-neg 2 history --limit -1 &&
expect_err hist-neg "mefwctl: history: invalid --limit '-1' $limmsg"
run hist-abc 2 history --limit abc &&
expect_err hist-abc "mefwctl: history: invalid --limit 'abc' $limmsg"
run hist-big 2 history --limit 4294967296 &&
expect_err hist-big "mefwctl: history: invalid --limit '4294967296' $limmsg"
run hist-noval 2 history --limit &&
expect_err hist-noval "mefwctl: history: option '--limit' needs a value"
run hist-arg 2 history 5 &&
expect_err hist-arg "mefwctl: history: unexpected argument '5' (see 'mefwctl history --help')"

run status-both 2 status --daemon --decode 1 &&
expect_err status-both "mefwctl: status: --decode and --daemon exclude each other"

# --- help on every command, exit 0 ---
for c in update wait queue cancel history; do
	run "help-$c" 0 "$c" --help && grep_out "help-$c" "^Usage: mefwctl $c"
done
run help-global 0 --help
for c in update wait queue cancel history; do
	grep_out "help-list-$c" "^  $c "
done
if grep -q 'not implemented' "$tmp/out"; then bad "help: not implemented"; else ok; fi

# --- mefwd not reachable: exit 1, one clear line ---
nobus="mefwctl: mefwd is not running and could not be activated: cannot connect to the system bus ($DBUS_SYSTEM_BUS_ADDRESS): No such file or directory"
for args in "queue" "history" "history --limit 3" "wait 3" "cancel 3" \
	"status --daemon" "--json queue" "update --yes $img" \
	"update --yes --no-wait $img"; do
	# shellcheck disable=SC2086
	run "nobus-$args" 1 $args && expect_err "nobus-$args" "$nobus"
done

checks_done "$NAME"
