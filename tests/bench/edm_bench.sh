#!/usr/bin/env bash
# Exact Data Match at scale: hash a generated CSV of N customer records (made up), then compare
# a table of 1,000 rows with one of N rows: load time and peak memory of `bulwark scan` on one
# message, and the scan time of 500 x 1 KB messages (lookup cost must not grow with N).
# Usage: tests/bench/edm_bench.sh build/bin/bulwark [N=1000000]
set -eu
BIN=$1
N=${2:-1000000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export EDM_SALT="bench-only-salt-0123456789abcdef"

/usr/bin/python3 - "$TMP" "$N" <<'PY'
import random, sys, os
tmp, n = sys.argv[1], int(sys.argv[2])
r = random.Random(7)
first = ["adele", "lee", "miriam", "alex", "megan", "nestor", "pradeep", "johanna", "lidia", "grady"]
last = ["vance", "gu", "bowen", "wilber", "bowen", "wilke", "gupta", "lorenz", "holloway", "archie"]
def rows(count):
    for i in range(count):
        f, l = r.choice(first), r.choice(last)
        yield f"{f.title()} {l.title()} {i},{f}.{l}.{i}@contoso.example,ACC-{10000000 + i}\n"
for name, count in (("small", 1000), ("large", n)):
    with open(os.path.join(tmp, name + ".csv"), "w") as out:
        out.write("name,email,account\n")
        out.writelines(rows(count))
words = ["meeting", "invoice", "customer", "please", "review", "account", "renewal", "thanks"]
os.makedirs(os.path.join(tmp, "msgs"))
for m in range(500):
    text = " ".join(r.choice(words) for _ in range(150))[:1000]
    if m % 10 == 0: text += f" ACC-{10000000 + r.randrange(1000)}"
    open(os.path.join(tmp, "msgs", f"{m:03}.txt"), "w").write(text)
PY

for t in small large; do
  /usr/bin/time -f "%e s, %M KB" "$BIN" edm hash --salt-env EDM_SALT --out "$TMP/$t.edm" "$TMP/$t.csv" \
    2>"$TMP/hash-$t.log" || { cat "$TMP/hash-$t.log"; exit 1; }
  mkdir -p "$TMP/pol-$t"
  printf 'apiVersion: bulwark/v1\nkind: Policy\nname: edm\ndetectors:\n  - {id: c, plugin: edm.exact-data-match, config: {table: "%s", salt_env: EDM_SALT}}\nrules: [{id: r, when: c, action: audit}]\n' \
    "$TMP/$t.edm" >"$TMP/pol-$t/edm.yaml"
done
echo "rows: small 1000, large $N; table size: $(stat -c %s "$TMP/large.edm") bytes"
echo "edm hash (large): $(tail -1 "$TMP/hash-large.log")"
for t in small large; do
  one=$( { echo "x" | /usr/bin/time -f "%e s, %M KB peak" "$BIN" scan --policies "$TMP/pol-$t" - >/dev/null; } 2>&1 | tail -1)
  many=$( { /usr/bin/time -f "%e" "$BIN" scan --policies "$TMP/pol-$t" "$TMP"/msgs/*.txt >"$TMP/out-$t"; } 2>&1 | tail -1)
  found=$(grep -c '"decision":"audit"' "$TMP/out-$t" || true)
  echo "$t: load + one message: $one; 500 messages: $many s ($found flagged)"
done
