#!/usr/bin/env bash
# End-to-end service benchmark through a real Kafka-protocol broker (loopback), encrypted
# notifications exactly as Graph sends them (10 per event):
#   1. sustained throughput: N events pre-published, time for the service to accept them all;
#   2. latency from produce to accepted verdict at half that rate (from the service's
#      bulwark_end_to_end_seconds histogram, interpolated within buckets).
# Usage: tests/bench/service_bench.sh [BULWARK_BINARY] [COPIES]   (run from the repository root)
set -eu
BIN=${1:-build/bin/bulwark}
COPIES=${2:-60}
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
export BULWARK_CLIENT_STATE=bench
chmod 600 samples/keys/*.key.pem
KEY="bulwark-sample-test-only=samples/keys/bulwark-sample-test-only.key.pem"

$PY - samples/chat/messages.jsonl "$COPIES" >"$T/m.jsonl" <<'PYEOF'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
for i in range(len(msgs) * int(sys.argv[2])):
    m = dict(msgs[i % len(msgs)]); m["id"] = str(1900000000000 + i); print(json.dumps(m))
PYEOF
"$BIN" simulate --cert samples/keys/bulwark-sample-test-only.cert.pem --cert-id bulwark-sample-test-only \
  --client-state bench --batch 10 "$T/m.jsonl" >"$T/cap.jsonl"
EVENTS=$(wc -l <"$T/cap.jsonl")
NOTIFS=$(wc -l <"$T/m.jsonl")

# The mock broker keeps about 5 MB per partition (older events are dropped, as retention
# would): 8 partitions keep the whole pre-published capture.
"$BIN" broker --partitions 8 --topic tput --topic lat >"$T/broker.out" 2>/dev/null &
for _ in $(seq 50); do grep -q bootstrap "$T/broker.out" && break; sleep 0.1; done
BOOT=$(sed -n 's/^bootstrap: //p' "$T/broker.out")
config() {
  cat >"$T/$1.yaml" <<YAML
policies: [$PWD/policies]
source: {bootstrap_servers: "$BOOT", topic: $1, consumer_group: bench-$1, properties: {fetch.wait.max.ms: "${FETCH_WAIT_MS:-100}"}}
sinks: [{type: jsonl, path: $T/$1.out.jsonl}]
metrics: {listen: "127.0.0.1:$2"}
log_level: warn
YAML
}
events_total() { curl -sf "http://127.0.0.1:$1/metrics" | sed -n 's/^bulwark_events_total //p'; }

# 1. Throughput.
"$BIN" publish --brokers "$BOOT" --topic tput "$T/cap.jsonl" 2>/dev/null
P1=$((30000 + $$ % 10000))
config tput $P1
"$BIN" run --config "$T/tput.yaml" --key "$KEY" 2>"$T/tput.log" &
SVC=$!
until [ "$(events_total $P1 || echo 0)" -gt 0 ] 2>/dev/null; do sleep 0.02; done
START=$(date +%s.%N)
until [ "$(events_total $P1 || echo 0)" -ge "$EVENTS" ] 2>/dev/null; do sleep 0.02; done
END=$(date +%s.%N)
kill -TERM $SVC; wait $SVC || true
RATE=$($PY -c "print(int($NOTIFS / ($END - $START)))")
EV_RATE=$($PY -c "print(max(1, int($EVENTS / ($END - $START))))")
echo "throughput: $NOTIFS notifications in $EVENTS events: $RATE notifications/s ($EV_RATE events/s)"

# 2. Latency at half the sustained rate.
P2=$((P1 + 1))
config lat $P2
"$BIN" run --config "$T/lat.yaml" --key "$KEY" 2>"$T/lat.log" &
SVC=$!
until curl -sf "http://127.0.0.1:$P2/readyz" >/dev/null; do sleep 0.1; done
HALF=$((EV_RATE / 2))
"$BIN" publish --brokers "$BOOT" --topic lat --rate "$HALF" "$T/cap.jsonl" 2>/dev/null
until [ "$(events_total $P2 || echo 0)" -ge "$EVENTS" ] 2>/dev/null; do sleep 0.05; done
curl -sf "http://127.0.0.1:$P2/metrics" >"$T/lat.metrics"
kill -TERM $SVC; wait $SVC || true
$PY - "$T/lat.metrics" "$HALF" <<'PYEOF'
import re, sys
buckets = []
for line in open(sys.argv[1]):
    m = re.match(r'bulwark_end_to_end_seconds_bucket\{le="([^"]+)"\} (\d+)', line)
    if m:
        buckets.append((float("inf") if m.group(1) == "+Inf" else float(m.group(1)), int(m.group(2))))
total = buckets[-1][1]
def q(p):
    target, prev_le, prev_c = p * total, 0.0, 0
    for le, c in buckets:
        if c >= target:
            if le == float("inf"): return prev_le
            return prev_le + (le - prev_le) * (target - prev_c) / max(1, c - prev_c)
        prev_le, prev_c = le, c
print(f"latency produce -> accepted verdict at {sys.argv[2]} events/s: "
      f"p50 {q(0.5)*1000:.1f} ms, p99 {q(0.99)*1000:.1f} ms ({total} events)")
PYEOF
