#!/usr/bin/python3
"""Scores the shipped detectors on Presidio's own recognizer test vectors.

Presidio (github.com/microsoft/presidio) tests each predefined recognizer with pytest cases:
a text, how many entities it holds and (mostly) where. This script reads those cases from a
Presidio checkout without running Presidio (the parametrize lists are read as Python literals;
cases built by code, such as IBANs with a computed checksum, are skipped and counted), runs
`bulwark explain --format json` on each text with the shipped policies plus one that counts
every mapped detector at any confidence (so that no detector is skipped for want of context),
and counts the accepted findings of the Bulwark detectors mapped to that recognizer twice: at
any confidence, and at the confidence some shipped rule asks of that detector (what the
shipped policies act on):

  TP  an expected entity overlapped by a finding     FN  an expected entity no finding overlaps
  FP  a finding that overlaps no expected entity

Recognizers Bulwark has no type for are listed with their case counts. Nothing is fetched:
pass a checkout (or an export of presidio-analyzer/tests).

Usage: scripts/presidio_vectors.py PRESIDIO_DIR [--bulwark build/bin/bulwark] [--misses]
"""
import argparse
import ast
import glob
import json
import os
import subprocess
import sys
import tempfile

# Presidio test file (test_<name>_recognizer.py) -> the Bulwark detectors of the same kind.
MAPPING = {
    "aba_routing": ["financial.aba-routing"],
    "au_abn": ["ids-apac.au-abn"],
    "au_acn": ["ids-apac.au-acn"],
    "au_medicare": ["ids-apac.au-medicare"],
    "au_tfn": ["national.au-tfn"],
    "ca_sin": ["national.ca-sin"],
    "certificate_number": ["ids-americas.us-dea"],  # Presidio's MedicalLicenseRecognizer: DEA
    "credit_card": ["financial.card-number"],
    "crypto": ["financial.bitcoin-address"],
    "de_bsnr": ["ids-eu.de-bsnr"],
    "de_fuehrerschein": ["ids-eu.de-fuehrerschein"],
    "de_handelsregister": ["ids-eu.de-handelsregister"],
    "de_health_insurance": ["ids-eu.de-kvnr"],
    "de_id_card": ["ids-eu.de-id-card"],
    "de_kfz": ["ids-eu.de-vehicle-registration"],
    "de_lanr": ["ids-eu.de-lanr"],
    "de_passport": ["national.passport"],
    "de_plz": ["contact.de-postcode"],
    "de_social_security": ["ids-eu.de-rvnr"],
    "de_tax_number": ["ids-eu.de-steuernummer"],
    "de_tax_id": ["national.de-tax-id"],
    "de_vat_id": ["ids-eu.de-vat-id"],
    "email": ["contact.email"],
    "es_nie": ["national.es-dni"],
    "es_nif": ["national.es-dni"],
    "es_passport": ["national.passport"],
    "fi_personal_identity_code": ["ids-nordics.fi-hetu"],
    "iban": ["financial.iban"],
    "in_aadhaar": ["national.in-aadhaar"],
    "in_gstin": ["ids-apac.in-gstin"],
    "in_pan": ["ids-apac.in-pan"],
    "in_passport": ["national.passport"],
    "in_vehicle_registration": ["ids-apac.in-vehicle-registration"],
    "in_voter": ["ids-apac.in-epic"],
    "ip": ["contact.ipv4", "contact.ipv6"],
    "it_driver_license": ["ids-eu.it-driver-licence"],
    "it_fiscal_code": ["national.it-codice-fiscale"],
    "it_identity_card": ["ids-eu.it-identity-card"],
    "it_passport": ["national.passport"],
    "it_vat_code": ["ids-eu.it-partita-iva"],
    "kr_passport": ["national.passport"],
    "mac": ["contact.mac-address"],
    "kr_brn": ["ids-apac.kr-brn"],
    "kr_driver_license": ["ids-apac.kr-driver-licence"],
    "kr_frn": ["ids-apac.kr-rrn"],  # the same form, G 5-8
    "kr_rrn": ["ids-apac.kr-rrn"],
    "ng_nin": ["national.ng-nin"],
    "ng_vehicle_registration": ["national.ng-vehicle-registration"],
    "phone": ["contact.phone-international", "contact.phone-national"],
    "ph_tin": ["ids-apac.ph-tin"],
    "ph_mobile_number": ["contact.phone-international", "contact.phone-national"],
    "pl_pesel": ["ids-eu.pl-pesel"],
    "se_organisationsnummer": ["ids-nordics.se-orgnr"],
    "se_personnummer": ["ids-nordics.se-personnummer"],
    "sg_fin": ["ids-apac.sg-nric"],
    "sg_uen": ["ids-apac.sg-uen"],
    "th_tnin": ["ids-apac.th-pin"],
    "tr_national_id": ["national.tr-tckn"],
    "tr_license_plate": ["national.tr-vehicle-registration"],
    "tr_phone_number": ["contact.phone-international", "contact.phone-national"],
    "uk_nhs": ["national.uk-nhs"],
    "uk_driving_licence": ["national.uk-driving-licence"],
    "uk_nino": ["national.uk-nino"],
    "uk_postcode": ["contact.uk-postcode"],
    "uk_vehicle_registration": ["national.uk-vehicle-registration"],
    "uk_passport": ["national.passport"],
    "us_bank": ["financial.us-bank-account"],
    "us_driver_license": ["national.us-driver-licence"],
    "us_itin": ["national.us-itin"],
    "us_mbi": ["ids-americas.us-mbi"],
    "us_npi": ["ids-americas.us-npi"],
    "us_passport": ["national.passport"],
    "us_ssn": ["national.us-ssn", "national.us-ssn-unformatted"],
    "za_id_number": ["national.za-id"],
}
# Test files of machinery rather than of a kind of data (models, registries, dates, URLs).
NOT_PATTERN_KINDS = {
    "ahds", "azure_ai_language", "azure_openai_langextract", "basic_langextract", "date",
    "entity", "gliner", "huggingface_ner", "lm", "medical_ner", "pattern", "spacy", "stanza",
    "transformers", "url",
}

