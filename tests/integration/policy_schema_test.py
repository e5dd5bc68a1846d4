#!/usr/bin/python3
"""The JSON Schema of the policy format accepts every shipped policy document and rejects the
classic mistakes. Usage: policy_schema_test.py SOURCE_DIR"""
import glob
import os
import sys

import jsonschema
import yaml

src = sys.argv[1]
with open(os.path.join(src, "policies/schema/policy.schema.json")) as f:
    schema = yaml.safe_load(f)
validator = jsonschema.Draft202012Validator(schema)
passed = failed = 0


def check(name, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name)


docs = 0
for path in sorted(glob.glob(os.path.join(src, "policies/*.yaml"))):
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if doc is None:
                continue
            docs += 1
            errors = [e.message for e in validator.iter_errors(doc)]
            check(f"{path}: {errors}", not errors)
check("shipped policies found", docs >= 5)

base = {"apiVersion": "bulwark/v1", "kind": "Policy", "name": "p",
        "detectors": [{"id": "d", "regex": "x"}],
        "rules": [{"id": "r", "when": "d", "action": "block"}]}
check("minimal policy is valid", validator.is_valid(base))
bad = [
    ("unknown top-level key", {**base, "colour": "red"}),
    ("unknown action", {**base, "rules": [{"id": "r", "when": "d", "action": "deny"}]}),
    ("unknown validator", {**base, "detectors": [{"id": "d", "regex": "x", "validator": "lunh"}]}),
    ("regex and keywords", {**base, "detectors": [{"id": "d", "regex": "x", "keywords": ["y"]}]}),
    ("bad name", {**base, "name": "pci dss"}),
    ("policy without rules", {k: v for k, v in base.items() if k != "rules"}),
    ("condition with two kinds", {**base, "rules": [{"id": "r", "action": "block",
                                                     "when": {"detector": "d", "any": ["d"]}}]}),
]
for name, doc in bad:
    check(f"schema rejects: {name}", not validator.is_valid(doc))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
