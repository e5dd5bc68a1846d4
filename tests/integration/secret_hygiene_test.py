#!/usr/bin/python3
"""Secret hygiene, end to end: known secrets and sensitive values are seeded into messages (card
numbers, cloud keys, passwords, an IBAN, a justification text), into a config (a librdkafka
password) and into the environment (clientState, the fingerprint key, an Event Hubs connection
string, the EDM salt); then every command and every sink runs over them: scan and explain
(text, JSON, verbose), replay with verdicts and dead letters split, policy test and its JUnit
report, edm hash, feedback report, diff-verdicts, doctor, and the service (`run`) with log level
debug, a JSON Lines sink of every record kind, a Kafka sink read back from the broker, /metrics,
/healthz, /readyz, a SIGHUP reload of a broken file and SIGTERM. No raw value may appear in any
output, record, log line or file written.

Usage: secret_hygiene_test.py BULWARK_BINARY SOURCE_DIR"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from graph_crypto import Encryptor  # noqa: E402

BIN, SRC = sys.argv[1], os.path.abspath(sys.argv[2])
KEY_ID = "bulwark-sample-test-only"
KEY_PEM = os.path.join(SRC, "samples/keys", KEY_ID + ".key.pem")
CERT_PEM = os.path.join(SRC, "samples/keys", KEY_ID + ".cert.pem")
TENANT = "2432b57b-0abd-43db-aa7b-16eadd115d34"
SUB = "00000000-0000-4000-8000-0000000005b5"

# The seeds: each must never appear in anything Bulwark writes. (All TEST-ONLY values.)
CARD = "4539148803436467"
CARD_SPACED = "4539 1488 0343 6467"
AWS_KEY = "AKIA4Q7ZJ3LRX2MWPB6N"
AWS_SECRET = "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"
PASSWORD = "Zq9-seeded-Hunter2-Xv"
IBAN = "DE44500105175407324931"
JUSTIFICATION = "overriding, the customer card is " + CARD
CLIENT_STATE = "seeded-client-state-7f3a9c21"
SASL_PASSWORD = "seeded-sasl-password-91be"
FINGERPRINT_KEY = "seeded-fingerprint-key-55d2"
SHARED_ACCESS_KEY = "seededSharedAccessKey0c4b2e"
EDM_SALT = "seeded-edm-salt-0123456789abcdef"
EDM_RECORD = "Oskar Lindqvist"
SEEDS = [CARD, CARD_SPACED, AWS_KEY, AWS_SECRET, PASSWORD, IBAN, CLIENT_STATE, SASL_PASSWORD,
         FINGERPRINT_KEY, SHARED_ACCESS_KEY, EDM_SALT, EDM_RECORD, "the customer card is"]

failures = []
outputs = {}  # name -> bytes, every output collected


def record(name, data):
    outputs[name] = outputs.get(name, b"") + (data if isinstance(data, bytes) else data.encode())


def run(name, args, env=None, stdin=None, expect=None, timeout=120):
    p = subprocess.run([BIN] + args, input=stdin, capture_output=True, env=env, timeout=timeout)
    record(name + ".stdout", p.stdout)
    record(name + ".stderr", p.stderr)
    if expect is not None and p.returncode not in expect:
        failures.append("%s exited %d (wanted %s): %s" % (name, p.returncode, expect,
                                                          p.stderr.decode()[-500:]))
    return p


def chat(n, html, violation=None):
    m = {"@odata.type": "#microsoft.graph.chatMessage", "id": str(1795000000000 + n),
         "chatId": "19:seeded@thread.v2", "messageType": "message",
         "createdDateTime": "2026-12-01T10:00:00.000Z",
         "from": {"user": {"id": "u-%d" % n, "displayName": "Seeder", "tenantId": TENANT}},
         "body": {"contentType": "html", "content": html}, "attachments": [],
         "policyViolation": violation}
    return m


MESSAGES = [
    chat(1, "<p>card " + CARD + " expires 12/29, visa</p>"),
    chat(2, "<p>aws_access_key_id = " + AWS_KEY + "<br>aws_secret_access_key = " + AWS_SECRET +
         "</p>"),
    chat(3, "<p>db password = " + PASSWORD + " and IBAN " + IBAN + "</p>"),
    chat(4, "<p>payment card " + CARD_SPACED + "</p>",
         {"dlpAction": "blockAccess", "justificationText": JUSTIFICATION,
          "policyTip": {"generalText": "blocked", "matchedConditionDescriptions": ["card"]},
          "userAction": "override", "verdictDetails": "allowOverrideWithJustification"}),
    chat(5, "<p>nothing to see</p>"),
]

with tempfile.TemporaryDirectory() as T:
    os.chmod(KEY_PEM, 0o600)
    env = dict(os.environ, BULWARK_CLIENT_STATE=CLIENT_STATE,
               BULWARK_FINGERPRINT_KEY=FINGERPRINT_KEY,
               EH_CONNECTION_STRING="Endpoint=sb://seeded.servicebus.windows.net/;"
                                    "SharedAccessKeyName=listen;SharedAccessKey=" + SHARED_ACCESS_KEY,
               EDM_SALT=EDM_SALT, BULWARK_CACHE_DIR=os.path.join(T, "cache"))
    key = "%s=%s,%s" % (KEY_ID, KEY_PEM, CERT_PEM)

    # --- inputs ---------------------------------------------------------------------------
    text_file = os.path.join(T, "message.txt")
    with open(text_file, "w") as f:
        f.write("\n".join(m["body"]["content"] for m in MESSAGES) + "\n")
    messages_file = os.path.join(T, "messages.jsonl")
    with open(messages_file, "w") as f:
        for m in MESSAGES:
            f.write(json.dumps(m) + "\n")
    enc = Encryptor(CERT_PEM, KEY_ID)
    capture = os.path.join(T, "capture.jsonl")
    with open(capture, "w") as f:
        for i, m in enumerate(MESSAGES):
            item = {"id": "n-%d" % i, "subscriptionId": SUB, "changeType": "created",
                    "resource": "chats('19:seeded@thread.v2')/messages('%s')" % m["id"],
                    "clientState": CLIENT_STATE, "tenantId": TENANT,
                    "encryptedContent": enc.encrypt(json.dumps(m).encode())}
            f.write(json.dumps({"partition": i % 2, "offset": i, "body": {"value": [item]}}) + "\n")
        # Dead letters whose plaintext holds the seeds: not JSON, not a chatMessage, invalid UTF-8.
        for i, plain in enumerate([b"card " + CARD.encode() + b" {", b'{"card":"' +
                                   CARD.encode() + b'"}', b"\xff" + PASSWORD.encode()]):
            item = {"id": "d-%d" % i, "subscriptionId": SUB, "changeType": "created",
                    "resource": "chats('19:seeded@thread.v2')/messages('9%d')" % i,
                    "clientState": CLIENT_STATE, "tenantId": TENANT,
                    "encryptedContent": enc.encrypt(plain)}
            f.write(json.dumps({"body": {"value": [item]}}) + "\n")
        # Lifecycle events, carrying the (seeded) clientState as Graph sends it.
        for event in ("reauthorizationRequired", "missed"):
            f.write(json.dumps({"body": {"value": [{
                "lifecycleEvent": event, "subscriptionId": SUB, "clientState": CLIENT_STATE,
                "subscriptionExpirationDateTime": "2026-12-31T00:00:00+00:00",
                "tenantId": TENANT}]}}) + "\n")
        # A forged one (wrong clientState).
        forged = {"id": "f", "subscriptionId": SUB, "changeType": "created", "resource": "x",
                  "clientState": "forged", "tenantId": TENANT,
                  "encryptedContent": enc.encrypt(json.dumps(MESSAGES[0]).encode())}
        f.write(json.dumps({"body": {"value": [forged]}}) + "\n")

    # --- one-shot commands ----------------------------------------------------------------
    for fmt in ("text", "json"):
        run("scan-" + fmt, ["scan", "--format", fmt, text_file], env=env, expect=[0, 1, 3])
        run("explain-" + fmt, ["explain", "--format", fmt, "--verbose", text_file], env=env,
            expect=[0])
    run("scan-stdin", ["scan", "-"], env=env, stdin=open(text_file, "rb").read(), expect=[0, 1, 3])
    run("scan-chat", ["scan", messages_file], env=env, expect=[0, 1, 3])
    run("explain-notification", ["explain", "--key", key, "--verbose", capture], env=env,
        expect=[0, 1])
    verdicts = os.path.join(T, "verdicts.jsonl")
    dead = os.path.join(T, "dead.jsonl")
    run("replay", ["replay", "--key", key, "--out", verdicts, "--dead-letter", dead, capture],
        env=env, expect=[0])
    run("replay-what-if", ["replay", "--key", key, "--baseline-policies",
                           os.path.join(SRC, "policies"), "--format", "markdown", capture],
        env=env, expect=[0])
    run("diff-verdicts", ["diff-verdicts", verdicts, verdicts], env=env, expect=[0])
    run("feedback-report", ["feedback", "report", "--format", "json", verdicts], env=env,
        expect=[0])
    # A policy test whose cases hold the seeds and fail.
    tests_file = os.path.join(T, "seeded-tests.yaml")
    with open(tests_file, "w") as f:
        f.write("apiVersion: bulwark/v1\nkind: PolicyTest\nname: seeded\ncases:\n"
                "  - {text: 'card %s visa', expect: allow}\n"
                "  - {text: 'password = %s', expect: block}\n" % (CARD, PASSWORD))
    junit = os.path.join(T, "junit.xml")
    run("policy-test", ["policy", "test", "--policies", os.path.join(SRC, "policies"),
                        "--junit", junit, tests_file], env=env)
    # EDM: the table holds hashes only, and the tool says nothing of the records.
    csv = os.path.join(T, "people.csv")
    with open(csv, "w") as f:
        f.write("name,card\n%s,%s\n" % (EDM_RECORD, CARD))
    run("edm-hash", ["edm", "hash", "--salt-env", "EDM_SALT", "--out",
                     os.path.join(T, "people.edm"), csv], env=env, expect=[0])

    # --- the service ----------------------------------------------------------------------
    broker = subprocess.Popen([BIN, "broker", "--partitions", "2", "--topic", "in", "--topic",
                               "out"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    boot = broker.stdout.readline().decode().strip().replace("bootstrap: ", "")
    run("publish", ["publish", "--brokers", boot, "--topic", "in", capture], env=env, expect=[0])
    with socket.socket() as s:  # a free loopback port for /metrics
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    policies = os.path.join(T, "policies")
    subprocess.run(["cp", "-r", os.path.join(SRC, "policies"), policies], check=True)
    service_out = os.path.join(T, "service.jsonl")
    config = os.path.join(T, "bulwark.yaml")
    with open(config, "w") as f:
        f.write(f"""policies: [{policies}]
