# an assertion that does not hold stops the case
. /tests/lib.sh
expect_eq "a wrong value" no yes
echo "not reached"
