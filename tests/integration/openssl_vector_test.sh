#!/usr/bin/env bash
# An encrypted notification produced independently of Bulwark's code, with the openssl command
# line exactly as DESIGN.md describes Graph's scheme, must decrypt and evaluate; the same
# notification with a flipped signature byte must become a signature_mismatch dead letter.
# Usage: openssl_vector_test.sh BULWARK_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $1"; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/k.pem" -out "$T/c.pem" -subj /CN=vector \
  -days 1 2>/dev/null || { echo "openssl req failed"; exit 1; }
chmod 600 "$T/k.pem"
KEY=$(openssl rand -hex 32)
IV=${KEY:0:32}  # Graph: IV = first 16 bytes of the key
MSG='{"@odata.type":"#microsoft.graph.chatMessage","id":"v1","chatId":"19:v@thread.v2","messageType":"message","from":{"user":{"id":"u","displayName":"Vector","tenantId":"t"}},"body":{"contentType":"html","content":"<p>key AKIA2E3MZQ7HT5LRXV4N</p>"}}'
printf '%s' "$MSG" >"$T/plain.json"
openssl enc -aes-256-cbc -K "$KEY" -iv "$IV" -in "$T/plain.json" -out "$T/data.bin"
perl -e 'print pack("H*", shift)' "$KEY" >"$T/key.bin"
openssl pkeyutl -encrypt -certin -inkey "$T/c.pem" -pkeyopt rsa_padding_mode:oaep \
  -pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1 -in "$T/key.bin" -out "$T/datakey.bin"
openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary "$T/data.bin" >"$T/sig.bin"
THUMB=$(openssl x509 -in "$T/c.pem" -outform DER | openssl dgst -sha1 -r | cut -d' ' -f1 | tr a-f A-F)

notification() {  # notification SIGNATURE_BASE64
  printf '{"value":[{"subscriptionId":"s","changeType":"created","tenantId":"t","resource":"chats/v1","encryptedContent":{"data":"%s","dataKey":"%s","dataSignature":"%s","encryptionCertificateId":"vector","encryptionCertificateThumbprint":"%s"}}]}\n' \
    "$(base64 -w0 "$T/data.bin")" "$(base64 -w0 "$T/datakey.bin")" "$1" "$THUMB"
}
notification "$(base64 -w0 "$T/sig.bin")" >"$T/good.jsonl"
# Flip the lowest bit of the first signature byte.
perl -e 'open F, "<", shift; binmode F; local $/; $s = <F>; substr($s,0,1) = chr(ord(substr($s,0,1)) ^ 1); print $s' \
  "$T/sig.bin" >"$T/badsig.bin"
notification "$(base64 -w0 "$T/badsig.bin")" >"$T/bad.jsonl"

"$BIN" replay --policies "$SRC/policies" --key "vector=$T/k.pem,$T/c.pem" "$T/good.jsonl" \
  >"$T/out" 2>"$T/err"
if grep -q '"decision":"block"' "$T/out" && grep -q '"detector":"secrets.aws-access-key-id"' "$T/out"; then
  ok
else
  ko "openssl-made notification did not decrypt and block: $(cat "$T/out" "$T/err")"
fi
if grep -q 'AKIA2E3MZQ7HT5LRXV4N' "$T/out" "$T/err"; then ko "plaintext in output"; else ok; fi

"$BIN" replay --policies "$SRC/policies" --key "vector=$T/k.pem,$T/c.pem" "$T/bad.jsonl" >"$T/out" 2>/dev/null
if grep -q '"reason":"signature_mismatch"' "$T/out"; then ok; else ko "tampered signature not rejected: $(cat "$T/out")"; fi

# Deterministic, ordered output whatever the thread count.
CS=sample-client-state-TEST-ONLY
BULWARK_SAMPLE_CLIENT_STATE=$CS "$BIN" replay --threads 1 --config "$SRC/samples/replay.yaml" \
  "$SRC/samples/notifications/capture.jsonl" 2>/dev/null | sed 's/"latency_us":[0-9]*//' >"$T/one"
BULWARK_SAMPLE_CLIENT_STATE=$CS "$BIN" replay --threads 4 --config "$SRC/samples/replay.yaml" \
  "$SRC/samples/notifications/capture.jsonl" 2>/dev/null | sed 's/"latency_us":[0-9]*//' >"$T/four"
if [ -s "$T/one" ] && cmp -s "$T/one" "$T/four"; then ok; else ko "replay output depends on --threads"; fi

# --dead-letter splits the streams; the summary counts them.
BULWARK_SAMPLE_CLIENT_STATE=$CS "$BIN" replay --config "$SRC/samples/replay.yaml" --out "$T/v.jsonl" \
  --dead-letter "$T/d.jsonl" "$SRC/samples/notifications/capture.jsonl" 2>"$T/summary"
if [ "$(grep -c deadletter "$T/v.jsonl")" = 0 ] && [ "$(wc -l <"$T/d.jsonl")" -ge 5 ] &&
  grep -q 'dead letters: ' "$T/summary"; then ok; else ko "--dead-letter routing"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
