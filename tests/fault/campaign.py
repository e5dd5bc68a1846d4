#!/usr/bin/python3
"""Fault injection, counted by offsets. The service (`bulwark run`) consumes a 4-partition topic
of a real Kafka-protocol broker (`bulwark broker`, librdkafka's mock cluster, in its own
process) while faults are injected, and after each fault the records written are checked
against the topic: every offset published so far has a record (lost must be 0); duplicates
(at-least-once redelivery of the uncommitted window) are counted.

  kill9    ITERATIONS rounds: a batch is published at a steady rate and the service is killed
           with SIGKILL at a random moment, cycling through four situations: mid-stream, during
           a rebalance (a second member joining), during a SIGHUP reload, and while its sink is
           failing (disk full: retrying, commits stopped). Then it restarts.
  broker   the source broker goes down for a few seconds mid-stream, then comes back.
  kafka    the Kafka sink's broker (a second broker) goes away and comes back; every record
           must reach its topic.
  disk     the JSON Lines sink's file fails under the service (LD_PRELOAD failing_io.so): disk
           full, short writes, fsync failures, each for a while; no torn line, nothing lost.

Usage: campaign.py BULWARK_BINARY SOURCE_DIR FAILING_IO_SO [--iterations N] [--seed S]
       [--only SCENARIO,...]
Prints one line per scenario: iterations, events, lost, duplicates. Exits 1 on any loss."""
import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("bin")
ap.add_argument("src")
ap.add_argument("failing_io")
ap.add_argument("--iterations", type=int, default=20)
ap.add_argument("--seed", type=int, default=int(os.environ.get("BULWARK_FAULT_SEED", "1")))
ap.add_argument("--only", default="kill9,broker,kafka,disk")
args = ap.parse_args()
BIN, SRC = args.bin, os.path.abspath(args.src)
rng = random.Random(args.seed)
KEY_ID = "bulwark-sample-test-only"
KEY = "%s=%s/samples/keys/%s.key.pem,%s/samples/keys/%s.cert.pem" % (KEY_ID, SRC, KEY_ID, SRC,
                                                                      KEY_ID)
CLIENT_STATE = "sample-client-state-TEST-ONLY"
T = tempfile.mkdtemp(prefix="bulwark-fault-")
procs = []
results = []
failures = []


def log(*a):
    print(*a, flush=True)


def spawn(argv, out, err, env=None):
    p = subprocess.Popen(argv, stdout=open(out, "ab"), stderr=open(err, "ab"), env=env)
    procs.append(p)
    return p


def start_broker(name, topics):
    out = os.path.join(T, name + ".out")
    p = spawn([BIN, "broker", "--partitions", "4"] + sum((["--topic", t] for t in topics), []),
              out, os.path.join(T, name + ".err"))
    deadline = time.time() + 20
    while time.time() < deadline:
        with open(out) as f:
            for line in f:
                if line.startswith("bootstrap: "):
                    return p, line.split()[1]
        time.sleep(0.1)
    sys.exit("broker %s did not start" % name)


def wait_until(seconds, cond):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if cond():
            return True
        time.sleep(0.2)
    return cond()


def positions(paths):
    """Distinct (partition, offset) of the records in `paths`, their count, torn lines."""
    seen, lines, torn = set(), 0, 0
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            for raw in f:
                lines += 1
                try:
                    s = json.loads(raw)["source"]
                    seen.add((s["partition"], int(s["offset"])))
                except (ValueError, KeyError):
                    torn += 1
    return seen, lines, torn


def config(name, topic, group, sink, extra_sinks="", fsync=False):
    path = os.path.join(T, name + ".yaml")
    with open(path, "w") as f:
        f.write(f"""policies: [{T}/policies]
keys: []
client_state_env: BULWARK_SAMPLE_CLIENT_STATE
source:
  bootstrap_servers: "{BOOT}"
  topic: {topic}
  consumer_group: {group}
  properties: {{session.timeout.ms: "6000", heartbeat.interval.ms: "500", max.poll.interval.ms: "20000"}}
sinks:
  - {{type: jsonl, path: {sink}, fsync: {"true" if fsync else "false"}}}
{extra_sinks}workers: 2
metrics: {{listen: "127.0.0.1:0"}}
shutdown_timeout_seconds: 10
log_level: info
""")
    return path


def run_service(name, cfg, env_extra=None):
    env = dict(os.environ, BULWARK_SAMPLE_CLIENT_STATE=CLIENT_STATE,
               BULWARK_CACHE_DIR=os.path.join(T, "cache"))
    env.update(env_extra or {})
    return spawn([BIN, "run", "--config", cfg, "--key", KEY], os.path.join(T, name + ".stdout"),
                 os.path.join(T, name + ".log"), env)


def publish(topic, capture, rate=None, boot=None):
    argv = [BIN, "publish", "--brokers", boot or BOOT, "--topic", topic, capture]
    if rate:
        argv += ["--rate", str(rate)]
    return spawn(argv, os.path.join(T, "publish.out"), os.path.join(T, "publish.err"))


