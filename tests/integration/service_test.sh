#!/usr/bin/env bash
# The service against a real Kafka-protocol broker (librdkafka's mock cluster, run as a separate
# `bulwark broker` process on loopback so that the service can be killed and restarted):
#   1. clean run: every event of a 4-partition topic gets exactly its records; metrics, health
#      and readiness answer; SIGHUP reload keeps a good set and rejects a broken one; SIGTERM
#      drains, commits and exits 0; a restart in the same group re-reads nothing;
#   2. kill -9 mid-stream and restart: no event is lost, duplicates only from the uncommitted
#      window;
#   3. two processes in one consumer group split the partitions and together cover everything;
#   4. a failing sink stops commits (a kill -9 while failing loses nothing) and the service
#      resumes without loss when the sink recovers.
# Usage: service_test.sh BULWARK_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
PY=/usr/bin/python3
T=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# wait_until SECONDS COMMAND...: polls every 0.2 s.
wait_until() {
  local limit=$1
  shift
  local deadline=$((SECONDS + limit))
  while [ $SECONDS -lt $deadline ]; do
    if "$@"; then return 0; fi
    sleep 0.2
  done
  return 1
}
lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }
distinct_positions() {  # FILE -> number of distinct partition/offset pairs among its records
  $PY - "$@" <<'PYEOF'
import json, sys
seen = set()
for path in sys.argv[1:]:
    try:
        for line in open(path):
            s = json.loads(line)["source"]
            seen.add((s["partition"], s["offset"]))
    except FileNotFoundError:
        pass
print(len(seen))
PYEOF
}
has_positions() { [ "$(distinct_positions "${@:2}")" -ge "$1" ]; }
exit_within() {  # PID SECONDS -> sets rc to the exit code, or 124 on timeout
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then rc=124; return; fi
  wait "$pid"
  rc=$?
}
count_at_least() { [ "$(grep -c "$2" "$3")" -ge "$1" ]; }  # N PATTERN FILE
# The service logs "partition caught up" once per assigned partition when it has fetched all
# the partition holds: the latch that replaces "sleep, then check nothing more arrived".
caught_up() { count_at_least "$2" '"partition caught up"' "$1"; }  # LOG N
metric() {  # PORT NAME -> the sum of the metric's samples on the service's /metrics
  curl -sf "http://127.0.0.1:$1/metrics" 2>/dev/null |
    awk -v m="$2" '$1 ~ "^"m"({|$)" {s += $2} END {print s + 0}'
}
metrics_port() { sed -n 's/.*"service started".*"metrics_port":\([0-9]*\).*/\1/p' "$1" | tail -1; }
metric_at_least() { [ "$(metric "$1" "$2")" -ge "$3" ]; }  # PORT NAME N