keys: [{{id: {KEY_ID}, key_file: {KEY_PEM}, cert_file: {CERT_PEM}}}]
client_state_env: BULWARK_CLIENT_STATE
tenants: [{TENANT}]
source:
  bootstrap_servers: "{boot}"
  topic: in
  consumer_group: seeded
  properties: {{sasl.password: "{SASL_PASSWORD}", session.timeout.ms: "6000"}}
sinks:
  - {{type: jsonl, path: {service_out}}}
  - {{type: kafka, bootstrap_servers: "{boot}", topic: out}}
metrics: {{listen: "127.0.0.1:{port}"}}
log_level: debug
shutdown_timeout_seconds: 10
""")
    os.chmod(config, 0o600)  # it holds a password
    run("doctor", ["doctor", "--config", config], env=env)
    service = subprocess.Popen([BIN, "run", "--config", config], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)

    def get(path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=2) as r:
                return r.read()
        except Exception as e:  # 503s and refusals: keep the body when there is one
            return getattr(e, "read", lambda: b"")()

    deadline = time.time() + 60
    expected_records = len(MESSAGES) + 6
    while time.time() < deadline:
        n = sum(1 for _ in open(service_out)) if os.path.exists(service_out) else 0
        if n >= expected_records:
            break
        time.sleep(0.3)
    else:
        failures.append("the service wrote %d of %d records" % (n, expected_records))
    for path in ("/metrics", "/healthz", "/readyz"):
        record("http" + path.replace("/", "-"), get(path))
    # A reload that fails (its error quotes the policy's own pattern: policy text, not content).
    with open(os.path.join(policies, "zz-broken.yaml"), "w") as f:
        f.write("apiVersion: bulwark/v1\nkind: Policy\nname: broken\n"
                "detectors: [{id: c, regex: 'card('}]\nrules: [{id: r, when: c, action: block}]\n")
    service.send_signal(1)
    time.sleep(2)
    service.terminate()
    out, err = service.communicate(timeout=30)
    record("run.stdout", out)
    record("run.stderr", err)
    if service.returncode != 0:
        failures.append("run exited %d" % service.returncode)

    # Everything the Kafka sink produced, read back from the broker.
    from confluent_kafka import Consumer
    consumer = Consumer({"bootstrap.servers": boot, "group.id": "readback",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe(["out"])
    produced = []
    deadline = time.time() + 30
    while time.time() < deadline and len(produced) < expected_records:
        msg = consumer.poll(0.5)
        if msg is not None and msg.error() is None:
            produced.append(msg.value())
    consumer.close()
    broker.terminate()
    broker.communicate(timeout=10)
    record("kafka-sink", b"\n".join(produced))
    if len(produced) < expected_records:
        failures.append("the kafka sink produced %d of %d records" % (len(produced),
                                                                     expected_records))

    # Every file any command wrote.
    for root, _, files in os.walk(T):
        for name in files:
            path = os.path.join(root, name)
            if path in (text_file, messages_file, capture, csv, tests_file, config) or \
                    path.startswith(policies) or "/cache/" in path:
                continue  # the inputs themselves
            with open(path, "rb") as f:
                record("file:" + os.path.relpath(path, T), f.read())

# The checks: first that the run did what it should (else an empty output would pass)...
replayed = outputs.get("file:verdicts.jsonl", b"").decode()
for detector in ("financial.card-number", "secrets.aws-access-key-id"):
    if '"detector":"%s"' % detector not in replayed:
        failures.append("replay did not find %s: the seeds were not even found" % detector)
for schema in ("verdict", "deadletter", "lifecycle", "feedback"):
    if b'"schema":"bulwark.%s/v1"' % schema.encode() not in outputs.get("file:service.jsonl",
                                                                         b""):
        failures.append("the service wrote no %s record: that path was not run" % schema)
if b"policy reload failed" not in outputs.get("run.stderr", b""):
    failures.append("the broken reload was not reported")
if b'"level":"debug","msg":"event accepted"' not in outputs.get("run.stderr", b""):
    failures.append("no 'event accepted' debug line: the service did not log at debug level")
# ...then that no seed is anywhere.
for name, data in sorted(outputs.items()):
    for seed in SEEDS:
        if seed.encode() in data:
            i = data.index(seed.encode())
            failures.append("%s holds the seeded value %r: ...%r..." % (
                name, seed, data[max(0, i - 80):i + len(seed) + 20]))
print("secret hygiene: %d outputs checked (%d bytes) for %d seeded values" % (
    len(outputs), sum(len(v) for v in outputs.values()), len(SEEDS)))
for f in failures:
    print("FAIL:", f)
if failures and os.environ.get("BULWARK_HYGIENE_DUMP"):  # every output, to debug a failure
    os.makedirs(os.environ["BULWARK_HYGIENE_DUMP"], exist_ok=True)
    for name, data in outputs.items():
        with open(os.path.join(os.environ["BULWARK_HYGIENE_DUMP"], name.replace("/", "_")),
                  "wb") as f:
            f.write(data)
sys.exit(1 if failures else 0)
