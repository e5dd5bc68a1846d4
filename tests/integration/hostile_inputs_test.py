#!/usr/bin/python3
"""Hostile inputs, end to end: a capture of events built to hurt (1 MB events of worst-case
content, deeply nested JSON, 100,000 HTML tags, invalid UTF-8 wherever a string is read, base64
with garbage, empty and missing fields, duplicates, an unknown tenant...) is replayed by the
shipped binary with the sample's TEST-ONLY key. Each event must be processed or dead-lettered,
with exactly the records of the golden file, within a time and memory bound, and no seeded
value may appear in the output.

The encrypted ones are made here as Graph makes them (graph_crypto.py, python3-cryptography), so
the plaintext can be anything, invalid UTF-8 included. Encryption is randomized; the records
are not.

Usage: hostile_inputs_test.py BULWARK_BINARY SOURCE_DIR
Regenerate the golden file after an intended change: BULWARK_UPDATE_GOLDEN=1, then review it."""
import base64
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from graph_crypto import Encryptor  # noqa: E402

BIN, SRC = sys.argv[1], sys.argv[2]
GOLDEN = os.path.join(SRC, "tests/integration/hostile_inputs.expected.jsonl")
KEY_ID = "bulwark-sample-test-only"
CLIENT_STATE = "sample-client-state-TEST-ONLY"
TENANT = "2432b57b-0abd-43db-aa7b-16eadd115d34"
SUB = "00000000-0000-4000-8000-0000000005b5"
SECRET = "4539148803436467"  # a Luhn-valid card number: seeded, must never appear in any record
TIME_LIMIT_S = 240           # the whole capture, any build (sanitized ones included)
# Peak resident memory of the replay: about 130 MB in a plain build (4x headroom); under
# AddressSanitizer (test.sh --sanitize sets ASAN_OPTIONS) shadow memory, redzones and the
# quarantine multiply it by about nine (1.2 GB with the 225 shipped detectors).
RSS_LIMIT_KB = (2048 if "ASAN_OPTIONS" in os.environ else 512) * 1024

ENCRYPTOR = Encryptor(os.path.join(SRC, "samples/keys", KEY_ID + ".cert.pem"), KEY_ID)
encrypt = ENCRYPTOR.encrypt


def chat_message(n: int, html, extra=None) -> bytes:
    """A decrypted chatMessage (bytes: `html` may hold invalid UTF-8)."""
    head = {"@odata.type": "#microsoft.graph.chatMessage", "id": str(1790000000000 + n),
            "chatId": "19:hostile@thread.v2", "messageType": "message",
            "from": {"user": {"id": "u-%d" % n, "displayName": "Hostile", "tenantId": TENANT}},
            "body": {"contentType": "html", "content": "@@BODY@@"}}
    if extra:
        head.update(extra)
    text = json.dumps(head, separators=(",", ":")).encode()
    body = html if isinstance(html, bytes) else html.encode()
    return text.replace(b"@@BODY@@", body.replace(b"\\", b"\\\\").replace(b'"', b'\\"'))


def notification(n: int, plaintext: bytes, **over) -> dict:
    item = {"id": "hostile-%04d" % n, "subscriptionId": SUB,
            "subscriptionExpirationDateTime": "2026-12-31T00:00:00+00:00", "changeType": "created",
            "resource": "chats('19:hostile@thread.v2')/messages('%d')" % (1790000000000 + n),
            "clientState": CLIENT_STATE, "tenantId": TENANT, "encryptedContent": encrypt(plaintext)}
    item.update(over)
    return item


def collection(*items) -> dict:
    return {"value": list(items)}


def fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


events = []  # (name, line bytes)


def add(name, body=None, raw: bytes = None):
    p = len(events) % 4
    if raw is None:
        line = json.dumps({"partition": p, "offset": len(events), "enqueued_time":
                           "2026-11-30T10:00:%02d.000Z" % (len(events) % 60), "body": body},
                          separators=(",", ":")).encode()
    else:
        line = raw
    events.append((name, line))


n = 0
def nid():
    global n
    n += 1
    return n

# --- 1 MB events of worst-case content (the event stays under Event Hubs' 1 MB) ------------
CONTENT = 700 * 1024  # base64 of the encrypted message brings it near 1 MB
add("cards_context_at_end", collection(notification(nid(), chat_message(
    n, fill(SECRET + " ", CONTENT) + " payment card"))))
