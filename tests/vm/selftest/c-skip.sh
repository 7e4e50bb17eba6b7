. /tests/lib.sh
skip "skipped on purpose"