def stop(p, sig=signal.SIGTERM, timeout=30):
    if p.poll() is None:
        p.send_signal(sig)
    try:
        return p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        return p.wait()


def report(scenario, iterations, events, seen, lines, torn, note=""):
    lost = events - len(seen)
    dups = lines - len(seen) - torn
    results.append((scenario, iterations, events, lost, dups, torn))
    log("%-8s iterations %3d  events %5d  lost %d  duplicates %4d  torn lines %d  %s" % (
        scenario, iterations, events, lost, dups, torn, note))
    if lost != 0 or torn != 0:
        failures.append("%s: %d lost, %d torn lines" % (scenario, lost, torn))


try:
    os.chmod(os.path.join(SRC, "samples/keys", KEY_ID + ".key.pem"), 0o600)
    subprocess.run(["cp", "-r", os.path.join(SRC, "policies"), os.path.join(T, "policies")],
                   check=True)
    # Distinct encrypted messages, one notification per event.
    msgs = [json.loads(l) for l in open(os.path.join(SRC, "samples/chat/messages.jsonl"))]
    plain = os.path.join(T, "messages.jsonl")
    with open(plain, "w") as f:
        for i in range(1200):
            m = dict(msgs[i % len(msgs)])
            m["id"] = str(1810000000000 + i)
            f.write(json.dumps(m) + "\n")
    capture = os.path.join(T, "capture.jsonl")
    subprocess.run([BIN, "simulate", "--cert", "%s/samples/keys/%s.cert.pem" % (SRC, KEY_ID),
                    "--cert-id", KEY_ID, "--client-state", CLIENT_STATE, "--out", capture, plain],
                   check=True)
    events_all = open(capture).read().splitlines()

    def batch_file(name, first, count):
        path = os.path.join(T, "in-" + name + ".jsonl")
        with open(path, "w") as f:
            f.write("\n".join(events_all[first:first + count]) + "\n")
        return path

    broker, BOOT = start_broker("broker", ["kill9", "outage", "kafka", "disk"])
    scenarios = args.only.split(",")

    # --- kill -9 at random moments ---------------------------------------------------------
    if "kill9" in scenarios:
        fault = os.path.join(T, "kill9.fault")
        open(fault, "w").write("none")
        out_a, out_b = os.path.join(T, "kill9-a.jsonl"), os.path.join(T, "kill9-b.jsonl")
        cfg_a = config("kill9-a", "kill9", "g-kill9", out_a)
        cfg_b = config("kill9-b", "kill9", "g-kill9", out_b)
        shim = {"LD_PRELOAD": args.failing_io, "BULWARK_FAULT_PATH": out_a,
                "BULWARK_FAULT_CONTROL": fault}
        a = run_service("kill9-a", cfg_a, shim)
        published = 0
        situations = ["mid-stream", "rebalance", "reload", "sink-retrying"]
        for i in range(args.iterations):
            situation = situations[i % len(situations)]
            n = 40
            pub = publish("kill9", batch_file("kill9-%d" % i, published, n), rate=100)
            published += n
            time.sleep(rng.uniform(0.1, 0.4))  # into the batch
            b = None
            if situation == "rebalance":
                b = run_service("kill9-b", cfg_b)
                time.sleep(rng.uniform(0.0, 1.5))
            elif situation == "reload":
                a.send_signal(signal.SIGHUP)
                time.sleep(rng.uniform(0.0, 0.3))
            elif situation == "sink-retrying":
                open(fault, "w").write("enospc")
                wait_until(10, lambda: "sink write failed" in open(os.path.join(
                    T, "kill9-a.log")).read())
                time.sleep(rng.uniform(0.0, 1.0))
            a.kill()
            a.wait()
            open(fault, "w").write("none")
            pub.wait()
            a = run_service("kill9-a", cfg_a, shim)
            if b is not None:
                # The second member leaves again once everything so far is covered.
                wait_until(90, lambda: len(positions([out_a, out_b])[0]) >= published)
                stop(b)
            if not wait_until(90, lambda: len(positions([out_a, out_b])[0]) >= published):
                failures.append("kill9 iteration %d (%s): %d of %d offsets have a record" % (
                    i, situation, len(positions([out_a, out_b])[0]), published))
                break
        stop(a)
        seen, lines, torn = positions([out_a, out_b])
        report("kill9", args.iterations, published, seen, lines, torn,
               "(" + ", ".join(situations[: min(len(situations), args.iterations)]) + ")")

    # --- the source broker goes down and comes back ----------------------------------------
    if "broker" in scenarios:
        out = os.path.join(T, "outage.jsonl")
        svc = run_service("outage", config("outage", "outage", "g-outage", out))
        n = 300
        pub = publish("outage", batch_file("outage", 0, n))
        pub.wait()
        wait_until(30, lambda: len(positions([out])[0]) > 20)
        before = len(positions([out])[0])
        broker.send_signal(signal.SIGUSR1)  # down: connections closed and refused
        time.sleep(rng.uniform(3, 6))
        broker.send_signal(signal.SIGUSR2)
        ok = wait_until(120, lambda: len(positions([out])[0]) >= n)
        alive = svc.poll() is None
        stop(svc)
        if not alive:
            failures.append("broker: the service died during the outage")
        errors = open(os.path.join(T, "outage.log")).read().count("kafka client error")
        seen, lines, torn = positions([out])
        report("broker", 1, n, seen, lines, torn,
               "(down after %d records; %d client errors logged)" % (before, errors))
        if before >= n:
            failures.append("broker: the outage came after the stream had been read")

    # --- the Kafka sink's broker goes away and comes back -----------------------------------
    if "kafka" in scenarios:
        sink_broker, sink_boot = start_broker("sink-broker", ["verdicts"])
        out = os.path.join(T, "kafka.jsonl")
        extra = '  - {type: kafka, bootstrap_servers: "%s", topic: verdicts}\n' % sink_boot
        svc = run_service("kafka", config("kafka", "kafka", "g-kafka", out, extra))
        n = 300
        pub = publish("kafka", batch_file("kafka", 0, n), rate=150)
        time.sleep(rng.uniform(0.5, 1.5))
        sink_broker.send_signal(signal.SIGUSR1)
        time.sleep(rng.uniform(3, 6))
        sink_broker.send_signal(signal.SIGUSR2)
        pub.wait()
        wait_until(120, lambda: len(positions([out])[0]) >= n)
        stop(svc)
        # What reached the sink's topic, read back from its broker.
        from confluent_kafka import Consumer
        c = Consumer({"bootstrap.servers": sink_boot, "group.id": "readback",
                      "auto.offset.reset": "earliest", "enable.auto.commit": False})
        c.subscribe(["verdicts"])
        topic_file = os.path.join(T, "kafka-topic.jsonl")
        got, deadline = 0, time.time() + 60
        with open(topic_file, "wb") as f:
            while time.time() < deadline:
                msg = c.poll(0.5)
                if msg is None:
                    if got >= n and time.time() > deadline - 50:
                        break
                    continue
                if msg.error() is None:
                    f.write(msg.value() + b"\n")
                    got += 1
        c.close()
        stop(sink_broker)
        seen, lines, torn = positions([topic_file])
        failed = open(os.path.join(T, "kafka.log")).read().count("sink write failed")
        report("kafka", 1, n, seen, lines, torn,
               "(%d failures logged; %d records read back)" % (failed, lines))

    # --- the file sink's disk fails under it ------------------------------------------------
    if "disk" in scenarios:
        fault = os.path.join(T, "disk.fault")
        open(fault, "w").write("none")
        out = os.path.join(T, "disk.jsonl")
        svc = run_service("disk", config("disk", "disk", "g-disk", out, fsync=True),
                          {"LD_PRELOAD": args.failing_io, "BULWARK_FAULT_PATH": out,
                           "BULWARK_FAULT_CONTROL": fault})
        n = 1000  # at 50/s, the stream outlasts the six fault windows
        pub = publish("disk", batch_file("disk", 0, n), rate=50)
        rounds = 0
        # Each window fails the writes for a while; the gap after it is longer than the sink's
        # retry backoff by then (0.1 + 0.2 + 0.4 + 0.8 s), so that every window is one failure
        # episode, ended by a recovery.
        for mode in ("enospc", "short", "fsync", "short"):
            time.sleep(rng.uniform(2.5, 3.0))
            open(fault, "w").write(mode)
            time.sleep(rng.uniform(1.0, 1.5))
            open(fault, "w").write("none")
            rounds += 1
        pub.wait()
        wait_until(120, lambda: len(positions([out])[0]) >= n)
        disk_log = open(os.path.join(T, "disk.log")).read()
        failed, recovered = disk_log.count("sink write failed"), disk_log.count("sink recovered")
        stop(svc)
        if failed == 0:
            failures.append("disk: no sink failure was reported: the faults did not apply")
        seen, lines, torn = positions([out])
        report("disk", rounds, n, seen, lines, torn,
               "(%d failures, %d recoveries logged; %d disk full, %d fsync EIO)" % (
                   failed, recovered, disk_log.count("No space left on device"),
                   disk_log.count("Input/output error")))
        if recovered < 2:
            failures.append("disk: only %d failure episodes: the faults did not hit writes" %
                            recovered)
finally:
    for p in procs:
        if p.poll() is None:
            p.kill()
    if failures and os.environ.get("BULWARK_FAULT_KEEP"):
        log("kept", T)
    else:
        subprocess.run(["rm", "-rf", T])

for f in failures:
    log("FAIL:", f)
sys.exit(1 if failures else 0)
