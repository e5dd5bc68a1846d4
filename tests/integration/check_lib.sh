# Shared by the integration scripts (source it): a temporary directory $TMP removed on exit,
# and check/finish for counting results.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

check() {  # check NAME EXPECTED_EXIT ACTUAL_EXIT [CONDITION_RESULT]
  local name=$1 want=$2 got=$3 cond=${4:-0}
  if [ "$got" = "$want" ] && [ "$cond" = 0 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $name (exit $got, wanted $want; condition $cond)"
  fi
}

finish() {  # finish LABEL: prints the counts; the exit status says whether all passed
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
