#!/usr/bin/python3
"""The JSON Schema editors use (policies/schema/policy.schema.json) and the loader agree: every
shipped policy, library and test document and every valid fixture is accepted, every invalid
fixture rejected, by three judges — Python jsonschema, Ajv in strict mode (ajv-cli from npm,
installed into the build tree by this test), and bulwark itself (policy lint for policies and
libraries, policy test for test documents).
Usage: policy_schema_test.py BULWARK_BINARY SOURCE_DIR NPM_CACHE_DIR"""
import atexit
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

bulwark, src, npm_cache = sys.argv[1], sys.argv[2], sys.argv[3]
schema_path = os.path.join(src, "policies/schema/policy.schema.json")
with open(schema_path) as f:
    schema = json.load(f)
validator = jsonschema.Draft202012Validator(schema)
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name, detail)


check("$id is the installed schema's file URL",
      schema["$id"] == "file:///usr/share/bulwark/policies/schema/policy.schema.json")
check("the schema is valid draft 2020-12", not list(
    jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA).iter_errors(schema)))

# Ajv, pinned; installed once per build tree (test-only, nothing of it is committed).
AJV_VERSION = "5.0.0"
ajv_dir = os.path.join(npm_cache, "ajv-cli-" + AJV_VERSION)
ajv = os.path.join(ajv_dir, "node_modules/.bin/ajv")
if not os.path.exists(ajv):
    os.makedirs(ajv_dir, exist_ok=True)
    r = subprocess.run(["npm", "install", "--prefix", ajv_dir, "--no-audit", "--no-fund",
                        "--loglevel=error", "ajv-cli@" + AJV_VERSION], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        check("npm install ajv-cli", False)
        sys.exit(1)
r = subprocess.run([ajv, "compile", "--spec=draft2020", "--strict=true", "-s", schema_path],
                   capture_output=True, text=True)
check("Ajv compiles the schema in strict mode", r.returncode == 0, r.stdout + r.stderr)

tmp = tempfile.mkdtemp(prefix="bulwark-schema-")
atexit.register(shutil.rmtree, tmp, ignore_errors=True)


ajv_docs = []  # (name, document path, expected), judged in one Ajv run at the end


def ajv_later(name, doc, expect_valid):
    path = os.path.join(tmp, f"doc{len(ajv_docs)}.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    ajv_docs.append((name, path, expect_valid))


def ajv_judge_all():
    args = [ajv, "validate", "--spec=draft2020", "--strict=true", "-s", schema_path]
    for _, path, _ in ajv_docs:
        args += ["-d", path]
    r = subprocess.run(args, capture_output=True, text=True)
    out = r.stdout + r.stderr
    for name, path, expect_valid in ajv_docs:
        got = (path + " valid") in out.splitlines()
        if not got and (path + " invalid") not in out:
            check(f"ajv judged {name}", False, out[-2000:])
            continue
        check(f"ajv {'accepts' if expect_valid else 'rejects'}: {name}", got == expect_valid)


def loader_valid(doc):
    """bulwark's verdict: lint for policies and libraries (with the shipped libraries, so that
    references resolve), policy test (against the shipped policies) for test documents."""
    path = os.path.join(tmp, "doc.yaml")
    with open(path, "w") as f:
        yaml.safe_dump(doc, f, sort_keys=False)
    if doc.get("kind") in ("DetectorTest", "PolicyTest"):
        cmd = [bulwark, "policy", "test", "--policies", os.path.join(src, "policies"), path]
    else:
        libs = [p for p in sorted(glob.glob(os.path.join(src, "policies/*.yaml")))
                if "kind: DetectorLibrary" in open(p).read()]
        cmd = [bulwark, "policy", "lint", path] + libs
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode == 0


def judge(name, doc, expect_valid, loader=True):
    """All judges must give the expected answer (so they agree with each other)."""
    js = validator.is_valid(doc)
    errors = [e.message for e in validator.iter_errors(doc)][:3]
    check(f"jsonschema {'accepts' if expect_valid else 'rejects'}: {name}", js == expect_valid,
          errors)
    ajv_later(name, doc, expect_valid)
    if loader:
        check(f"bulwark {'accepts' if expect_valid else 'rejects'}: {name}",
              loader_valid(doc) == expect_valid)


# Every shipped document (policies, libraries, test cases): the schema accepts them. The loader
# accepts them too (lint and policy test of the shipped set run elsewhere in the suite).
docs = 0
for path in sorted(glob.glob(os.path.join(src, "policies/*.yaml")) +
                   glob.glob(os.path.join(src, "policies/tests/*.yaml"))):
    with open(path) as f:
        for i, doc in enumerate(yaml.safe_load_all(f)):
            if doc is None:
                continue
            docs += 1
            judge(f"{os.path.relpath(path, src)} document {i + 1}", doc, True, loader=False)
check("shipped documents found", docs >= 10, docs)

base = {"apiVersion": "bulwark/v1", "kind": "Policy", "name": "p",
        "detectors": [{"id": "d", "regex": "ab\\d{3}"}],
        "rules": [{"id": "r", "when": "d", "action": "block"}]}


def with_detector(**det):
    return {**base, "detectors": [{"id": "d", **det}]}


valid = [
    ("minimal policy", base),
    ("versioned policy", {**base, "version": "2.10.0"}),
    ("plugin detector with config", with_detector(plugin="se-id.personnummer",
                                                  config={"require_separator": False})),
    ("plugin detector with context and mask", with_detector(
        plugin="se-id.personnummer", context={"keywords": ["personnummer"]}, mask={"keep_end": 4})),
    ("keyword detector", with_detector(keywords=["bluebird"], case_sensitive=True)),
    ("context-required detector with acronyms only", with_detector(
        regex="\\d{3}-\\d{3}-\\d{3}", context={"acronyms": ["TIN"], "required": True})),
    ("capture by number", with_detector(regex="id: (\\d{5})", capture=1)),
    ("library", {"apiVersion": "bulwark/v1", "kind": "DetectorLibrary", "name": "lib",
                 "detectors": [{"id": "d", "keywords": ["x"]}]}),
    ("detector test", {"apiVersion": "bulwark/v1", "kind": "DetectorTest",
                       "detector": "financial.card-number",
                       "match": ["4012 8888 8888 1881",
                                 {"text": "visa 4012 8888 8888 1881", "confidence": "high"}],
                       "no_match": ["4012 8888 8888 1882"]}),
    ("policy test with message, scope and expectations", {
        "apiVersion": "bulwark/v1", "kind": "PolicyTest", "resource": "chatMessage",
        "cases": [
            {"text": "visa 4012 8888 8888 1881", "decision": "notify",
             "rules": ["pci-dss/notify-one"], "not_rules": ["pci-dss/block-bulk"],
             "detectors": {"financial.card-number": 1}},
            {"message": {"from": {"user": {"id": "u1", "displayName": "Adele Vance"}},
                         "body": {"contentType": "html", "content": "<p>hello</p>"}},
             "sender": "Adele Vance", "tenant": "t1", "decision": "allow"}]}),
]
for name, doc in valid:
    judge(name, doc, True)

invalid = [
    ("unknown top-level key", {**base, "colour": "red"}),
    ("unknown kind", {**base, "kind": "Rule"}),
    ("unknown action", {**base, "rules": [{"id": "r", "when": "d", "action": "deny"}]}),
    ("unknown validator", with_detector(regex="\\d{4}", validator="lunh")),
    ("regex and keywords", with_detector(regex="x\\d", keywords=["y"])),
    ("regex and plugin", with_detector(regex="x\\d", plugin="se-id.personnummer")),
    ("config on a regex detector", with_detector(regex="x\\d", config={"a": 1})),
    ("validator on a plugin detector", with_detector(plugin="se-id.personnummer",
                                                     validator="luhn")),
    ("capture on a keyword detector", with_detector(keywords=["x"], capture=1)),
    ("config that is not a map", with_detector(plugin="se-id.personnummer", config=[1])),
    ("bad name", {**base, "name": "pci dss"}),
    ("version that is not MAJOR.MINOR.PATCH", {**base, "version": "1.0"}),
    ("policy without rules", {k: v for k, v in base.items() if k != "rules"}),
    ("library with rules", {"apiVersion": "bulwark/v1", "kind": "DetectorLibrary", "name": "l",
                            "detectors": [{"id": "d", "keywords": ["x"]}],
                            "rules": base["rules"]}),
    ("condition with two kinds", {**base, "rules": [{"id": "r", "action": "block",
                                                     "when": {"detector": "d", "any": ["d"]}}]}),
    ("mask wider than 8", with_detector(regex="x\\d{9}", mask={"keep_end": 9})),
    ("context with neither keywords nor acronyms", with_detector(
        regex="x\\d", context={"window": 40, "required": True})),
    ("context required that is not a boolean", with_detector(
        regex="x\\d", context={"keywords": ["a"], "required": "maybe"})),
    ("detector test without a detector", {"kind": "DetectorTest", "match": ["x"]}),
    ("detector test case with an unknown key", {"kind": "DetectorTest",
                                                "detector": "financial.card-number",
                                                "match": [{"text": "x", "why": "y"}]}),
    ("policy test case without a decision", {"kind": "PolicyTest", "cases": [{"text": "x"}]}),
    ("policy test case with text and message", {
        "kind": "PolicyTest",
        "cases": [{"text": "x", "message": {"body": {"content": "y"}}, "decision": "allow"}]}),
    ("policy test case with an unknown key", {"kind": "PolicyTest",
                                              "cases": [{"text": "x", "decision": "allow",
                                                         "senders": "y"}]}),
    ("negative detector count", {"kind": "PolicyTest",
                                 "cases": [{"text": "x", "decision": "allow",
                                            "detectors": {"financial.card-number": -1}}]}),
]
for name, doc in invalid:
    judge(name, doc, False)

ajv_judge_all()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
