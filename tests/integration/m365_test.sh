#!/usr/bin/env bash
# Starts the Entra ID / Graph stand-in (fake_m365.py) on loopback over TLS with a throwaway CA,
# then runs the m365 tests against it, and `bulwark run` with a teams-policy-violation sink
# end to end, key rotation, and the subscription leader hand-over between two `bulwark run`
# processes on a real Kafka-protocol broker. Usage: m365_test.sh M365_TEST_BINARY BULWARK_BINARY SOURCE_DIR
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

# The app registration as the stand-in knows it (the graph: section of every config below).
GRAPH_YAML="graph:
  tenant_id: $FAKE_M365_TENANT
  client_id: $FAKE_M365_CLIENT_ID
  client_secret_env: FAKE_M365_SECRET
  authority: $FAKE_M365_URL
  base_url: $FAKE_M365_URL/v1.0
  ca_bundle: $TMP/ca.pem"

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
$GRAPH_YAML
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
# Feedback, not loops: the updated notification of Bulwark's own PATCH, an override and a
# false-positive report PATCH nothing; no message is PATCHed twice.
feedback = [json.loads(l) for l in open(sys.argv[1]) if '"bulwark.feedback/v1"' in l]
kinds = sorted(set(f["feedback"] for f in feedback))
if kinds != ["enforced", "false_positive", "override"]:
    problems.append("feedback kinds " + str(kinds))
per_message = {}
for r in patches:
    per_message[r["path"].split("?")[0]] = per_message.get(r["path"].split("?")[0], 0) + 1
for path, n in per_message.items():
    if n > 1:
        problems.append("%s PATCHed %d times" % (path, n))
flagged_ids = {v["resource"]["message_id"] for v in enforced}
for f in feedback:
    m = f["resource"]["message_id"]
    if m not in flagged_ids and any(p.endswith("/messages/" + m) or p.endswith("/replies/" + m) for p in per_message):
        problems.append("feedback-only message %s was PATCHed" % m)
print("enforced verdicts %d, PATCHes %d, feedback %s, outcomes %s" % (len(enforced), len(patches), kinds,
      sorted(set(o["outcome"] for o in outcomes))))
print("\n".join(problems))
sys.exit(1 if problems or not patches else 0)
PYEOF
rc=$?
cat e2e.out
check "every enforced verdict was PATCHed (or recorded), within the contract" 0 $rc

# Key rotation end to end: a key ring rotated twice; reconcile creates the subscriptions for the
# first key and moves them to the second; notifications encrypted for either key decrypt.
: >"$FAKE_M365_LOG"
RING_URL="EventHub:https://contoso-dlp.servicebus.windows.net/eventhubname/ring?tenantId=$FAKE_M365_TENANT"
cat >ring.yaml <<YAML
policies: [$SRC/policies]
key_ring: {dir: $TMP/ring, retire_after_minutes: 30}
client_state_env: SUBS_CLIENT_STATE
$GRAPH_YAML
  subscriptions:
    notification_url: "$RING_URL"
