# a counted failure fails the case at checks_done, after the other checks
. /tests/lib.sh
bad "one check"
ok "another check"
checks_done counted
