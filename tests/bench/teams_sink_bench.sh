#!/usr/bin/env bash
# teams-policy-violation sink throughput against the loopback Entra ID / Graph stand-in
# (tests/integration/fake_m365.py, Python: it is the slower side, so the figure is a floor).
# `bulwark run` replays COPIES x the bundled chat messages through the embedded broker; every
# enforced verdict becomes a PATCH. Prints PATCHes, wall time and PATCHes/s per concurrency.
# Usage: tests/bench/teams_sink_bench.sh [BULWARK_BINARY] [COPIES]   (from the repository root)
set -u
BIN=$(realpath "${1:-build/bin/bulwark}")
COPIES=${2:-20}
SRC=$PWD
. tests/integration/check_lib.sh
. tests/integration/fake_m365_lib.sh
start_fake_m365 >/dev/null || exit 1
cd "$TMP"
chmod 600 "$SRC"/samples/keys/*.key.pem
/usr/bin/python3 - "$SRC/samples/chat/messages.jsonl" "$COPIES" >m.jsonl <<'PYEOF'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
for i in range(len(msgs) * int(sys.argv[2])):
    m = dict(msgs[i % len(msgs)]); m["id"] = str(1900000000000 + i); print(json.dumps(m))
PYEOF
"$BIN" simulate --cert "$SRC/samples/keys/bulwark-sample-test-only.cert.pem" \
  --cert-id bulwark-sample-test-only --client-state bench m.jsonl >cap.jsonl
for conc in 1 4 16; do
  cat >run.yaml <<YAML
policies: [$SRC/policies]
keys: [{id: bulwark-sample-test-only, key_file: $SRC/samples/keys/bulwark-sample-test-only.key.pem}]
client_state_env: BULWARK_BENCH_CLIENT_STATE
graph: {tenant_id: $FAKE_M365_TENANT, client_id: $FAKE_M365_CLIENT_ID, client_secret_env: FAKE_M365_SECRET,
        authority: $FAKE_M365_URL, base_url: $FAKE_M365_URL/v1.0, ca_bundle: $TMP/ca.pem}
sinks:
  - {type: jsonl, path: $TMP/records.jsonl}
  - {type: teams-policy-violation, enforcement_log: $TMP/enforcement-$conc.jsonl, concurrency: $conc}
metrics: {listen: ""}
log_level: warn
embedded: {capture: $TMP/cap.jsonl, partitions: 4}
YAML
  : >records.jsonl
  start=$(date +%s.%N)
  BULWARK_BENCH_CLIENT_STATE=bench "$BIN" run --config run.yaml >/dev/null 2>run.err || { cat run.err; exit 1; }
  end=$(date +%s.%N)
  n=$(grep -c '"outcome":"patched"' "enforcement-$conc.jsonl")
  events=$(wc -l <cap.jsonl)
  awk -v n="$n" -v e="$events" -v s="$start" -v t="$end" -v c="$conc" 'BEGIN {
    printf "concurrency %2d: %d events, %d PATCHes in %.2f s: %.0f PATCHes/s (whole run)\n",
           c, e, n, t - s, n / (t - s) }'
done