YAML
export SUBS_CLIENT_STATE=test-only-client-state
"$BULWARK" subscriptions reconcile --config ring.yaml >rec.out 2>&1; rc=$?
grep -q 'has no key yet: run `bulwark keys rotate' rec.out; check "an empty key ring is named" 1 $rc $?
"$BULWARK" keys rotate --config ring.yaml --id ring-1 >rot.out 2>&1; rc=$?
grep -q '^current key: ring-1 (the first)' rot.out; check "keys rotate: the first key" 0 $rc $?
"$BULWARK" subscriptions create --config ring.yaml >rec.out 2>&1; rc=$?
[ "$(grep -c '^made ' rec.out)" = 2 ]; check "subscriptions create: made for the ring's current key" 0 $rc $?
"$BULWARK" subscriptions create --config ring.yaml >rec.out 2>&1; rc=$?
[ "$(grep -c '^exists ' rec.out)" = 2 ]; check "subscriptions create: nothing twice" 0 $rc $?
head -3 "$SRC/samples/chat/messages.jsonl" >msgs.jsonl
ring_capture() {  # KEY_ID OUT: the messages as Graph would send them encrypted for KEY_ID
  "$BULWARK" simulate --cert "$TMP/ring/$1.cert.pem" --cert-id "$1" --client-state "$SUBS_CLIENT_STATE" \
    msgs.jsonl >"$2" 2>/dev/null
}
ring_capture ring-1 old.jsonl
"$BULWARK" keys rotate --config ring.yaml --id ring-2 >rot.out 2>&1; rc=$?
grep -q '^previous key: ring-1 (kept until unused)' rot.out; check "keys rotate: the next key" 0 $rc $?
"$BULWARK" subscriptions reconcile --config ring.yaml >rec.out 2>&1; rc=$?
[ "$(grep -c '^cert ' rec.out)" = 2 ] &&
  [ "$(grep -c '"method": "PATCH", "path": "/v1.0/subscriptions/.*"encryptionCertificate", "encryptionCertificateId"' "$FAKE_M365_LOG")" = 2 ]
check "reconcile PATCHes both subscriptions to the new certificate" 0 $rc $?
"$BULWARK" subscriptions list --config ring.yaml >list.out 2>&1
[ "$(grep -c 'cert ring-2' list.out)" = 2 ]; check "both subscriptions encrypt for ring-2" 0 0 $?
ring_capture ring-2 new.jsonl
"$BULWARK" replay --config ring.yaml old.jsonl new.jsonl >both.jsonl 2>replay.err; rc=$?
[ "$(grep -c '"bulwark.verdict/v1"' both.jsonl)" = 6 ] && ! grep -q deadletter both.jsonl
check "notifications for the old and the new key both decrypt" 0 $rc $?
"$BULWARK" subscriptions renew --config ring.yaml >rec.out 2>&1; rc=$?
[ "$(grep -c '^renew ' rec.out)" = 2 ]; check "subscriptions renew" 0 $rc $?
"$BULWARK" subscriptions delete --config ring.yaml >/dev/null 2>&1; check "subscriptions delete wants --id or --configured" 2 $?
"$BULWARK" subscriptions delete --config ring.yaml --configured >rec.out 2>&1; rc=$?
[ "$(grep -c '^deleted ' rec.out)" = 2 ] &&
  [ "$(grep -c '"method": "DELETE", "path": "/v1.0/subscriptions/[^"]*", "status": 204' "$FAKE_M365_LOG")" = 2 ]
check "subscriptions delete --configured" 0 $rc $?
grep '"violation"' "$FAKE_M365_LOG" | head -3
grep -q '"violation"' "$FAKE_M365_LOG"; [ $? -ne 0 ]; check "rotation calls within the contract" 0 0 $?

# Subscriptions as desired state: create, keep, renew, switch certificate, adopt after a 409.
: >"$FAKE_M365_LOG"
"$BULWARK" keys new --id dlp-next --out "$TMP/keys" >/dev/null 2>&1
NS_URL="EventHub:https://contoso-dlp.servicebus.windows.net/eventhubname/teams?tenantId=$FAKE_M365_TENANT"
subs_config() {  # FILE CERT_ID MARGIN_MINUTES NOTIFICATION_URL [RESOURCE]
  local resources=""
  [ -n "${5:-}" ] && resources="resources: [\"$5\"]"
  cat >"$1" <<YAML
keys:
  - {id: bulwark-sample-test-only, key_file: $SRC/samples/keys/bulwark-sample-test-only.key.pem,
     cert_file: $SRC/samples/keys/bulwark-sample-test-only.cert.pem}
  - {id: dlp-next, key_file: $TMP/keys/dlp-next.key.pem, cert_file: $TMP/keys/dlp-next.cert.pem}
client_state_env: SUBS_CLIENT_STATE
$GRAPH_YAML
  subscriptions:
    notification_url: "$4"
    certificate_id: $2
    renew_margin_minutes: $3
    $resources
YAML
}
export SUBS_CLIENT_STATE=test-only-client-state
subs_config subs.yaml bulwark-sample-test-only 720 "$NS_URL"
reconcile() { "$BULWARK" subscriptions reconcile --config "$1" >"$TMP/rec.out" 2>&1; }
reconcile subs.yaml; rc=$?
[ "$(grep -c '^made ' rec.out)" = 2 ]; check "reconcile creates both subscriptions" 0 $rc $?
reconcile subs.yaml; rc=$?
[ "$(grep -c '^ok ' rec.out)" = 2 ]; check "a second reconcile keeps them" 0 $rc $?
subs_config renew.yaml bulwark-sample-test-only 5000 "$NS_URL"
reconcile renew.yaml; rc=$?
[ "$(grep -c '^renew ' rec.out)" = 2 ]; check "reconcile renews what expires within the margin" 0 $rc $?
subs_config rotate.yaml dlp-next 720 "$NS_URL"
reconcile rotate.yaml; rc=$?
[ "$(grep -c '^cert ' rec.out)" = 2 ]; check "reconcile moves subscriptions to the new certificate" 0 $rc $?
OTHER_URL="EventHub:https://contoso-dlp.servicebus.windows.net/eventhubname/other?tenantId=$FAKE_M365_TENANT"
curl -sf --cacert "$TMP/ca.pem" -X POST "$FAKE_M365_URL/control/add-subscription" -d \
  "{\"resource\": \"teams/getAllMessages?model=A\", \"notificationUrl\": \"$OTHER_URL\", \"encryptionCertificateId\": \"dlp-next\", \"expirationDateTime\": \"2099-01-01T00:00:00Z\"}" >/dev/null
curl -sf --cacert "$TMP/ca.pem" -X POST "$FAKE_M365_URL/control/hide-next-list" -d '{}' >/dev/null
subs_config adopt.yaml dlp-next 720 "$OTHER_URL" "/teams/getAllMessages?model=A"
reconcile adopt.yaml; rc=$?
grep -q '^adopt .*(409)' rec.out; check "a 409 Conflict adopts the existing subscription" 0 $rc $?
"$BULWARK" subscriptions list --config subs.yaml >list.out 2>&1; rc=$?
[ "$(grep -c 'getAllMessages' list.out)" = 3 ]; check "subscriptions list" 0 $rc $?
SUBS_CLIENT_STATE= "$BULWARK" subscriptions reconcile --config subs.yaml >rec.out 2>&1; rc=$?
grep -q 'SUBS_CLIENT_STATE (the subscriptions.* clientState) is not set' rec.out
check "no clientState: refused" 1 $rc $?
grep -q '"violation"' "$FAKE_M365_LOG"; [ $? -ne 0 ]; check "every subscription call within the contract" 0 0 $?
grep '"violation"' "$FAKE_M365_LOG" | head -3

# bulwark run keeps them: the owner of partition 0 reconciles on taking the lead, and lifecycle
# records act (reauthorizationRequired -> reauthorize; missed -> a gap warning and a reconcile).
: >"$FAKE_M365_LOG"
RUN_URL="EventHub:https://contoso-dlp.servicebus.windows.net/eventhubname/run?tenantId=$FAKE_M365_TENANT"
subs_config keep.yaml bulwark-sample-test-only 720 "$RUN_URL"
cat >>keep.yaml <<YAML
policies: [$SRC/policies]
tenants: [2432b57b-0abd-43db-aa7b-16eadd115d34]
sinks: [{type: jsonl, path: $TMP/keep-records.jsonl}]
metrics: {listen: ""}
log_level: info
embedded: {capture: $SRC/samples/notifications/capture.jsonl, partitions: 4}
YAML
sed -i 's/^client_state_env: SUBS_CLIENT_STATE/client_state_env: BULWARK_SAMPLE_CLIENT_STATE/' keep.yaml
BULWARK_SAMPLE_CLIENT_STATE=sample-client-state-TEST-ONLY timeout 120 "$BULWARK" run --config keep.yaml \
  >keep.out 2>keep.err; rc=$?
check "run with subscription upkeep" 0 $rc
[ "$(grep -c '"path": "/v1.0/subscriptions", "status": 201' "$FAKE_M365_LOG")" = 2 ] &&
  grep -q '"subscription upkeep: this instance leads' keep.err
check "the leader created the configured subscriptions" 0 0 $?
grep -q '/reauthorize' "$FAKE_M365_LOG" && grep -q 'notifications were missed' keep.err
check "lifecycle records were acted on (reauthorize, gap warning)" 0 0 $?
grep -q '"gap closed: the removed subscription was recreated"' keep.err &&
  [ "$(grep -c '"bulwark.gap/v1"' keep-records.jsonl)" = 2 ]
check "gap records for missed and subscriptionRemoved; the removal's gap closed by a reconcile" 0 0 $?
grep -q '"violation"' "$FAKE_M365_LOG"; [ $? -ne 0 ]; check "upkeep calls within the contract" 0 0 $?

# Leader hand-over between two `bulwark run` processes in one consumer group on a real
# Kafka-protocol broker: the owner of partition 0 maintains the subscriptions; when it stops,
# the survivor gets partition 0 and takes over, never both at once.
"$BULWARK" broker --partitions 4 --topic handover >broker.out 2>broker.err &
BROKER_PID=$!
trap 'kill $SERVER $BROKER_PID ${LEAD_A:-} ${LEAD_B:-} 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do grep -q '^bootstrap: ' broker.out && break; sleep 0.1; done
BOOT=$(sed -n 's/^bootstrap: //p' broker.out)
lead_config() {  # NAME
  subs_config "$1.yaml" bulwark-sample-test-only 720 "$RUN_URL"
  cat >>"$1.yaml" <<YAML
policies: [$SRC/policies]
source:
  bootstrap_servers: "$BOOT"
  topic: handover
  consumer_group: g-lead
  properties: {session.timeout.ms: "6000", heartbeat.interval.ms: "500", max.poll.interval.ms: "20000"}
sinks: [{type: jsonl, path: $TMP/$1-records.jsonl}]
metrics: {listen: ""}
log_level: info
YAML
}
lead_config leadA
lead_config leadB
: >"$FAKE_M365_LOG"
"$BULWARK" run --config leadA.yaml >leadA.out 2>leadA.err &
LEAD_A=$!
for _ in $(seq 300); do grep -q 'this instance leads' leadA.err && break; sleep 0.1; done
grep -q 'this instance leads' leadA.err; check "the first instance leads" 0 0 $?
"$BULWARK" run --config leadB.yaml >leadB.out 2>leadB.err &
LEAD_B=$!
for _ in $(seq 300); do grep -q '"partitions assigned"' leadB.err && break; sleep 0.1; done
grep -q '"partitions assigned"' leadB.err; check "the second instance joins the group" 0 0 $?
leaders() { grep -c 'this instance leads' leadA.err leadB.err | awk -F: '{s += $2} END {print s}'; }
handed() { grep -c 'handed over' leadA.err leadB.err | awk -F: '{s += $2} END {print s}'; }
# Whatever the rebalance did, exactly one instance leads now.
[ $(($(leaders) - $(handed))) = 1 ]; check "one leader while both run" 0 0 $?
# Stop the one that leads now; the other takes over.
if [ "$(grep -c 'this instance leads' leadB.err)" -gt "$(grep -c 'handed over' leadB.err)" ]; then
  STOP=$LEAD_B; SURVIVOR=leadA.err; STOPPED=leadB.err
else
  STOP=$LEAD_A; SURVIVOR=leadB.err; STOPPED=leadA.err
fi
before=$(grep -c 'this instance leads' "$SURVIVOR")
lists_before=$(grep -c '"method": "GET", "path": "/v1.0/subscriptions' "$FAKE_M365_LOG")
kill -TERM "$STOP"
wait "$STOP"; rc=$?
check "the leader stops cleanly" 0 $rc
for _ in $(seq 300); do [ "$(grep -c 'this instance leads' "$SURVIVOR")" -gt "$before" ] && break; sleep 0.1; done
[ "$(grep -c 'this instance leads' "$SURVIVOR")" -gt "$before" ] && grep -q 'handed over' "$STOPPED"
check "the survivor takes the lead after the leader handed over" 0 0 $?
for _ in $(seq 100); do
  [ "$(grep -c '"method": "GET", "path": "/v1.0/subscriptions' "$FAKE_M365_LOG")" -gt "$lists_before" ] && break
  sleep 0.1
done
[ "$(grep -c '"method": "GET", "path": "/v1.0/subscriptions' "$FAKE_M365_LOG")" -gt "$lists_before" ]
check "the new leader reconciles" 0 0 $?
OTHER=$([ "$STOP" = "$LEAD_A" ] && echo "$LEAD_B" || echo "$LEAD_A")
kill -TERM "$OTHER"
wait "$OTHER"
kill "$BROKER_PID" 2>/dev/null

# doctor against the same config: token, both subscriptions present and encrypting for a key.
BULWARK_SAMPLE_CLIENT_STATE=x "$BULWARK" doctor --config keep.yaml >doctor.out 2>&1; rc=$?
grep -q '^ok    Entra ID token' doctor.out && [ "$(grep -c '^ok    subscription ' doctor.out)" = 2 ]
check "doctor: token and subscriptions" 0 $rc $?
sed 's/certificate_id: bulwark-sample-test-only/certificate_id: dlp-next/' keep.yaml >keep2.yaml
sed -i '/id: bulwark-sample-test-only, key_file/,+1d' keep2.yaml  # the key they encrypt for is gone
BULWARK_SAMPLE_CLIENT_STATE=x "$BULWARK" doctor --config keep2.yaml >doctor.out 2>&1; rc=$?
grep -q "encrypts for 'bulwark-sample-test-only', which no key of keys: has" doctor.out
check "doctor: a subscription encrypting for a key that is not loaded fails" 1 $rc $?
finish m365_test
