#!/usr/bin/env bash
# Rich notifications over 1 MB: Graph stores their resource data in Blob Storage and the event
# carries only additionalPayloadStorageId. Against Azurite (Microsoft's Storage emulator, from
# npm, started here on loopback over TLS with a throwaway CA and a random account key): the
# blob is fetched with Shared Key authorization, decrypted and evaluated; a missing blob, a
# wrong key and an unconfigured store are dead letters with their reasons.
# Usage: azurite_test.sh BULWARK_BINARY SOURCE_DIR NPM_CACHE_DIR
set -u
BULWARK=$1
SRC=$2
CACHE=$3
PY=/usr/bin/python3
AZURITE_VERSION=3.35.0  # engines: node >= 10 (Debian 12 ships node 18)
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/check_lib.sh"
cd "$TMP"

# Azurite, installed once per build tree (test-only; nothing of it is committed).
AZ="$CACHE/azurite-$AZURITE_VERSION"
if [ ! -x "$AZ/node_modules/.bin/azurite-blob" ]; then
  mkdir -p "$AZ"
  npm install --prefix "$AZ" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" \
    >npm.log 2>&1 || { cat npm.log; check "npm install azurite" 0 1; finish azurite_test; exit 1; }
fi
AZURITE_DIR=$AZ
. "$HERE/azurite_lib.sh"
start_azurite bulwarktest
URL=$AZ_URL
ACCOUNT=$AZ_ACCOUNT

# A 1.3 MB chat message with a cloud key at its end, encrypted as Graph would for the sample
# key; the event keeps only additionalPayloadStorageId, the rest goes into the container.
chmod 600 "$SRC"/samples/keys/*.key.pem
$PY - >big.jsonl <<'PYEOF'
import json
filler = "<p>" + "quarterly numbers look fine, see the deck " * 30000 + "</p>"
msg = {"id": "1733000000001", "chatId": "19:big@thread.v2", "messageType": "message",
       "from": {"user": {"id": "u-big", "displayName": "Adele Vance", "userIdentityType": "aadUser",
                         "tenantId": "2432b57b-0abd-43db-aa7b-16eadd115d34"}},
       "body": {"contentType": "html",
                "content": filler + "<p>deploy key AKIA2E3MZQ7HT5LRXV4N secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY1</p>"}}
print(json.dumps(msg))
PYEOF
"$BULWARK" simulate --cert "$SRC/samples/keys/bulwark-sample-test-only.cert.pem" \
  --cert-id bulwark-sample-test-only --client-state test-only-state big.jsonl >big-event.jsonl
PYTHONPATH="$HERE" $PY - "$URL" "$ACCOUNT" "$AZ_KEY" <<'PYEOF'
# An independent Shared Key client (tests/integration/storage_client.py).
import json, sys
from storage_client import Storage
put = Storage(*sys.argv[1:4]).put
container = "microsoft-graph-change-notifications"
assert put(container, query="restype=container") == 201
event = json.loads(open("big-event.jsonl").readline())
item = event["value"][0]
stored = {k: item.pop(k) for k in ("resource", "resourceData", "encryptedContent")}
blob = "2026/12/01/9f1c-big-payload"
item["additionalPayloadStorageId"] = blob
body = json.dumps(stored).encode()
assert len(body) > 1024 * 1024, len(body)
assert put(f"{container}/{blob}", body, {"x-ms-blob-type": "BlockBlob", "Content-Type": "application/json"}) == 201
missing = json.loads(json.dumps(item))
missing["id"] = "missing-" + item["id"]
missing["additionalPayloadStorageId"] = "2026/12/01/never-written"
with open("capture.jsonl", "w") as f:
    f.write(json.dumps({"value": [item]}) + "\n" + json.dumps({"value": [missing]}) + "\n")
PYEOF
check "container, blob and notifications made with an independent client" 0 $?
[ "$(wc -c <capture.jsonl)" -lt 10000 ]; check "the events themselves are small" 0 0 $?

config() {  # FILE KEY_VARIABLE
  cat >"$1" <<YAML
policies: [$SRC/policies]
keys:
  - {id: bulwark-sample-test-only, key_file: $SRC/samples/keys/bulwark-sample-test-only.key.pem,
     cert_file: $SRC/samples/keys/bulwark-sample-test-only.cert.pem}
client_state_env: AZ_CLIENT_STATE
large_payloads:
  account_url: $URL
  shared_key_env: $2
  ca_bundle: $TMP/ca.pem
YAML
}
export AZ_CLIENT_STATE=test-only-state
config good.yaml AZ_KEY
"$BULWARK" replay --config good.yaml capture.jsonl >out.jsonl 2>err.txt; rc=$?
check "replay with a large payload" 0 $rc
grep -q '"decision":"block"' out.jsonl && grep -q '"message_id":"1733000000001"' out.jsonl
check "the stored payload was fetched, decrypted and blocked" 0 0 $?
grep -q '"reason":"payload_unavailable".*never-written not found' out.jsonl
check "a missing blob is a payload_unavailable dead letter naming it" 0 0 $?
export AZ_WRONG_KEY=$(openssl rand -base64 32)
config wrong.yaml AZ_WRONG_KEY
"$BULWARK" replay --config wrong.yaml capture.jsonl >out2.jsonl 2>/dev/null
[ "$(grep -c '"reason":"payload_unavailable".*HTTP 403' out2.jsonl)" = 2 ]
check "a wrong account key: both are payload_unavailable (HTTP 403)" 0 0 $?
sed '/large_payloads:/,$d' good.yaml >none.yaml
"$BULWARK" replay --config none.yaml capture.jsonl >out3.jsonl 2>/dev/null
[ "$(grep -c '"reason":"payload_store_missing"' out3.jsonl)" = 2 ]
check "no store configured: payload_store_missing" 0 0 $?
"$BULWARK" doctor --config good.yaml >doctor.out 2>&1
grep -q '^ok .*large payloads: .*reachable, credential accepted' doctor.out
check "doctor: the store is reachable and the key accepted" 0 0 $?
"$BULWARK" doctor --config wrong.yaml >doctor.out 2>&1
grep -q '^fail .*large payloads: .*HTTP 403' doctor.out; check "doctor: a wrong key fails" 0 0 $?
unset AZ_KEY_UNSET
config unset.yaml AZ_KEY_UNSET
"$BULWARK" replay --config unset.yaml capture.jsonl >/dev/null 2>err4.txt; rc=$?
grep -q 'AZ_KEY_UNSET (the storage account.s credential) is not set' err4.txt
check "an unset credential variable is named" 1 $rc $?
if grep -qF -e "$AZ_KEY" -e "$AZ_WRONG_KEY" -e AKIA2E3MZQ7HT5LRXV4N out.jsonl out2.jsonl out3.jsonl err.txt; then
  check "no key or plaintext in records" 0 1
else
  check "no key or plaintext in records" 0 0
fi
finish azurite_test
