#!/usr/bin/env bash
# End-to-end checks of the shipped binary: exit codes, output shapes, no plaintext in output.
# Usage: cli_test.sh BULWARK_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
. "$(dirname "$0")/check_lib.sh"

"$BIN" --version >"$TMP/out" 2>&1; rc=$?
grep -qE '^bulwark [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out"; check "--version" 0 $rc $?

"$BIN" >/dev/null 2>&1; check "no command is a usage error" 2 $?
"$BIN" frobnicate >/dev/null 2>&1; check "unknown command" 2 $?
"$BIN" scan --nope x >/dev/null 2>&1; check "unknown option" 2 $?
"$BIN" scan >/dev/null 2>&1; check "scan without input" 2 $?
"$BIN" scan --format xml - </dev/null >/dev/null 2>&1; check "bad --format" 2 $?
# The compiled pattern databases (detector patterns, context lists), the patterns' facts and
# each policy file's parse are cached: the second scan reads them; a damaged file is rebuilt;
# the verdicts are the same every time.
CACHE="$TMP/hs-cache"
cached_scan() {
  BULWARK_CACHE_DIR="$CACHE" "$BIN" scan "$SRC/samples/messages/03-card-dump.txt" | sed 's/"latency_us":[0-9]*//'
}
cached_scan >"$TMP/scan1"; cached_scan >"$TMP/scan2"
POLICY_FILES=$(ls "$SRC"/policies/*.yaml | wc -l)
[ "$(ls "$CACHE"/hsdb-* | wc -l)" = 2 ] && [ -s "$CACHE/pattern-facts" ] && [ -s "$TMP/scan1" ] &&
  [ "$(ls "$CACHE"/policy-parse-* | wc -l)" = "$POLICY_FILES" ] && cmp -s "$TMP/scan1" "$TMP/scan2"
check "scan: database cache written and read, same verdict" 0 0 $?
for f in "$CACHE"/*; do head -c 100 "$f" >"$f.cut" && mv "$f.cut" "$f"; done
cached_scan >"$TMP/scan3"; rc=$?
cmp -s "$TMP/scan1" "$TMP/scan3" && [ "$(ls "$CACHE" | wc -l)" = $((3 + POLICY_FILES)) ] &&
  [ "$(cat "$CACHE"/* | wc -c)" -gt 2000 ] && ! ls "$CACHE"/* | xargs stat -c %s | grep -qx 100
check "scan: a damaged cache file is rebuilt" 0 $rc $?
for cmd in "scan" "policy lint" "policy"; do
  # shellcheck disable=SC2086
  "$BIN" $cmd --help >"$TMP/out" 2>&1; rc=$?
  grep -q '^Usage: bulwark' "$TMP/out"; check "$cmd --help" 0 $rc $?
done

"$BIN" policy lint "$SRC/policies" >"$TMP/out" 2>&1; check "lint shipped policies" 0 $?
# The detector count of the lint summary ("ok: 19 files, 10 policies, 163 detectors, ...").
DETECTORS=$(sed -n 's/^ok: .* policies, \([0-9][0-9]*\) detectors,.*/\1/p' "$TMP/out")
"$BIN" policy lint --cost "$SRC/policies" >"$TMP/out" 2>/dev/null; rc=$?
[ "${DETECTORS:-0}" -ge 150 ] &&
  [ "$(grep -cE '^(low|medium|high) +[0-9]+\.[0-9]+  [a-z]' "$TMP/out")" = "$DETECTORS" ] &&
  grep -qE '^high .* secrets\.url-credentials ' "$TMP/out" &&
  grep -qE '^low .* contact\.email +\(class runs' "$TMP/out" &&
  grep -qE '^low .* financial\.card-number +\(digit runs\)' "$TMP/out"
check "lint --cost lists every detector's cost" 0 $rc $?

cat >"$TMP/bad.yaml" <<'YAML'
apiVersion: bulwark/v1
kind: Policy
name: bad
detectors:
  - id: card
    regex: '\d{16}'
    validator: lunh
rules:
  - {id: r, when: card, action: block}
YAML
"$BIN" policy lint "$TMP/bad.yaml" >"$TMP/out" 2>/dev/null; rc=$?
grep -qF "$TMP/bad.yaml:7:16: detector 'card': unknown validator 'lunh' (did you mean 'luhn'?)" "$TMP/out"
check "lint reports file:line:col" 1 $rc $?
"$BIN" scan --policies "$TMP/bad.yaml" - </dev/null >/dev/null 2>&1; check "scan refuses a broken policy set" 1 $?

card="5555 5555 5555 4444"
echo "charge my mastercard $card" | "$BIN" scan - >"$TMP/out" 2>&1; rc=$?
grep -q '"decision":"notify"' "$TMP/out"; check "scan stdin verdict" 0 $rc $?
grep -qF "$card" "$TMP/out"; [ $? -ne 0 ]; check "verdict has no plaintext" 0 0 $?
grep -q '"masked":"5555 \*\*\*\* \*\*\*\* 4444"' "$TMP/out"; check "verdict has masked evidence" 0 0 $?

echo "AKIA2E3MZQ7HT5LRXV4N" | "$BIN" scan --fail-on block - >/dev/null 2>&1; check "--fail-on block" 3 $?
echo "hello" | "$BIN" scan --fail-on block - >/dev/null 2>&1; check "--fail-on not reached" 0 $?
echo "AKIA2E3MZQ7HT5LRXV4N" | "$BIN" scan --simulate --fail-on block - >"$TMP/out" 2>&1; rc=$?
grep -q '"decision":"allow","mode":"simulate","simulated_decision":"block"' "$TMP/out"
check "--simulate enforces nothing" 0 $rc $?
"$BIN" scan "$TMP/does-not-exist" >/dev/null 2>&1; check "unreadable input" 1 $?

n=$("$BIN" scan "$SRC"/samples/messages/* 2>/dev/null | wc -l)
[ "$n" -eq "$(ls "$SRC"/samples/messages | wc -l)" ]; check "one verdict line per input" 0 0 $?

# policy test: a failing case is reported at its location and fails the run.
mkdir -p "$TMP/pt/tests"
printf 'apiVersion: bulwark/v1\nkind: Policy\nname: p\ndetectors: [{id: k, keywords: [secret]}]\nrules: [{id: r, when: k, action: block}]\n' >"$TMP/pt/p.yaml"
printf 'kind: DetectorTest\ndetector: p/k\nmatch: [top secret, nothing here]\nno_match: [secrets]\n---\nkind: PolicyTest\ncases: [{text: secret, decision: audit}]\n' >"$TMP/pt/tests/t.yaml"
"$BIN" policy test "$TMP/pt" >"$TMP/out" 2>/dev/null; rc=$?
grep -q "$TMP/pt/tests/t.yaml:3:21: expected a match of 'p/k', found none" "$TMP/out" &&
  grep -q "t.yaml:7:9: expected decision audit, got block" "$TMP/out" && grep -q "policy tests: 2 passed, 2 failed" "$TMP/out"
check "policy test reports failing cases" 1 $rc $?
printf 'kind: DetectorTest\ndetector: p/k\nmatch: ["unterminated\n' >"$TMP/pt/tests/u.yaml"
"$BIN" policy test "$TMP/pt" >"$TMP/out" 2>/dev/null; rc=$?
grep -q "u.yaml:.*YAML error" "$TMP/out" && grep -q "2 failed, 1 malformed test document" "$TMP/out"
check "policy test counts a malformed test file as a failure" 1 $rc $?
# Cases elsewhere (--policies), whole chatMessages, sender scope, rules that must not match,
# findings per detector; JUnit XML for CI; a failure says what did fire.
mkdir -p "$TMP/cases"
cat >"$TMP/pt/scoped.yaml" <<'YAML'
apiVersion: bulwark/v1
kind: Policy
name: s
scope: {senders: {exclude: [build bot]}}
detectors: [{id: code, keywords: [bluebird]}]
rules: [{id: r, when: code, action: notify}]
YAML
cat >"$TMP/cases/c.yaml" <<'YAML'
apiVersion: bulwark/v1
kind: PolicyTest
resource: chatMessage
cases:
  - text: "project bluebird and a secret"
    decision: block
    rules: [p/r, s/r]
    detectors: {p/k: 1, s/code: 1}
  - {text: "project bluebird", sender: Build Bot, decision: allow, not_rules: [s/r]}
  - message:
      id: "1"
      from: {user: {id: u1, displayName: Adele Vance}}
      subject: re bluebird
      body: {contentType: html, content: "<p>the <b>plan</b></p>"}
      attachments: [{contentType: application/vnd.microsoft.card.adaptive, content: '{"body":[{"type":"TextBlock","text":"top secret"}]}'}]
    decision: block
    rules: [s/r, p/r]
  - {text: "bluebird", decision: allow}
YAML
"$BIN" policy test --policies "$TMP/pt/p.yaml" --policies "$TMP/pt/scoped.yaml" --junit "$TMP/j.xml" \
  "$TMP/cases" >"$TMP/out" 2>/dev/null; rc=$?
grep -q "c.yaml:18:5: expected decision allow, got notify; fired: s/r (notify)" "$TMP/out" &&
  grep -q "policy tests: 3 passed, 1 failed" "$TMP/out" &&
  /usr/bin/python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall("./testsuite/testcase")
assert root.get("tests") == "4" and root.get("failures") == "1", root.attrib
failed = [c for c in cases if c.find("failure") is not None]
assert len(failed) == 1 and failed[0].get("line") == "18", [c.attrib for c in failed]
' "$TMP/j.xml"
check "policy test --policies: messages, scope, not_rules, detector counts, JUnit" 1 $rc $?
"$BIN" policy test --policies "$TMP/pt/p.yaml" >/dev/null 2>&1; check "policy test --policies without tests" 2 $?

# keys new -> simulate -> replay: the round trip a user does to try a subscription key.
"$BIN" keys new --id rt --out "$TMP/keys" >"$TMP/out" 2>&1; rc=$?
grep -q '^encryptionCertificate: MII' "$TMP/out"; check "keys new prints the certificate" 0 $rc $?
[ "$(stat -c %a "$TMP/keys/rt.key.pem")" = 600 ]; check "keys new writes the key 0600" 0 0 $?
"$BIN" keys new --id rt >/dev/null 2>&1; check "keys new without --out" 2 $?
head -3 "$SRC/samples/chat/messages.jsonl" >"$TMP/m.jsonl"
echo 'not json' >>"$TMP/m.jsonl"
"$BIN" simulate --cert "$TMP/keys/rt.cert.pem" --cert-id rt --client-state cs --batch 2 "$TMP/m.jsonl" \
  >"$TMP/cap.jsonl" 2>"$TMP/err"; rc=$?
[ "$(wc -l <"$TMP/cap.jsonl")" = 2 ] && grep -q "line 4 is not a chatMessage" "$TMP/err"
check "simulate batches and reports bad lines" 1 $rc $?
BULWARK_CLIENT_STATE=cs "$BIN" replay --key "rt=$TMP/keys/rt.key.pem,$TMP/keys/rt.cert.pem" \
  "$TMP/cap.jsonl" >"$TMP/out" 2>"$TMP/err"; rc=$?
[ "$(grep -c '"schema":"bulwark.verdict/v1"' "$TMP/out")" = 3 ]; check "simulate -> replay round trip" 0 $rc $?
BULWARK_CLIENT_STATE=other "$BIN" replay --key "rt=$TMP/keys/rt.key.pem" "$TMP/cap.jsonl" >"$TMP/out" 2>/dev/null
[ "$(grep -c '"reason":"client_state_mismatch"' "$TMP/out")" = 3 ]; check "clientState is enforced" 0 0 $?
"$BIN" replay --key "rt=$TMP/nope.pem" "$TMP/cap.jsonl" >/dev/null 2>&1; check "replay with a missing key file" 1 $?
"$BIN" replay >/dev/null 2>&1; check "replay without capture" 2 $?
# A full disk is an error, not a silent success (/dev/full opens, every write fails ENOSPC).
BULWARK_CLIENT_STATE=cs "$BIN" replay --key "rt=$TMP/keys/rt.key.pem" --out /dev/full \
  "$TMP/cap.jsonl" >/dev/null 2>"$TMP/err"; rc=$?
grep -q "jsonl:/dev/full: write /dev/full: No space left on device" "$TMP/err"
check "replay: a failing write exits 1" 1 $rc $?
"$BIN" replay --out "$TMP/no/such/dir/out.jsonl" "$TMP/cap.jsonl" >/dev/null 2>"$TMP/err"; rc=$?
grep -q "open $TMP/no/such/dir/out.jsonl" "$TMP/err"; check "replay: unwritable --out before any work" 1 $rc $?
"$BIN" replay --out "$TMP/r.jsonl" "$TMP/cap.jsonl" "$TMP/missing.jsonl" >/dev/null 2>"$TMP/err"; rc=$?
grep -q "cannot open capture $TMP/missing.jsonl" "$TMP/err" && [ "$(wc -l <"$TMP/r.jsonl")" = 3 ]
check "replay: an unreadable capture fails the run, the others are replayed" 1 $rc $?
# replay --policies replaces the config's policies (its help says so): the broken file of the
# config is not loaded, so the run succeeds.
printf 'policies: [%s]\n' "$TMP/bad.yaml" >"$TMP/bad-policies.yaml"
BULWARK_CLIENT_STATE=cs "$BIN" replay --config "$TMP/bad-policies.yaml" --key "rt=$TMP/keys/rt.key.pem" \
  --policies "$SRC/policies" "$TMP/cap.jsonl" >"$TMP/out" 2>"$TMP/err"; rc=$?
[ "$(grep -c '"schema":"bulwark.verdict/v1"' "$TMP/out")" = 3 ]
check "replay --policies replaces the config's policies" 0 $rc $?
BULWARK_CLIENT_STATE=cs "$BIN" replay --config "$TMP/bad-policies.yaml" --key "rt=$TMP/keys/rt.key.pem" \
  "$TMP/cap.jsonl" >/dev/null 2>&1; check "replay: without --policies the config's are loaded" 1 $?

# What-if: the same capture against the shipped policies and against them plus a new policy,
# decrypted once; diff-verdicts of two replays says the same.
mkdir -p "$TMP/new"
cp "$SRC"/policies/*.yaml "$TMP/new/"
printf 'apiVersion: bulwark/v1\nkind: Policy\nname: launch\ndetectors: [{id: w, keywords: [stand-up, invoice]}]\nrules: [{id: word, when: w, action: block}]\n' >"$TMP/new/launch.yaml"
BULWARK_CLIENT_STATE=cs "$BIN" replay --key "rt=$TMP/keys/rt.key.pem" --baseline-policies "$SRC/policies" \
  --policies "$TMP/new" --format json "$TMP/cap.jsonl" >"$TMP/whatif.json" 2>/dev/null; rc=$?
BULWARK_CLIENT_STATE=cs "$BIN" replay --key "rt=$TMP/keys/rt.key.pem" "$TMP/cap.jsonl" >"$TMP/v-old.jsonl" 2>/dev/null
BULWARK_CLIENT_STATE=cs "$BIN" replay --key "rt=$TMP/keys/rt.key.pem" --policies "$TMP/new" "$TMP/cap.jsonl" \
  >"$TMP/v-new.jsonl" 2>/dev/null
"$BIN" diff-verdicts --format json "$TMP/v-old.jsonl" "$TMP/v-new.jsonl" >"$TMP/diff.json" 2>/dev/null
rc2=$?
/usr/bin/python3 -c '
import json, sys
w, d = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for r in (w, d):
    assert r["schema"] == "bulwark.verdict-diff/v1"
    assert r["compared"] == 3 and r["changed"] == 2, r
    assert r["decisions"]["allow->block"]["count"] == 2, r["decisions"]
    assert r["rules"]["launch/word"]["gained"]["count"] == 2, r["rules"]
    assert len(r["decisions"]["allow->block"]["examples"]) == 2
assert w["decisions"] == d["decisions"] and w["rules"] == d["rules"]
assert w["policy_sets"] == d["policy_sets"]
' "$TMP/whatif.json" "$TMP/diff.json"
check "what-if replay and diff-verdicts agree" 0 $((rc + rc2)) $?
BULWARK_CLIENT_STATE=cs "$BIN" replay --key "rt=$TMP/keys/rt.key.pem" --baseline-policies "$SRC/policies" \
  --policies "$TMP/new" --format markdown "$TMP/cap.jsonl" >"$TMP/out" 2>/dev/null; rc=$?
grep -q '^| allow → block | 2 | `' "$TMP/out" && grep -q '^| `launch/word` | 2 | 0 |' "$TMP/out" &&
  ! grep -qi "stand-up" "$TMP/out"
check "what-if markdown report names ids, never content" 0 $rc $?
"$BIN" replay --baseline-policies "$TMP/bad.yaml" "$TMP/cap.jsonl" >/dev/null 2>&1
check "what-if with a broken baseline fails" 1 $?

# policy diff: a raised action is a major change; the version must say so.
mkdir -p "$TMP/pd-old" "$TMP/pd-new"
cp "$SRC"/policies/*.yaml "$TMP/pd-old/"
cp "$SRC"/policies/*.yaml "$TMP/pd-new/"
sed -i 's/action: notify/action: block/' "$TMP/pd-new/pci-dss.yaml"
"$BIN" policy diff "$TMP/pd-old" "$TMP/pd-new" >"$TMP/out" 2>&1; rc=$?
grep -q "^major change" "$TMP/out" && grep -q "major rule 'pci-dss/notify-one': action notify -> block" "$TMP/out" &&
  grep -q "FAIL    pci-dss 1.0.0 -> 1.0.0: major change" "$TMP/out"
check "policy diff: a major change without a major version bump fails" 1 $rc $?
sed -i 's/^version: 1.0.0/version: 2.0.0/' "$TMP/pd-new/pci-dss.yaml"
"$BIN" policy diff --format json "$TMP/pd-old" "$TMP/pd-new" >"$TMP/out" 2>&1; rc=$?
/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["level"] == "major", j["level"]
v = [x for x in j["versions"] if x["document"] == "pci-dss"][0]
assert v["ok"] and v["needed"] == "major" and v["new"] == "2.0.0", v
' "$TMP/out"; check "policy diff --format json with the version bumped" 0 $rc $?
"$BIN" policy diff "$SRC/policies" "$SRC/policies" >"$TMP/out" 2>&1; rc=$?
grep -q "^none change" "$TMP/out"; check "policy diff of a set with itself" 0 $rc $?

# explain: the decision trace of a notification (decrypted), of text, as JSON; no plaintext.
BULWARK_CLIENT_STATE=cs "$BIN" explain --key "rt=$TMP/keys/rt.key.pem" <(head -1 "$TMP/cap.jsonl") \
  >"$TMP/out" 2>"$TMP/err"; rc=$?
grep -q '^notification ' "$TMP/out" && grep -q '^decision: ' "$TMP/out"
check "explain a notification" 0 $rc $?
"$BIN" explain <(head -1 "$TMP/cap.jsonl") >/dev/null 2>"$TMP/err"; rc=$?
grep -q "cannot be explained: unknown_certificate" "$TMP/err"
check "explain: a notification that cannot be decrypted" 1 $rc $?
echo "my visa 4111 1111 1111 1111 and 4111 1111 1111 1112" | "$BIN" explain - >"$TMP/out" 2>&1; rc=$?
grep -q "4111 \*\*\*\* \*\*\*\* 1112: validator_failed - validator payment-card rejected it" "$TMP/out" &&
  grep -q "rule notify-one -> notify (medium): did not fire" "$TMP/out" &&
  ! grep -q "4111 1111 1111 111" "$TMP/out"
check "explain text: each candidate's step, rules, no plaintext" 0 $rc $?
echo "card 5555 5555 5555 4444" | "$BIN" explain --format json - >"$TMP/out" 2>&1; rc=$?
/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema"] == "bulwark.explanation/v1", j["schema"]
cands = [c for d in j["detectors"] if d["detector"] == "financial.card-number" for c in d["candidates"]]
assert cands and cands[0]["masked"] == "5555 **** **** 4444" and cands[0]["outcome"] == "accepted", cands
assert j["verdict"]["decision"] != "allow"
' "$TMP/out"; check "explain --format json" 0 $rc $?
"$BIN" explain a b >/dev/null 2>&1; check "explain takes one input" 2 $?

# Fail loudly: a directory is scanned file by file, an empty one and a missing plugin path fail.
"$BIN" scan "$SRC/samples/messages" >"$TMP/out" 2>&1; rc=$?
[ "$(grep -c '"schema":"bulwark.verdict/v1"' "$TMP/out")" = "$(find "$SRC/samples/messages" -type f | wc -l)" ] &&
  grep -q '"path":"[^"]*/samples/messages/03-card-dump.txt"' "$TMP/out"
check "scan DIR scans the files under it" 0 $rc $?
mkdir -p "$TMP/empty"
"$BIN" scan "$TMP/empty" >/dev/null 2>"$TMP/err"; rc=$?
grep -q "holds no file to scan" "$TMP/err"; check "scan of an empty directory fails" 1 $rc $?
for cmd in "scan -" "policy lint" "policy test" "plugins list" "explain -"; do
  # shellcheck disable=SC2086
  "$BIN" $cmd --plugins "$TMP/no-such-plugins" </dev/null >/dev/null 2>"$TMP/err"; rc=$?
  grep -q "plugin path '$TMP/no-such-plugins' does not exist" "$TMP/err"
  check "$cmd: a missing --plugins path fails" 1 $rc $?
done

# Numbers are checked: no negative counts turned into huge ones, no silent zero.
"$BIN" run --workers -1 >/dev/null 2>"$TMP/err"; rc=$?
grep -q -- "--workers must be an integer from 0 to 256" "$TMP/err"; check "run --workers -1" 2 $rc $?
"$BIN" replay --threads 2x "$TMP/cap.jsonl" >/dev/null 2>&1; check "replay --threads 2x" 2 $?
"$BIN" broker --port 70000 >/dev/null 2>&1; check "broker --port 70000" 2 $?
"$BIN" keys new --id x --out "$TMP/k2" --days 0 >/dev/null 2>&1; check "keys new --days 0" 2 $?
"$BIN" simulate --cert x --cert-id y --batch -3 m >/dev/null 2>&1; check "simulate --batch -3" 2 $?
"$BIN" policy >"$TMP/out" 2>&1; rc=$?
grep -q "^  lint" "$TMP/out" && grep -q "^  test" "$TMP/out"; check "a group lists its commands" 2 $rc $?
"$BIN" policy frob >/dev/null 2>&1; check "unknown subcommand" 2 $?

# The zero-config demo: the embedded broker, the bundled capture, every record, then exit 0.
chmod 600 "$SRC"/samples/keys/*.key.pem
BULWARK_SAMPLES_DIR="$SRC/samples" BULWARK_POLICY_DIR="$SRC/policies" timeout 120 "$BIN" run \
  >"$TMP/out" 2>"$TMP/err"; rc=$?
[ "$(wc -l <"$TMP/out")" = 72 ] && grep -q 'run (embedded broker): 42 events, 68 notifications' "$TMP/err"
check "run: embedded demo" 0 $rc $?
# The demo's feedback (an override, a false-positive report) reaches the per-rule report.
"$BIN" feedback report --format json "$TMP/out" >"$TMP/report.json" 2>"$TMP/err"; rc=$?
/usr/bin/python3 -c '
import json, sys
r = {(x["policy"], x["rule"]): x for x in json.load(open(sys.argv[1]))["rules"]}
n = r[("pci-dss", "notify-one")]
sys.exit(0 if n["overridden"] == 1 and n["reported_false_positive"] == 1 and 0 < n["false_positive_rate"] < 1 else 1)
' "$TMP/report.json"
check "feedback report: per-rule overrides and false positives" 0 $rc $?
"$BIN" feedback report >/dev/null 2>&1; check "feedback report without files" 2 $?
printf 'source: {eventhubs_namespace: x, connection_string_env: BULWARK_TEST_UNSET_VAR, topic: t}\n' >"$TMP/eh.yaml"
"$BIN" run --config "$TMP/eh.yaml" >/dev/null 2>"$TMP/err"; rc=$?
grep -q 'BULWARK_TEST_UNSET_VAR (the Event Hubs connection string) is not set' "$TMP/err"
check "run: missing connection string" 2 $rc $?

# Without clientState a service that enforces refuses to start (fail closed), unless the config
# accepts the risk; replay says loudly that nothing is checked.
printf 'client_state_env: BULWARK_TEST_NO_CS\n' >"$TMP/cs.yaml"
BULWARK_SAMPLES_DIR="$SRC/samples" timeout 60 "$BIN" run --config "$TMP/cs.yaml" >/dev/null 2>"$TMP/err"; rc=$?
grep -q "refusing to enforce policies on unverified notifications: set \$BULWARK_TEST_NO_CS" "$TMP/err"
check "run: enforcing without clientState fails closed" 1 $rc $?
printf 'client_state_env: BULWARK_TEST_NO_CS\nallow_unverified_client_state: true\n' >"$TMP/cs2.yaml"
BULWARK_SAMPLES_DIR="$SRC/samples" timeout 60 "$BIN" run --config "$TMP/cs2.yaml" >"$TMP/out" 2>"$TMP/err"; rc=$?
grep -q "clientState is NOT checked" "$TMP/err" && [ "$(grep -c '"schema":"bulwark\.' "$TMP/out")" -gt 0 ]
check "run: allow_unverified_client_state runs, with a warning" 0 $rc $?
"$BIN" replay --key "rt=$TMP/keys/rt.key.pem" "$TMP/cap.jsonl" >/dev/null 2>"$TMP/err"
grep -q "warning: clientState is NOT checked" "$TMP/err"; check "replay warns without clientState" 0 0 $?

# broker --port: clients bootstrap through the fixed port.
BPORT=$((40000 + $$ % 20000))
"$BIN" broker --port "$BPORT" --topic t >"$TMP/broker.out" 2>&1 &
BROKER=$!
for _ in $(seq 50); do grep -q bootstrap "$TMP/broker.out" && break; sleep 0.1; done
grep -q "^bootstrap: 127.0.0.1:$BPORT$" "$TMP/broker.out"; check "broker --port announces the port" 0 0 $?
"$BIN" publish --brokers "127.0.0.1:$BPORT" --topic t "$SRC/samples/notifications/capture.jsonl" \
  >/dev/null 2>"$TMP/err"; rc=$?
grep -q "published 42 events to t" "$TMP/err"; check "publish through the fixed port" 0 $rc $?
# doctor: a ready config passes; a missing secret, an unknown topic, a read-only sink fail.
cat >"$TMP/doctor.yaml" <<YAML
policies: [$SRC/policies]
keys: [{id: s, key_file: $SRC/samples/keys/bulwark-sample-test-only.key.pem,
        cert_file: $SRC/samples/keys/bulwark-sample-test-only.cert.pem}]
client_state_env: DOCTOR_CLIENT_STATE
source: {bootstrap_servers: "127.0.0.1:$BPORT", topic: t}
sinks: [{type: jsonl, path: $TMP/doctor-out.jsonl}]
YAML
DOCTOR_CLIENT_STATE=x "$BIN" doctor --config "$TMP/doctor.yaml" >"$TMP/out" 2>&1; rc=$?
grep -q '^ok    source topic t: 4 partitions' "$TMP/out" && grep -q '^ok    key s loads' "$TMP/out" &&
  ! grep -q '^fail' "$TMP/out"
check "doctor: a ready config" 0 $rc $?
sed -e 's/topic: t}/topic: nope}/' -e "s|path: $TMP/doctor-out.jsonl|path: $TMP/no/such/dir/out.jsonl|" \
  "$TMP/doctor.yaml" >"$TMP/doctor-bad.yaml"
"$BIN" doctor --config "$TMP/doctor-bad.yaml" >"$TMP/out" 2>&1; rc=$?
[ "$(grep -c '^fail' "$TMP/out")" = 3 ] && grep -q 'DOCTOR_CLIENT_STATE (clientState) is not set' "$TMP/out"
check "doctor: missing secret, unknown topic, unwritable sink" 1 $rc $?
kill -TERM "$BROKER"; wait "$BROKER"; check "broker stops on SIGTERM" 0 $?

finish cli_test
