echo "this case passes"
