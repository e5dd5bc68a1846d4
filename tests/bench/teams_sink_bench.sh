#!/usr/bin/env bash
# teams-policy-violation sink against the loopback Entra ID / Graph stand-in
# (tests/integration/fake_m365.py: Python, so its side is the ceiling of what is measured here).
# A real Kafka-protocol broker (`bulwark broker`) feeds one `bulwark run`; every enforced verdict
# becomes a PATCH. For each concurrency:
#   1. throughput: COPIES x the bundled chat messages published at once; PATCHes/s between the
#      first and the last PATCH the stand-in received (startup and decryption excluded);
#   2. latency at half that rate: the same number of new messages published at half the rate,
#      produce (the event's broker timestamp) -> PATCH received by the stand-in, p50/p99.
# The consumer's fetch.wait.max.ms is 10 (FETCH_WAIT_MS): librdkafka's mock broker holds a fetch
# for that long even when data arrives (a real broker answers at once with fetch.min.bytes 1);
# with librdkafka's default of 500 the latency measured is that wait.
# Usage: tests/bench/teams_sink_bench.sh [BULWARK_BINARY] [COPIES]   (from the repository root)
set -u
BIN=$(realpath "${1:-build/bin/bulwark}")
COPIES=${2:-20}
SRC=$PWD
PY=/usr/bin/python3
. tests/integration/check_lib.sh
. tests/integration/fake_m365_lib.sh
start_fake_m365 >/dev/null || exit 1
cd "$TMP"
chmod 600 "$SRC"/samples/keys/*.key.pem
"$BIN" broker --partitions 4 --topic t1 --topic t4 --topic t16 >broker.out 2>broker.err &
BROKER=$!
trap 'kill $SERVER $BROKER ${RUN:-} 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do grep -q '^bootstrap: ' broker.out && break; sleep 0.1; done
BOOT=$(sed -n 's/^bootstrap: //p' broker.out)

capture() {  # FIRST_ID OUT: COPIES x the sample messages with fresh ids, encrypted
  $PY - "$SRC/samples/chat/messages.jsonl" "$COPIES" "$1" >m.jsonl <<'PYEOF'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1]) if '"policyViolation": null' in l]
for i in range(len(msgs) * int(sys.argv[2])):
    m = dict(msgs[i % len(msgs)]); m["id"] = str(int(sys.argv[3]) + i); print(json.dumps(m))
PYEOF
  "$BIN" simulate --cert "$SRC/samples/keys/bulwark-sample-test-only.cert.pem" \
    --cert-id bulwark-sample-test-only --client-state bench m.jsonl >"$2"
}
# PATCHes received for messages with ids in [FROM, TO): count, rate, and latency from records.
measure() {  # FROM TO RECORDS
  $PY - "$FAKE_M365_LOG" "$1" "$2" "$3" <<'PYEOF'
import datetime, json, re, sys
log, lo, hi, records = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
patched = {}
for line in open(log):
    r = json.loads(line)
    if r.get("method") != "PATCH" or "/messages/" not in r["path"]:
        continue
    m = int(re.search(r"/(?:messages|replies)/(\d+)\?", r["path"]).group(1))
    if lo <= m < hi:
        patched[m] = r["t"]
enqueued = {}
for line in open(records):
    v = json.loads(line)
    mid = v.get("resource", {}).get("message_id")
    t = v.get("source", {}).get("enqueued_time")
    if mid and t and lo <= int(mid) < hi:
        enqueued[int(mid)] = datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()
ts = sorted(patched.values())
rate = (len(ts) - 1) / (ts[-1] - ts[0]) if len(ts) > 1 and ts[-1] > ts[0] else 0
lat = sorted(patched[m] - enqueued[m] for m in patched if m in enqueued)
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")
print(len(ts), "%.0f" % rate, "%.0f" % pct(0.50), "%.0f" % pct(0.99))
PYEOF
}
id=2000000000000
for conc in 1 4 16; do
  cat >run.yaml <<YAML
policies: [$SRC/policies]
keys: [{id: bulwark-sample-test-only, key_file: $SRC/samples/keys/bulwark-sample-test-only.key.pem}]
client_state_env: BULWARK_BENCH_CLIENT_STATE
source: {bootstrap_servers: "$BOOT", topic: t$conc, consumer_group: bench$conc, properties: {fetch.wait.max.ms: "${FETCH_WAIT_MS:-10}"}}
graph: {tenant_id: $FAKE_M365_TENANT, client_id: $FAKE_M365_CLIENT_ID, client_secret_env: FAKE_M365_SECRET,
        authority: $FAKE_M365_URL, base_url: $FAKE_M365_URL/v1.0, ca_bundle: $TMP/ca.pem}
sinks:
  - {type: jsonl, path: $TMP/records-$conc.jsonl}
  - {type: teams-policy-violation, enforcement_log: $TMP/enforcement-$conc.jsonl, concurrency: $conc}
metrics: {listen: ""}
log_level: warn
YAML
  BULWARK_BENCH_CLIENT_STATE=bench "$BIN" run --config run.yaml >/dev/null 2>run.err &
  RUN=$!
  sleep 3  # joined the group, policies compiled
  capture $id burst.jsonl
  n=$(wc -l <burst.jsonl)
  "$BIN" publish --brokers "$BOOT" --topic "t$conc" burst.jsonl 2>/dev/null
  want=$(grep -c . m.jsonl)
  for _ in $(seq 600); do
    [ "$(measure $id $((id + want)) "records-$conc.jsonl" | cut -d' ' -f1)" -ge "$((want * 2 / 5))" ] && sleep 2 && break
    sleep 0.2
  done
  read -r patches rate _ _ <<<"$(measure $id $((id + want)) "records-$conc.jsonl")"
  id=$((id + want))
  half=$(( (rate / 2) > 0 ? rate / 2 : 1 ))
  # PATCHes are ~40% of the events: publish events at the rate that gives half the PATCH rate.
  ev_rate=$(( half * n / (patches > 0 ? patches : 1) ))
  capture $id paced.jsonl
  "$BIN" publish --brokers "$BOOT" --topic "t$conc" --rate "$((ev_rate > 0 ? ev_rate : 1))" paced.jsonl 2>/dev/null
  sleep 3
  read -r p2 r2 p50 p99 <<<"$(measure $id $((id + want)) "records-$conc.jsonl")"
  id=$((id + want))
  kill -TERM $RUN; wait $RUN
  printf "concurrency %2d: %d PATCHes at %d/s sustained; at %d events/s (%d PATCHes/s): produce->PATCH p50 %s ms, p99 %s ms (%d PATCHes)\n" \
    "$conc" "$patches" "$rate" "$ev_rate" "$r2" "$p50" "$p99" "$p2"
done
