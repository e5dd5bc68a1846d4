#!/usr/bin/python3
"""Builds samples/notifications/capture.jsonl, a captured Event Hub as `bulwark replay` reads it:
the chat messages of samples/chat/messages.jsonl encrypted by `bulwark simulate` for the
TEST-ONLY sample key, in {partition, offset, enqueued_time, body} wrappers, plus a subscription
probe, lifecycle events and broken events (one per dead-letter reason worth showing).
Encryption is randomized, so re-running changes the bytes but not the verdicts.
Run from the repository root after building: samples/notifications/make-capture.py"""
import base64
import json
import subprocess

BIN = "build/bin/bulwark"
KEY_ID = "bulwark-sample-test-only"
CERT = f"samples/keys/{KEY_ID}.cert.pem"
CLIENT_STATE = "sample-client-state-TEST-ONLY"
TENANT = "2432b57b-0abd-43db-aa7b-16eadd115d34"
SUB = "00000000-0000-4000-8000-0000000005b5"

events = subprocess.run(
    [BIN, "simulate", "--cert", CERT, "--cert-id", KEY_ID, "--client-state", CLIENT_STATE,
     "--subscription", SUB, "--batch", "2", "samples/chat/messages.jsonl"],
    check=True, capture_output=True, text=True).stdout.splitlines()
bodies = [json.loads(e) for e in events]

def flip_b64(s):
    raw = bytearray(base64.b64decode(s))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()

# Broken variants of a real notification (deep copies of the first one).
def variant(mutate):
    n = json.loads(json.dumps(bodies[0]["value"][0]))
    n["id"] = n["id"][:-4] + "beef"
    mutate(n)
    return {"value": [n]}

def set_(path, value):
    def m(n):
        obj = n
        for k in path[:-1]:
            obj = obj[k]
        obj[path[-1]] = value
    return m

extra = [
    ("probe", {"value": [{"subscriptionId": "NA", "subscriptionExpirationDateTime":
                          "0001-01-01T00:00:00+00:00", "changeType": "created", "resource": "NA",
                          "clientState": "NA", "tenantId": "NA"}]}),
    ("lifecycle", {"value": [{"lifecycleEvent": "reauthorizationRequired", "subscriptionId": SUB,
                              "subscriptionExpirationDateTime": "2026-12-31T00:00:00+00:00",
                              "clientState": CLIENT_STATE, "tenantId": TENANT}]}),
    ("lifecycle", {"value": [{"lifecycleEvent": "missed", "subscriptionId": SUB,
                              "subscriptionExpirationDateTime": "2026-12-31T00:00:00+00:00",
                              "clientState": CLIENT_STATE, "tenantId": TENANT}]}),
    ("signature", variant(lambda n: n["encryptedContent"].update(
        dataSignature=flip_b64(n["encryptedContent"]["dataSignature"])))),
    ("data", variant(lambda n: n["encryptedContent"].update(
        data=flip_b64(n["encryptedContent"]["data"])))),
    ("datakey", variant(lambda n: n["encryptedContent"].update(
        dataKey=flip_b64(n["encryptedContent"]["dataKey"])))),
    ("cert", variant(set_(["encryptedContent", "encryptionCertificateId"], "retired-2025"))),
    ("thumbprint", variant(set_(["encryptedContent", "encryptionCertificateThumbprint"], "00" * 20))),
    ("client_state", variant(set_(["clientState"], "forged"))),
    ("no_content", variant(lambda n: n.pop("encryptedContent"))),
    ("lifecycle", {"value": [{"lifecycleEvent": "subscriptionRemoved", "subscriptionId": SUB,
                              "subscriptionExpirationDateTime": "2026-12-31T00:00:00+00:00",
                              "clientState": CLIENT_STATE, "tenantId": TENANT}]}),
]

lines = []
offset = {p: 1000 * p for p in range(4)}
def add(body, raw=None):
    p = len(lines) % 4
    lines.append(json.dumps({"partition": p, "offset": offset[p],
                             "enqueued_time": f"2026-11-20T10:{len(lines) % 60:02d}:00.000Z",
                             "body": raw if raw is not None else body}, separators=(",", ":")))
    offset[p] += 1

for i, b in enumerate(bodies):
    add(b)
    if i < len(extra):
        add(extra[i][1])
add(None, raw='{"value": [ {"subscriptionId": "' + SUB + '", ')  # truncated: malformed_json
add(None, raw='{"hello": "world"}')                               # not_a_collection
with open("samples/notifications/capture.jsonl", "w") as f:
    f.write("\n".join(lines) + "\n")
print(len(lines), "events")
