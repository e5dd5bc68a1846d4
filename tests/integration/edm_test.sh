#!/usr/bin/env bash
# Exact Data Match end to end: `bulwark edm hash` on a CSV of (made-up) customer records, the
# shipped edm plugin loading the table, single-column and same-row multi-column matches, and the
# refusals (another salt, a bad CSV, no salt).
# Usage: edm_test.sh BULWARK_BINARY
set -u
BIN=$1
. "$(dirname "$0")/check_lib.sh"

cat >"$TMP/customers.csv" <<'CSV'
name,email,account
Adele Vance,adele.vance@fabrikam.example,ACC-88412907
Lee Gu,lee.gu@northwind.example,ACC-55100321
"Bowen, Miriam",miriam.bowen@adatum.example,ACC-77001234
Alex  Wilber,,ACC-90000001
CSV
export EDM_SALT="test-only-salt-0123456789abcdef"
"$BIN" edm hash --salt-env EDM_SALT --out "$TMP/customers.edm" "$TMP/customers.csv" 2>"$TMP/err"
rc=$?
grep -q "4 rows x 3 columns" "$TMP/err"
check "edm hash writes the table" 0 $rc $?
! grep -aqiE "adele|vance|fabrikam|88412907|miriam" "$TMP/customers.edm"
check "the table holds no plaintext" 0 0 $?

mkdir -p "$TMP/pol"
cat >"$TMP/pol/edm.yaml" <<YAML
apiVersion: bulwark/v1
kind: Policy
name: customers
detectors:
  - id: any-field
    plugin: edm.exact-data-match
    config: {table: "$TMP/customers.edm", salt_env: EDM_SALT}
  - id: same-customer
    plugin: edm.exact-data-match
    config: {table: "$TMP/customers.edm", salt_env: EDM_SALT, min_columns: 2, window: 80}
rules:
  - {id: block-record, when: same-customer, action: block}
  - {id: audit-value, when: any-field, action: audit}
YAML
scan() { echo "$1" | "$BIN" scan --policies "$TMP/pol" --format text - 2>&1; }
out=$(scan "please call adele vance about the renewal")
echo "$out" | grep -q "AUDIT" && echo "$out" | grep -q "customers/any-field x1" && ! echo "$out" | grep -qi "adele"
check "one column: found case-insensitively, masked" 0 0 $?
out=$(scan "Adele Vance, account ACC-88412907, wants a refund")
echo "$out" | grep -q "BLOCK" && echo "$out" | grep -q "customers/same-customer x2"
check "two columns of the same row within the window: block" 0 0 $?
out=$(scan "Adele Vance asked about ACC-55100321")
echo "$out" | grep -q "AUDIT" && ! echo "$out" | grep -q "same-customer"
check "columns of different rows are not a record" 0 0 $?
out=$(scan "Miriam Bowen and Alex Wilber")
echo "$out" | grep -q "any-field x1"
check "quoted CSV cells are taken whole; double spaces normalized" 0 0 $?
out=$(scan "adele is a common first name; ACC-00000000 is not ours")
echo "$out" | grep -q "ALLOW"
check "values not in the table are not reported" 0 0 $?

EDM_SALT="another-salt-0123456789abcdef" "$BIN" policy lint "$TMP/pol" >"$TMP/out" 2>&1
rc=$?
grep -q "edm.yaml:7:.*refused its config: .*hashed with another salt" "$TMP/out"
check "a table hashed with another salt is refused at load, with its location" 1 $rc $?
printf 'a,b\n1,2,3\n' >"$TMP/bad.csv"
"$BIN" edm hash --salt-env EDM_SALT "$TMP/bad.csv" >"$TMP/out" 2>&1
rc=$?
grep -q "bad.csv:2: 3 fields, the header has 2" "$TMP/out"
check "a malformed CSV is refused with its line" 1 $rc $?
EDM_SALT=short "$BIN" edm hash --salt-env EDM_SALT "$TMP/customers.csv" >"$TMP/out" 2>&1
check "a short salt is refused" 1 $?

finish edm_test
