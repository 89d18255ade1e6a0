#!/usr/bin/env python3
"""validate_sarif.py --multitool M --schema S FILE: fail unless FILE is valid SARIF 2.1.0 by the official JSON
schema and by Microsoft's SARIF Multitool with GitHub's ingestion rules ("Sarif;Gh"): no error, no warning."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

ap = argparse.ArgumentParser()
ap.add_argument("--multitool", required=True)
ap.add_argument("--schema", required=True)
ap.add_argument("file")
a = ap.parse_args()

with open(a.file) as f:
    log = json.load(f)
with open(a.schema) as f:
    schema = json.load(f)
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(log), key=lambda e: list(e.path))
for e in errors:
    print(f"schema: {'/'.join(map(str, e.path))}: {e.message}")

with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "validation.sarif")
    p = subprocess.run([a.multitool, "validate", "--rule-kind", "Sarif;Gh", "--log", "ForceOverwrite", "-o", out,
                        a.file], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0 or not os.path.exists(out):
        print(p.stdout)
        print(f"multitool: exited with {p.returncode}")
        sys.exit(1)
    with open(out) as f:
        results = json.load(f)["runs"][0].get("results", [])
# The multitool reports its findings as SARIF results; any error or warning fails (notes are advice).
bad = [r for r in results if r.get("level", "warning") in ("error", "warning")]
for r in bad:
    msg = r.get("message", {})
    print(f"multitool: {r.get('level', 'warning')} {r['ruleId']}: {msg.get('text') or msg.get('arguments')}")
if errors or bad:
    sys.exit(1)
print(f"valid SARIF: {len(log['runs'][0].get('results', []))} results, schema and multitool (Sarif;Gh) clean")
