#!/usr/bin/env bash
# Starts the Entra ID / Graph stand-in (fake_m365.py) on loopback over TLS with a throwaway CA,
# then runs the m365 tests against it, and `bulwark run` with a teams-policy-violation sink
# end to end. Usage: m365_test.sh M365_TEST_BINARY BULWARK_BINARY SOURCE_DIR
set -u
BIN=$1
BULWARK=$2
SRC=$3
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/fake_m365_lib.sh"
cd "$TMP"
start_fake_m365 --token-delay-ms 300 || { finish m365_test; exit 1; }
"$BIN" >gtest.out 2>&1; rc=$?
cat gtest.out
grep -q "SKIPPED" gtest.out; [ $? -ne 0 ]; check "no test skipped" 0 0 $?
check "m365 tests against the fake" 0 $rc

# End to end: the embedded demo's notifications, evaluated, and every enforced verdict PATCHed.
: >"$FAKE_M365_LOG"
chmod 600 "$SRC"/samples/keys/*.key.pem
cat >run.yaml <<YAML
policies: [$SRC/policies]
keys:
  - {id: bulwark-sample-test-only, key_file: $SRC/samples/keys/bulwark-sample-test-only.key.pem,
     cert_file: $SRC/samples/keys/bulwark-sample-test-only.cert.pem}
client_state_env: BULWARK_SAMPLE_CLIENT_STATE
tenants: [2432b57b-0abd-43db-aa7b-16eadd115d34]
graph:
  tenant_id: $FAKE_M365_TENANT
  client_id: $FAKE_M365_CLIENT_ID
  client_secret_env: FAKE_M365_SECRET
  authority: $FAKE_M365_URL
  base_url: $FAKE_M365_URL/v1.0
  ca_bundle: $TMP/ca.pem
sinks:
  - {type: jsonl, path: $TMP/records.jsonl}
  - {type: teams-policy-violation, enforcement_log: $TMP/enforcement.jsonl,
     compliance_url: "https://contoso.example/dlp"}
metrics: {listen: ""}
log_level: warn
embedded: {capture: $SRC/samples/notifications/capture.jsonl, partitions: 4}
YAML
BULWARK_SAMPLE_CLIENT_STATE=sample-client-state-TEST-ONLY timeout 120 "$BULWARK" run --config run.yaml \
  >run.out 2>run.err; rc=$?
check "run with a teams-policy-violation sink" 0 $rc
/usr/bin/python3 - "$TMP/records.jsonl" "$TMP/enforcement.jsonl" "$FAKE_M365_LOG" >e2e.out <<'PYEOF'
import json, sys
verdicts = [json.loads(l) for l in open(sys.argv[1]) if '"bulwark.verdict/v1"' in l]
enforced = [v for v in verdicts if v["decision"] in ("block", "notify")]
outcomes = [json.loads(l) for l in open(sys.argv[2])]
requests = [json.loads(l) for l in open(sys.argv[3])]
patches = [r for r in requests if r["method"] == "PATCH"]
by_id = {o["notification_id"]: o["outcome"] for o in outcomes}
problems = []
if len(outcomes) != len(enforced):
    problems.append("%d outcomes for %d enforced verdicts" % (len(outcomes), len(enforced)))
for v in enforced:
    if v["notification"]["id"] not in by_id:
        problems.append("no outcome for " + v["notification"]["id"])
if sum(1 for o in outcomes if o["outcome"] == "patched") != len(patches):
    problems.append("patched outcomes and PATCH requests differ")
for r in requests:
    if "violation" in r:
        problems.append("contract: " + r["violation"])
print("enforced verdicts %d, PATCHes %d, outcomes %s" % (len(enforced), len(patches),
      sorted(set(o["outcome"] for o in outcomes))))
print("\n".join(problems))
sys.exit(1 if problems or not patches else 0)
PYEOF
rc=$?
cat e2e.out
check "every enforced verdict was PATCHed (or recorded), within the contract" 0 $rc
finish m365_test