chmod 600 "$SRC"/samples/keys/*.key.pem
export BULWARK_SAMPLE_CLIENT_STATE=sample-client-state-TEST-ONLY
KEY="bulwark-sample-test-only=$SRC/samples/keys/bulwark-sample-test-only.key.pem,$SRC/samples/keys/bulwark-sample-test-only.cert.pem"

# --- the broker ----------------------------------------------------------------------------
"$BIN" broker --partitions 4 --topic clean --topic crash --topic pair --topic sinkfail --topic verdicts-out \
  >"$T/broker.out" 2>"$T/broker.err" &
PIDS+=($!)
wait_until 20 grep -q '^bootstrap: ' "$T/broker.out" || { echo "broker did not start"; exit 1; }
BOOT=$(sed -n 's/^bootstrap: //p' "$T/broker.out")

# A capture of 400 distinct encrypted messages (ids made unique), one notification per event.
$PY - "$SRC/samples/chat/messages.jsonl" >"$T/many.jsonl" <<'PYEOF'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
for i in range(400):
    m = dict(msgs[i % len(msgs)])
    m["id"] = str(1800000000000 + i)
    print(json.dumps(m))
PYEOF
"$BIN" simulate --cert "$SRC/samples/keys/bulwark-sample-test-only.cert.pem" \
  --cert-id bulwark-sample-test-only --client-state "$BULWARK_SAMPLE_CLIENT_STATE" \
  "$T/many.jsonl" >"$T/many-capture.jsonl" || { echo "simulate failed"; exit 1; }

config() {  # NAME TOPIC GROUP SINK_PATH [METRICS_PORT] -> writes $T/NAME.yaml
  cat >"$T/$1.yaml" <<YAML
policies: [$T/policies]
keys: []
client_state_env: BULWARK_SAMPLE_CLIENT_STATE
source:
  bootstrap_servers: $BOOT
  topic: $2
  consumer_group: $3
  properties: {session.timeout.ms: "6000", heartbeat.interval.ms: "500", max.poll.interval.ms: "20000"}
sinks:
  - {type: jsonl, path: $4}
workers: 2
metrics: {listen: "127.0.0.1:${5:-0}"}
shutdown_timeout_seconds: 10
log_level: info
YAML
}
start() {  # NAME -> starts the service with $T/NAME.yaml, pid in $LAST
  "$BIN" run --config "$T/$1.yaml" --key "$KEY" >>"$T/$1.stdout" 2>>"$T/$1.log" &
  LAST=$!
  PIDS+=($LAST)
}
cp -r "$SRC/policies" "$T/policies"

# --- 1. clean run, metrics, reload, SIGTERM drain, restart reads nothing -------------------
"$BIN" replay --config "$SRC/samples/replay.yaml" "$SRC/samples/notifications/capture.jsonl" \
  >"$T/expected.jsonl" 2>/dev/null
EXPECTED=$(lines "$T/expected.jsonl")
"$BIN" publish --brokers "$BOOT" --topic clean "$SRC/samples/notifications/capture.jsonl" 2>/dev/null ||
  ko "publish failed"
MPORT=$((20000 + $$ % 20000))
config clean clean g-clean "$T/clean.jsonl" "$MPORT"
# A second sink: verdicts only, produced to a topic (accepted = acknowledged by the broker).
sed -i "s|^  - {type: jsonl, path: $T/clean.jsonl}|&\\n  - {type: kafka, bootstrap_servers: \"$BOOT\", topic: verdicts-out, records: [verdict]}|" "$T/clean.yaml"
start clean
CLEAN=$LAST
if wait_until 60 has_lines "$T/clean.jsonl" "$EXPECTED"; then ok; else ko "clean run: $(lines "$T/clean.jsonl")/$EXPECTED records"; fi
curl -sf "http://127.0.0.1:$MPORT/metrics" >"$T/metrics" 2>/dev/null
for want in '^bulwark_events_total 42$' '^bulwark_verdicts_total{decision="block"} 7$' '^bulwark_feedback_total{kind="enforced"} 2$' \
  '^bulwark_dead_letters_total{reason="signature_mismatch"} 2$' '^bulwark_processing_seconds_count 42$' \
  '^bulwark_end_to_end_seconds_count 42$' '^bulwark_gaps_total{event="subscriptionRemoved"} 1$' '^bulwark_policy_set_info{id="sha256:'; do
  grep -q "$want" "$T/metrics" && ok || ko "metrics lack $want"
done
metrics_has() { curl -sf "http://127.0.0.1:$MPORT/metrics" 2>/dev/null | grep -q "$1"; }
# Lag is refreshed every second from the client's cached watermarks.
wait_until 10 metrics_has '^bulwark_partition_lag{partition="3"} 0$' && ok || ko "partition lag not reported as 0"
if curl -sf "http://127.0.0.1:$MPORT/healthz" >/dev/null && curl -sf "http://127.0.0.1:$MPORT/readyz" >/dev/null; then ok; else ko "healthz/readyz"; fi
# Reload: a broken policy keeps the old set; a good change is taken.
printf 'apiVersion: bulwark/v1\nkind: Policy\nname: broken\nrules: [{id: r, when: nope, action: block}]\n' >"$T/policies/zz-broken.yaml"
kill -HUP "$CLEAN"
if wait_until 10 grep -q '"policy reload failed' "$T/clean.log"; then ok; else ko "broken reload not reported"; fi
rm "$T/policies/zz-broken.yaml"
kill -HUP "$CLEAN"
if wait_until 10 grep -q '"policies reloaded"' "$T/clean.log"; then ok; else ko "good reload not taken"; fi
# Compiled aside (compile_ms), then swapped in: the polling thread's pause is reported.
grep '"policies reloaded"' "$T/clean.log" | grep -q '"compile_ms":[0-9]*,"pause_us":[0-9]*' && ok ||
  ko "reload does not report its compile time and pause"
curl -sf "http://127.0.0.1:$MPORT/metrics" | grep -q 'bulwark_policy_reloads_total{result="error"} 1' && ok || ko "reload metric"
kill -TERM "$CLEAN"
exit_within "$CLEAN" 20
[ "$rc" = 0 ] && ok || ko "SIGTERM exit code $rc"
# Exactly the replay's records, each once (sources differ: compare without them).
$PY - "$T/expected.jsonl" "$T/clean.jsonl" <<'PYEOF' && ok || ko "clean run records differ from replay"
import collections, json, sys
def load(p):
    out = collections.Counter()
    for line in open(p):
        r = json.loads(line)
        for k in ("source", "latency_us", "policy_set"):
            r.pop(k, None)
        if r.get("schema") == "bulwark.gap/v1":  # its times are the transport's enqueued time
            r.pop("from", None)
            r.pop("to", None)
        out[json.dumps(r, sort_keys=True)] += 1
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    print("missing:", sum((a - b).values()), "extra:", sum((b - a).values()))
    sys.exit(1)
PYEOF
# The kafka sink's topic holds exactly the 54 verdicts: read it back with a second service, for
# which each record is an event that is not a notification collection.
config readback verdicts-out g-readback "$T/readback.jsonl"
start readback
READBACK=$LAST
# Once every partition was read to its end, a drain writes all that was fetched: then exactly 54.
wait_until 60 caught_up "$T/readback.log" 4 || ko "readback never caught up with the topic"
kill -TERM "$READBACK"
exit_within "$READBACK" 20
if [ "$(lines "$T/readback.jsonl")" = 54 ] &&
  [ "$(grep -c '"reason":"not_a_collection"' "$T/readback.jsonl")" = 54 ]; then ok; else
  ko "kafka sink: $(lines "$T/readback.jsonl") records read back, wanted 54"
fi
SEEN=$(grep -c '"partition caught up"' "$T/clean.log")  # the log is shared with the first run
start clean
RESTART=$LAST
# Caught up on all 4 partitions without a record: the committed positions were at the ends.
wait_until 30 caught_up "$T/clean.log" $((SEEN + 4)) || ko "restart never caught up"
kill -TERM "$RESTART"
exit_within "$RESTART" 20
[ "$rc" = 0 ] && [ "$(lines "$T/clean.jsonl")" = "$EXPECTED" ] && ok ||
  ko "restart after a clean drain re-read events (rc $rc, $(lines "$T/clean.jsonl") records)"

# --- 2. kill -9 mid-stream, restart: nothing lost -----------------------------------------
config crash crash g-crash "$T/crash.jsonl"
sed -i 's/^workers: 2/workers: 1/' "$T/crash.yaml"
start crash
CRASH=$LAST
wait_until 30 grep -q '"partitions assigned"' "$T/crash.log"
# 100 events/s: the kill lands mid-stream, after some auto-commits (every second).
"$BIN" publish --brokers "$BOOT" --topic crash --rate 100 "$T/many-capture.jsonl" 2>/dev/null &
PUB=$!
wait_until 60 has_lines "$T/crash.jsonl" 250 || ko "crash run never got to 250 records"
kill -9 "$CRASH"
wait "$CRASH" 2>/dev/null
BEFORE=$(lines "$T/crash.jsonl")
start crash
CRASH2=$LAST
wait "$PUB" || ko "publish crash"
if wait_until 90 has_positions 400 "$T/crash.jsonl"; then ok; else ko "after kill -9: $(distinct_positions "$T/crash.jsonl")/400 events"; fi
kill -TERM "$CRASH2"
exit_within "$CRASH2" 20
[ "$rc" = 0 ] && ok || ko "crash restart exit $rc"
DUPS=$(($(lines "$T/crash.jsonl") - 400))
echo "kill -9 after $BEFORE records: $DUPS duplicates after restart (the uncommitted window)"
# At-least-once: some duplicates are expected, but never more than what had been written, and
# fewer, since offsets were committed while running.
[ "$DUPS" -ge 0 ] && [ "$DUPS" -lt "$BEFORE" ] && ok || ko "duplicates $DUPS vs $BEFORE written before the kill"
# The restart waited for the killed member's session to expire (the coordinator's rule): the
# service says so instead of staying silently unready.
grep -q '"waiting for a partition assignment","waited_s":[0-9]*' "$T/crash.log" && ok ||
  ko "the wait for an assignment after kill -9 was not logged"

# --- 3. two processes in one group --------------------------------------------------------
config pairA pair g-pair "$T/pairA.jsonl"
config pairB pair g-pair "$T/pairB.jsonl"
start pairA
A=$LAST
start pairB
B=$LAST
wait_until 30 grep -q '"partitions assigned"' "$T/pairB.log"
"$BIN" publish --brokers "$BOOT" --topic pair "$T/many-capture.jsonl" 2>/dev/null || ko "publish pair"
if wait_until 90 has_positions 400 "$T/pairA.jsonl" "$T/pairB.jsonl"; then ok; else
  ko "pair: $(distinct_positions "$T/pairA.jsonl" "$T/pairB.jsonl")/400 events"
fi
kill -TERM "$A" "$B"
exit_within "$A" 20
rcA=$rc
exit_within "$B" 20
rcB=$rc
[ "$rcA" = 0 ] && [ "$rcB" = 0 ] && ok || ko "pair exit codes $rcA $rcB"
if [ "$(lines "$T/pairA.jsonl")" -gt 0 ] && [ "$(lines "$T/pairB.jsonl")" -gt 0 ]; then ok; else
  ko "partitions were not split: A=$(lines "$T/pairA.jsonl") B=$(lines "$T/pairB.jsonl")"
fi

# --- 4. failing sink: no commit while failing, resume without loss ------------------------
"$BIN" publish --brokers "$BOOT" --topic sinkfail "$SRC/samples/notifications/capture.jsonl" 2>/dev/null
config sinkfail sinkfail g-sinkfail "$T/not-yet/sink.jsonl"
start sinkfail
SF=$LAST
wait_until 30 grep -q '"sink write failed' "$T/sinkfail.log" && ok || ko "sink failure not reported"
# Five failed writes take 0.1+0.2+0.4+0.8 s of backoff: more than the 1 s auto-commit
# interval, so a commit had its chance to (wrongly) move the offsets before the kill.
SF_PORT=$(metrics_port "$T/sinkfail.log")
wait_until 30 metric_at_least "$SF_PORT" bulwark_sink_failures_total 5 ||
  ko "sink failures never reached 5 (port '$SF_PORT')"
kill -9 "$SF"
wait "$SF" 2>/dev/null
start sinkfail
SF2=$LAST
wait_until 30 count_at_least 2 '"sink write failed' "$T/sinkfail.log" || ko "second run: no sink failure"
mkdir -p "$T/not-yet"
if wait_until 60 has_lines "$T/not-yet/sink.jsonl" "$EXPECTED"; then ok; else
  ko "after the sink recovered: $(lines "$T/not-yet/sink.jsonl")/$EXPECTED records"
fi
grep -q '"sink recovered"' "$T/sinkfail.log" && ok || ko "recovery not logged"
kill -TERM "$SF2"
exit_within "$SF2" 20
[ "$rc" = 0 ] && ok || ko "sink-fail service exit $rc"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
