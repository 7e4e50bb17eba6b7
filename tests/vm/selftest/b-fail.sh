echo "this case fails"
exit 3
