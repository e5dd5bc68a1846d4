#!/usr/bin/env bash
# Event Hubs Capture end to end. Capture files written by avsc (npm; an Avro implementation
# independent of Avro C) in the Capture layout, with both codecs, replay to exactly the records
# of the same events as JSON Lines; `bulwark capture export` files read back with avsc and
# replay the same; a damaged and a truncated file are dead letters naming the file and byte
# offset while the other files replay; --from/--to/--partition skip files by their path; and the
# same files in Azurite (Blob Storage emulator, npm, on loopback over TLS) replay from the
# container, paged, with the account key or a SAS token, and a clear error without either.
# Usage: capture_test.sh BULWARK_BINARY SOURCE_DIR NPM_CACHE_DIR
set -u
BULWARK=$1
SRC=$2
CACHE=$3
PY=/usr/bin/python3
AZURITE_VERSION=3.35.0
AVSC_VERSION=5.7.9
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/check_lib.sh"
cd "$TMP"

npm_install() {  # PACKAGE VERSION: installed once per build tree (test-only, never committed)
  local dir="$CACHE/$1-$2"
  if [ ! -d "$dir/node_modules/$1" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$1@$2" >npm.log 2>&1 ||
      { cat npm.log; check "npm install $1" 0 1; finish capture_test; exit 1; }
  fi
  echo "$dir"
}
AVSC=$(npm_install avsc "$AVSC_VERSION") || exit 1
AZ=$(npm_install azurite "$AZURITE_VERSION") || exit 1
avsc() { NODE_PATH="$AVSC/node_modules" node "$HERE/capture_avro.js" "$@"; }

chmod 600 "$SRC"/samples/keys/*.key.pem
export BULWARK_SAMPLE_CLIENT_STATE=sample-client-state-TEST-ONLY
CAPTURE=$SRC/samples/notifications/capture.jsonl  # 42 events, 4 partitions, 10:00 to 10:41
replay() {  # replay OUT ARGS...: the records, without what depends on the input's form
  local out=$1
  shift
  "$BULWARK" replay --config "$SRC/samples/replay.yaml" "$@" >"$out.raw" 2>"$out.err"
  local rc=$?
  jq -cS 'del(.source, .latency_us)' "$out.raw" | sort >"$out"
  return $rc
}
replay jsonl.txt "$CAPTURE"; check "replay of the JSON Lines capture" 0 $?
[ "$(wc -l <jsonl.txt)" -gt 42 ]; check "the JSON Lines capture gives records" 0 $?

# 1. avsc's Capture files, deflate (one record a block) and null (many records a block).
avsc write "$CAPTURE" deflate deflate 1 >/dev/null; check "avsc writes deflate Capture files" 0 $?
avsc write "$CAPTURE" null null 65536 >/dev/null; check "avsc writes null Capture files" 0 $?
[ "$(find deflate -name '*.avro' | wc -l)" = 34 ]; check "one file per partition and window" 0 $?
for codec in deflate null; do
  replay "$codec.txt" "$codec"; check "replay of avsc's $codec files" 0 $?
  cmp -s jsonl.txt "$codec.txt"; check "avsc $codec files give exactly the JSON Lines records" 0 $?
done
grep -q '"file":"deflate/ns/hub/3/2026/11/20/10/35/00.avro","record":1' deflate.txt.raw
check "records name the Capture file and record" 0 $?

# 2. The exporter's files: avsc reads every event back, and they replay the same.
"$BULWARK" capture export --out exported --namespace ns --eventhub hub "$CAPTURE" 2>export.err
check "capture export" 0 $?
avsc read $(find exported -name '*.avro' | sort) >exported.json; check "avsc reads the export" 0 $?
$PY - "$CAPTURE" exported.json <<'PYEOF'
import json, sys
def canon(text):
    try:
        return json.dumps(json.loads(text), sort_keys=True)
    except ValueError:
        return text
want = sorted((str(e["offset"]), canon(e["body"]) if isinstance(e["body"], str)
               else json.dumps(e["body"], sort_keys=True)) for e in map(json.loads, open(sys.argv[1])))
records = [json.loads(line) for line in open(sys.argv[2])]
got = sorted((r["offset"], canon(r["body"])) for r in records)
assert len(got) == 42 and got == want, (len(got), got[:1], want[:1])
assert "11/20/2026 10:00:00 AM" in {r["time"] for r in records}
PYEOF
check "every exported event, offset and Capture time as avsc reads them" 0 $?
replay exported.txt exported; check "replay of the export" 0 $?
cmp -s jsonl.txt exported.txt; check "the export gives exactly the JSON Lines records" 0 $?
"$BULWARK" capture export --out exported --namespace ns --eventhub hub "$CAPTURE" >/dev/null 2>again.err
check "a second export into the same place refuses to overwrite" 1 $?
grep -q 'exists' again.err; check "and says a file exists" 0 $?

# 3. Damage: a sync marker hit in one file, another cut short. Both are dead letters naming
# the file and byte offset; every other file replays as before; the exit status says so.
cp -r deflate damaged
$PY - <<'PYEOF'
p = "damaged/ns/hub/1/2026/11/20/10/05/00.avro"   # two records, a block each
b = bytearray(open(p, "rb").read())
sync = bytes(b[-16:])
first = b.find(sync) + 16            # end of the header
second = b.find(sync, first)         # the end of the first block
b[second] ^= 0xff
open(p, "wb").write(b)
p = "damaged/ns/hub/2/2026/11/20/10/10/00.avro"
b = open(p, "rb").read()
open(p, "wb").write(b[: len(b) - 300])
PYEOF
replay damaged.txt damaged; check "a damaged capture exits 1" 1 $?
grep -q 'damaged/ns/hub/1/2026/11/20/10/05/00.avro: block at byte [0-9]*' damaged.txt.err &&
  grep -q 'damaged/ns/hub/2/2026/11/20/10/10/00.avro: block at byte [0-9]*: the file ends' damaged.txt.err
check "the errors name the file and the byte offset" 0 $?
[ "$(grep -c '"reason":"capture_corrupt"' damaged.txt.raw)" = 1 ] &&
  [ "$(grep -c '"reason":"capture_truncated"' damaged.txt.raw)" = 1 ]
check "one capture_corrupt and one capture_truncated dead letter" 0 $?
others() { jq -cS 'select((.source.file // "") | test("/1/2026/11/20/10/05/|/2/2026/11/20/10/10/") | not)
                   | del(.source.file, .latency_us)' "$1" | sort; }
others deflate.txt.raw >undamaged.want
others damaged.txt.raw >undamaged.got
cmp -s undamaged.want undamaged.got; check "the undamaged files give the same records" 0 $?
[ "$(jq -c 'select(.source.file == "damaged/ns/hub/1/2026/11/20/10/05/00.avro" and .reason != "capture_corrupt")' damaged.txt.raw | wc -l)" -ge 1 ]
check "the block after the damaged sync marker is read" 0 $?

# 4. The filter: partitions 1 and 2, 10:10 to 10:20. Files outside are not opened; the records
# are those of the JSON Lines events in the window.
jq -c 'select((.partition == 1 or .partition == 2) and .enqueued_time >= "2026-11-20T10:10"
              and .enqueued_time < "2026-11-20T10:20")' "$CAPTURE" >window.jsonl
[ "$(wc -l <window.jsonl)" = 5 ]; check "five events in the window" 0 $?
replay window.want window.jsonl
replay window.got deflate --from 2026-11-20T10:10:00Z --to 2026-11-20T10:20:00Z \
  --partition 1 --partition 2
check "replay with --from/--to/--partition" 0 $?
cmp -s window.want window.got; check "the window's records exactly" 0 $?
grep -q 'capture file(s) skipped: their Capture path is outside' window.got.err
check "files skipped by their path are reported" 0 $?
"$BULWARK" replay --config "$SRC/samples/replay.yaml" --from yesterday deflate >/dev/null 2>bad.err
check "a bad --from is a usage error" 2 $?
grep -q -- '--from must be an ISO 8601 time' bad.err; check "naming the option" 0 $?

# 5. Blob Storage: the deflate files in an Azurite container, over TLS with a throwaway CA.
AZURITE_DIR=$AZ
. "$HERE/azurite_lib.sh"
start_azurite bulwarktest
URL=$AZ_URL
KEY=$AZ_KEY

# The files uploaded under capture/eh/ by an independent client
# (tests/integration/storage_client.py), and account SAS tokens: read+list, and read only.
PYTHONPATH="$HERE" $PY - "$URL" "$AZ_ACCOUNT" "$KEY" <<'PYEOF'
import os, sys
from storage_client import Storage
storage = Storage(*sys.argv[1:4])
assert storage.put("capture", query="restype=container") == 201
n = 0
for root, _, files in os.walk("deflate"):
    for f in files:
        local = os.path.join(root, f)
        name = "eh/" + os.path.relpath(local, "deflate")
        status = storage.put(f"capture/{name}", open(local, "rb").read(),
                             {"x-ms-blob-type": "BlockBlob"})
        assert status == 201, status
        n += 1
assert n == 34, n
open("sas-rl", "w").write(storage.account_sas("rl"))
open("sas-r", "w").write("?" + storage.account_sas("r"))
PYEOF
check "34 capture files uploaded with an independent client" 0 $?

unset AZURE_STORAGE_KEY AZURE_STORAGE_SAS_TOKEN
AZURE_STORAGE_KEY=$KEY replay blob.txt "$URL/capture/eh" --ca-bundle ca.pem --list-page-size 2
check "replay from the container with the account key" 0 $?
cmp -s jsonl.txt blob.txt; check "the container gives exactly the JSON Lines records" 0 $?
grep -q "\"file\":\"$URL/capture/eh/ns/hub/0/2026/11/20/10/00/00.avro\"" blob.txt.raw
check "records name the blob's URL" 0 $?
AZURE_STORAGE_SAS_TOKEN=$(cat sas-rl) replay blob-window.txt "$URL/capture/eh/ns/hub/" \
  --ca-bundle ca.pem --from 2026-11-20T10:10:00Z --to 2026-11-20T10:20:00Z --partition 1 --partition 2
check "replay from the container with a SAS token and a filter" 0 $?
cmp -s window.want blob-window.txt; check "the container's window, exactly" 0 $?
grep -q 'capture file(s) skipped' blob-window.txt.err; check "blobs skipped by their name" 0 $?
MY_SAS=$(cat sas-r) "$BULWARK" replay --config "$SRC/samples/replay.yaml" --ca-bundle ca.pem \
  --storage-sas-env MY_SAS "$URL/capture/eh" >/dev/null 2>sas-r.err
check "a SAS token without list permission fails" 1 $?
grep -q "listing $URL/capture/eh.*HTTP 403" sas-r.err; check "naming the listing and the status" 0 $?
"$BULWARK" replay --config "$SRC/samples/replay.yaml" --ca-bundle ca.pem "$URL/capture/eh" \
  >/dev/null 2>nokey.err
check "no credential is a usage error" 2 $?
grep -q 'a Blob Storage input needs a credential: set AZURE_STORAGE_KEY' nokey.err
check "saying which variables to set" 0 $?
AZURE_STORAGE_KEY=$(openssl rand -base64 32) "$BULWARK" replay --config "$SRC/samples/replay.yaml" \
  --ca-bundle ca.pem "$URL/capture/eh" >/dev/null 2>wrongkey.err
check "a wrong key fails" 1 $?
grep -q 'HTTP 403' wrongkey.err; check "with the service's status" 0 $?
AZURE_STORAGE_KEY=$KEY "$BULWARK" replay --config "$SRC/samples/replay.yaml" "$URL/capture/eh" \
  >/dev/null 2>ca.err
check "an untrusted server certificate fails" 1 $?
if grep -qF -e "$KEY" -e "sig=" ./*.err; then
  check "no key or signature in messages" 0 1
else
  check "no key or signature in messages" 0 0
fi
finish capture_test
