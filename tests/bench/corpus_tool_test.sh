#!/usr/bin/env bash
# bulwark_bench_corpus writes what tests/bench/compare.sh measures: sized text files, chatMessage
# lines that `bulwark simulate` encrypts and `bulwark replay` evaluates, and the shipped patterns.
# Usage: corpus_tool_test.sh BULWARK_BENCH_CORPUS BULWARK SOURCE_DIR
set -euo pipefail
GEN=$1
BIN=$2
SRC=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$GEN" business 28672 3 "$T/files"
[ "$(ls "$T/files" | wc -l)" -eq 3 ] || fail "expected 3 files"
for f in "$T/files"/*; do
  [ "$(stat -c %s "$f")" -eq 28672 ] || fail "$f is not 28672 bytes"
done
grep -Eq 'invoice [0-9]{10}' "$T/files/000000.txt" || fail "business text has no invoice number"
"$GEN" business 28672 3 "$T/again"
diff -r "$T/files" "$T/again" >/dev/null || fail "the corpus is not deterministic"
for kind in normalise far_context context_everywhere digit_run; do
  "$GEN" "$kind" 65536 1 "$T/$kind"
  [ "$(stat -c %s "$T/$kind/000000.txt")" -ge 65536 ] || fail "$kind is too short"
done
if "$GEN" nonsense 10 1 "$T/x" 2>"$T/err"; then fail "an unknown kind was accepted"; fi
grep -q "unknown kind" "$T/err" || fail "no error for an unknown kind"

# The regexes compare.sh hands to ripgrep: one per distinct detector pattern.
"$GEN" patterns "$SRC/policies" >"$T/patterns.txt"
n=$(wc -l <"$T/patterns.txt")
lint=$("$BIN" policy lint "$SRC/policies" 2>&1 | sed -n 's/.* detectors, \([0-9]*\) patterns.*/\1/p')
[ "$n" -eq "$lint" ] || fail "$n patterns printed, policy lint counts $lint"

# chatMessage lines: encrypted by simulate, decrypted and evaluated by replay, one verdict each.
"$GEN" business 1024 5 "$T/m.jsonl"
cp "$SRC"/samples/keys/bulwark-sample-test-only.key.pem "$T/key.pem"
chmod 600 "$T/key.pem"
"$BIN" simulate --cert "$SRC/samples/keys/bulwark-sample-test-only.cert.pem" \
  --cert-id bulwark-sample-test-only --client-state t --batch 5 "$T/m.jsonl" >"$T/cap.jsonl"
BULWARK_CLIENT_STATE=t "$BIN" replay --policies "$SRC/policies" --threads 1 \
  --key "bulwark-sample-test-only=$T/key.pem" --out "$T/out.jsonl" "$T/cap.jsonl" 2>"$T/replay.err"
[ "$(grep -c '"schema":"bulwark.verdict/v1"' "$T/out.jsonl")" -eq 5 ] || fail "expected 5 verdicts"
echo "ok"