TEXT_KEYS = ("text", "iban", "number", "gstin", "pan", "pesel", "id_number", "input_number")
POSITION_KEYS = ("expected_positions", "expected_res", "expected_position")


def literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def cases_of(path):
    """(text, expected count, expected spans or None) for each literal case; and skipped."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    out, skipped = [], 0
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize"
                and len(node.args) >= 2 and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[1], (ast.List, ast.Tuple))):
            continue
        names = [n.strip() for n in node.args[0].value.split(",")]
        text_key = next((k for k in TEXT_KEYS if k in names), None)
        count_key = next((k for k in ("expected_len", "expected", "is_verhoeff") if k in names),
                         None)
        if text_key is None or count_key is None:
            continue
        for elt in node.args[1].elts:
            if isinstance(elt, ast.Call) and getattr(elt.func, "attr", "") == "param":
                elt = ast.Tuple(elts=elt.args, ctx=ast.Load())
            values = [literal(e) for e in getattr(elt, "elts", [])]
            if len(values) != len(names):
                skipped += 1
                continue
            case = dict(zip(names, values))
            text, expected = case[text_key], case[count_key]
            if not isinstance(text, str) or not isinstance(expected, (bool, int)) or not text:
                skipped += 1
                continue
            expected = int(expected)
            spans = None
            for k in POSITION_KEYS:
                pos = case.get(k)
                if isinstance(pos, (list, tuple)) and len(pos) == 2 and all(
                        isinstance(x, int) for x in pos):
                    pos = (tuple(pos),)
                if isinstance(pos, (list, tuple)) and len(pos) == expected and all(
                        isinstance(p, (list, tuple)) and len(p) == 2 for p in pos):
                    spans = [tuple(p) for p in pos]
                    break
            out.append((text, expected, spans))
    return out, skipped


SCORING_POLICY = "peer-vector-scoring"
LEVELS = {"low": 0, "medium": 1, "high": 2}


def scoring_policy(directory):
    """A policy that makes every mapped detector count at any confidence."""
    detectors = sorted({d for ds in MAPPING.values() for d in ds})
    path = os.path.join(directory, "peer-vector-scoring.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"apiVersion: bulwark/v1\nkind: Policy\nname: {SCORING_POLICY}\n"
                "version: 1.0.0\nmode: simulate\nscope:\n  resources: [chatMessage, text]\n"
                "rules:\n  - id: any-finding\n    when:\n      any:\n")
        for d in detectors:
            f.write(f"        - {{detector: {d}, min_confidence: low}}\n")
        f.write("    action: audit\n    severity: low\n")
    return path


def rule_thresholds(node, out):
    """detector -> the lowest confidence a shipped rule condition asks of it."""
    if isinstance(node, dict):
        if "detector" in node and "min_confidence" in node:
            level = LEVELS[node["min_confidence"]]
            out[node["detector"]] = min(level, out.get(node["detector"], level))
        for v in node.values():
            rule_thresholds(v, out)
    elif isinstance(node, list):
        for v in node:
            rule_thresholds(v, out)
    return out


def findings(command, text, detectors):
    """Accepted findings of `detectors` on `text`: [(start, end, acted_on)] in code points,
    acted_on when a shipped rule counts a finding of that confidence."""
    res = subprocess.run(command, input=text.encode(), capture_output=True, check=True)
    doc = json.loads(res.stdout)
    shipped = [p for p in doc["policies"] if p["policy"] != SCORING_POLICY]
    thresholds = rule_thresholds(shipped, {})
    raw = text.encode()
    spans = {}
    for d in doc["detectors"]:
        if d["detector"] not in detectors:
            continue
        for c in d.get("candidates", []):
            if c.get("outcome") != "accepted":
                continue
            s = len(raw[:c["start"]].decode(errors="ignore"))
            e = len(raw[:c["end"]].decode(errors="ignore"))
            acted = LEVELS[c["confidence"]] >= thresholds.get(d["detector"], 3)
            spans[(s, e)] = spans.get((s, e), False) or acted
    return [(s, e, a) for (s, e), a in sorted(spans.items())]


def score(found, expected, spans):
    """(tp, fp, fn) for one case."""
    if spans is None:  # a count only
        tp = min(len(found), expected)
        return tp, len(found) - tp, expected - tp
    overlaps = lambda a, b: a[0] < b[1] and b[0] < a[1]
    tp = sum(1 for x in spans if any(overlaps(x, f) for f in found))
    fp = sum(1 for f in found if not any(overlaps(x, f) for x in spans))
    return tp, fp, len(spans) - tp


def ratio(a, b):
    return f"{a / b:.3f}" if b else "—"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("presidio")
    ap.add_argument("--bulwark", default=os.path.join(os.path.dirname(__file__), "..", "build",
                                                      "bin", "bulwark"))
    ap.add_argument("--policies", default=os.path.join(os.path.dirname(__file__), "..",
                                                       "policies"))
    ap.add_argument("--misses", action="store_true", help="list every FN and FP case")
    ap.add_argument("--only", help="comma-separated recognizers to score (default: all)")
    args = ap.parse_args()
    tests = os.path.join(args.presidio, "presidio-analyzer", "tests")
    if not os.path.isdir(tests):
        tests = args.presidio
    files = sorted(glob.glob(os.path.join(tests, "test_*_recognizer.py")))
    if not files:
        sys.exit(f"no test_*_recognizer.py under {args.presidio}")

    scratch = tempfile.TemporaryDirectory()
    command = [args.bulwark, "explain", "--format", "json", "--policies", args.policies,
               "--policies", scoring_policy(scratch.name), "-"]
    rows, uncovered, misses = [], [], []
    total = {"any": [0, 0, 0], "rules": [0, 0, 0]}
    all_cases = all_skipped = 0
    for path in files:
        kind = os.path.basename(path)[len("test_"):-len("_recognizer.py")]
        if kind in NOT_PATTERN_KINDS or (args.only and kind not in args.only.split(",")):
            continue
        cases, skipped = cases_of(path)
        seen = set()
        cases = [c for c in cases if not ((c[0], c[1]) in seen or seen.add((c[0], c[1])))]
        if kind not in MAPPING:
            uncovered.append((kind, len(cases)))
            continue
        all_cases += len(cases)
        all_skipped += skipped
        sums = {"any": [0, 0, 0], "rules": [0, 0, 0]}
        for text, expected, spans in cases:
            found = findings(command, text, set(MAPPING[kind]))
            for level, fs in (("any", found), ("rules", [f for f in found if f[2]])):
                tp, fp, fn = score([(s, e) for s, e, _ in fs], expected, spans)
                for i, v in enumerate((tp, fp, fn)):
                    sums[level][i] += v
                    total[level][i] += v
                if level == "any" and (fp or fn):
                    misses.append((kind, text, expected, len(fs)))
        rows.append((kind, ", ".join(f"`{d}`" for d in MAPPING[kind]), len(cases), skipped, sums))

    print("| Presidio recognizer | Bulwark detector | cases | TP | FP | FN | precision | recall "
          "| recall, shipped rules |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind, dets, n, skipped, s in rows:
        tp, fp, fn = s["any"]
        print(f"| {kind} | {dets} | {n} | {tp} | {fp} | {fn} | {ratio(tp, tp + fp)} "
              f"| {ratio(tp, tp + fn)} | {ratio(s['rules'][0], s['rules'][0] + s['rules'][2])} |")
    tp, fp, fn = total["any"]
    htp, _, hfn = total["rules"]
    print(f"| **all** | | {all_cases} | {tp} | {fp} | {fn} | {ratio(tp, tp + fp)} "
          f"| {ratio(tp, tp + fn)} | {ratio(htp, htp + hfn)} |")
    print()
    print(f"{all_skipped} cases built by code were skipped. Recognizers without a Bulwark type "
          f"({sum(n for _, n in uncovered)} cases): " +
          ", ".join(f"{k} ({n})" for k, n in uncovered) + ".")
    if args.misses:
        print()
        for kind, text, expected, got in misses:
            print(f"{kind}: expected {expected}, found {got}: {text!r}")


if __name__ == "__main__":
    main()