add("normalisation_everywhere", collection(notification(nid(), chat_message(
    n, fill("Rechnung\u00a0Nr\u200b\uff14\uff11 ", CONTENT // 2)))))
add("digit_run", collection(notification(nid(), chat_message(n, fill("1234567890-", CONTENT)))))
add("context_everywhere", collection(notification(nid(), chat_message(
    n, fill("visa " + SECRET + " mastercard ", CONTENT)))))
add("html_100k_tags", collection(notification(nid(), chat_message(
    n, fill("<b>x", 400000) + " visa " + SECRET))))  # 100,000 <b> tags, then a card
add("html_entities_everywhere", collection(notification(nid(), chat_message(
    n, fill("&#x34;&#x31;&#49;&amp;&nbsp;", CONTENT)))))
add("html_unterminated", collection(notification(nid(), chat_message(
    n, "<p>ok " + SECRET[:6] + "</p><a href='" + fill("x", CONTENT)))))
add("attachments_12k", collection(notification(nid(), chat_message(n, "x", {"attachments": [
    {"id": str(i), "contentType": "text/html", "content": "<p>a</p>"} for i in range(12000)]}))))
add("oversized_event", collection(notification(nid(), chat_message(n, fill("y", 800 * 1024)))))

# --- deeply nested JSON -------------------------------------------------------------------
add("nested_event_body", raw=b"[" * 100000 + b"]" * 100000)
add("nested_event_unbalanced", raw=b'{"value":' + b"[" * 500000)
add("nested_in_notification", collection({"subscriptionId": SUB, "tenantId": TENANT,
                                          "clientState": CLIENT_STATE,
                                          "encryptedContent": "@@"}))
events[-1] = (events[-1][0], events[-1][1].replace(b'"@@"', b"[" * 50000 + b"]" * 50000))
add("nested_in_plaintext", collection(notification(nid(), chat_message(n, "ok").replace(
    b'"messageType"', b'"deep":' + b"[" * 100000 + b"]" * 100000 + b',"messageType"'))))
add("nested_card_json", collection(notification(nid(), chat_message(n, "card", {"attachments": [
    {"id": "1", "contentType": "application/vnd.microsoft.card.adaptive",
     "content": json.dumps(json.loads("{\"body\":" * 200 + "\"deep " + SECRET + "\"" + "}" * 200))}
]}))))

# --- invalid UTF-8 everywhere a string is read ----------------------------------------------
add("invalid_utf8_event", raw=b'{"value":[{"subscriptionId":"\xff\xfe","tenantId":"' +
    TENANT.encode() + b'"}]}')
add("invalid_utf8_in_plaintext_body", collection(notification(nid(), chat_message(
    n, b"pay \xc3\x28 card " + SECRET.encode() + b" \xed\xa0\x80 \xf8\x88\x80\x80\x80"))))
add("invalid_utf8_in_plaintext_sender", collection(notification(nid(), chat_message(
    n, "hello").replace(b'"Hostile"', b'"Ho\xffstile"'))))
add("invalid_utf8_in_plaintext_json_key", collection(notification(nid(), chat_message(
    n, "hello").replace(b'"chatId"', b'"chat\xc0Id"'))))

# --- base64 with garbage ------------------------------------------------------------------
def mutate_content(name, field, fn):
    item = notification(nid(), chat_message(n, "base64 " + SECRET))
    item["encryptedContent"][field] = fn(item["encryptedContent"][field])
    add(name, collection(item))

mutate_content("data_not_base64", "data", lambda s: "!!!" + s[3:])
mutate_content("data_whitespace", "data", lambda s: s[:40] + " \n\t" + s[40:])
mutate_content("data_truncated_block", "data", lambda s: base64.b64encode(
    base64.b64decode(s)[:-5]).decode())
mutate_content("data_bad_padding", "data", lambda s: s.rstrip("=") + "===")
mutate_content("datakey_garbage", "dataKey", lambda s: "A" * 7)
mutate_content("datakey_empty", "dataKey", lambda s: "")
mutate_content("signature_garbage", "dataSignature", lambda s: "%%%%")
mutate_content("signature_short", "dataSignature", lambda s: base64.b64encode(b"abc").decode())
mutate_content("data_url_safe_alphabet", "data", lambda s: s.replace("+", "-").replace("/", "_"))

# --- empty and missing fields ---------------------------------------------------------------
add("empty_line_body", body="")
add("empty_object", body={})
add("value_empty", body={"value": []})
add("value_null", body={"value": None})
add("value_string", body={"value": "x"})
add("value_item_number", body={"value": [42]})
add("value_item_empty", body={"value": [{}]})
def drop(name, *keys):
    item = notification(nid(), chat_message(n, "missing " + SECRET))
    for k in keys:
        item.pop(k)
    add(name, collection(item))
drop("no_tenant", "tenantId")
drop("no_client_state", "clientState")
drop("no_subscription", "subscriptionId")
drop("no_resource", "resource")
item = notification(nid(), chat_message(n, "x"))
item["encryptedContent"] = {}
add("encrypted_content_empty", collection(item))
item = notification(nid(), chat_message(n, "x"))
item["encryptedContent"] = None
add("encrypted_content_null", collection(item))
add("plaintext_empty", collection(notification(nid(), b"")))
add("plaintext_json_null", collection(notification(nid(), b"null")))
add("plaintext_array", collection(notification(nid(), b"[1,2,3]")))
add("plaintext_not_chat", collection(notification(nid(), b'{"@odata.type":"#microsoft.graph.user"}')))
add("plaintext_body_missing", collection(notification(nid(), chat_message(n, "x").replace(
    b'"body"', b'"bodx"'))))

# --- duplicates, unknown tenant, a mixed collection ----------------------------------------
dup = collection(notification(nid(), chat_message(n, "duplicate " + SECRET + " visa")))
add("duplicate_first", dup)
add("duplicate_second", dup)
add("unknown_tenant", collection(notification(nid(), chat_message(n, "tenant " + SECRET),
                                              tenantId="99999999-9999-4999-8999-999999999999")))
add("mixed_collection", collection(notification(nid(), chat_message(n, "fine")), {},
                                   notification(nid(), chat_message(n, "visa " + SECRET),
                                                clientState="forged")))

with tempfile.TemporaryDirectory() as tmp:
    capture = os.path.join(tmp, "hostile.jsonl")
    with open(capture, "wb") as f:
        for _, line in events:
            f.write(line + b"\n")
    if os.environ.get("BULWARK_HOSTILE_CAPTURE"):  # keep a copy, to debug one event alone
        with open(os.environ["BULWARK_HOSTILE_CAPTURE"], "wb") as f:
            f.write(b"".join(line + b"\n" for _, line in events))
    env = dict(os.environ, BULWARK_SAMPLE_CLIENT_STATE=CLIENT_STATE,
               BULWARK_CACHE_DIR=os.path.join(tmp, "cache"))
    os.chmod(os.path.join(SRC, "samples/keys", KEY_ID + ".key.pem"), 0o600)
    # The sample's replay config, with the event time budget out of the way: what this test
    # checks must not depend on the build's speed (sanitized builds are 10x slower); the budget
    # has tests of its own (plugin_host_test.cc).
    keys = os.path.join(os.path.abspath(SRC), "samples/keys", KEY_ID)
    config = os.path.join(tmp, "replay.yaml")
    with open(config, "w") as f:
        f.write("policies: [%s/policies]\n" % os.path.abspath(SRC) +
                "keys: [{id: %s, key_file: %s.key.pem, cert_file: %s.cert.pem}]\n" % (
                    KEY_ID, keys, keys) +
                "client_state_env: BULWARK_SAMPLE_CLIENT_STATE\ntenants: [%s]\n" % TENANT +
                "limits: {event_time_budget_ms: 0}\n")
    started = time.monotonic()
    proc = subprocess.run([BIN, "replay", "--threads", "1", "--config", config, capture],
                          capture_output=True, timeout=TIME_LIMIT_S, env=env)
    elapsed = time.monotonic() - started
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

failures = []
if proc.returncode != 0:
    failures.append("replay exited %d: %s" % (proc.returncode, proc.stderr.decode()[-2000:]))
records = []
for raw in proc.stdout.splitlines():
    r = json.loads(raw)
    for k in ("latency_us", "policy_set"):
        r.pop(k, None)
    if "source" in r:
        r["source"]["file"] = "hostile.jsonl"
        r["source"]["event"] = events[r["source"]["line"] - 1][0]
    records.append(json.dumps(r, separators=(",", ":"), ensure_ascii=False))

# Every event has at least one record (one per item of a collection), in order.
lines_seen = {json.loads(r)["source"]["line"] for r in records}
missing = [events[i][0] for i in range(len(events)) if i + 1 not in lines_seen]
if missing:
    failures.append("events without a record: %s" % missing)
output = proc.stdout + proc.stderr
for needle in (SECRET.encode(), b"Rechnung", b"duplicate " + SECRET.encode()):
    if needle in output:
        failures.append("a seeded value appears in the output: %r" % needle)
if rss_kb > RSS_LIMIT_KB:
    failures.append("peak RSS %d KB over the %d KB bound" % (rss_kb, RSS_LIMIT_KB))

if os.environ.get("BULWARK_UPDATE_GOLDEN"):
    with open(GOLDEN, "w", encoding="utf-8") as f:
        f.write("\n".join(records) + "\n")
    print("rewrote", GOLDEN)
else:
    with open(GOLDEN, encoding="utf-8") as f:
        expected = f.read().splitlines()
    if records != expected:
        for i, (a, b) in enumerate(zip(records, expected)):
            if a != b:
                failures.append("record %d differs:\n  got      %s\n  expected %s" % (i, a[:600], b[:600]))
                break
        if len(records) != len(expected):
            failures.append("%d records, %d expected" % (len(records), len(expected)))

print("hostile inputs: %d events, %d records, %.1f s, peak RSS %.0f MB" %
      (len(events), len(records), elapsed, rss_kb / 1024))
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
