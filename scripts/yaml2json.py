#!/usr/bin/env python3
"""Converts docs/openapi.yaml to the JSON document the server serves at /api/v1/openapi.json."""
import json
import sys

try:
    import yaml
except ImportError:
    sys.exit("yaml2json: PyYAML is missing (Debian: python3-yaml; elsewhere: pip install pyyaml)")

if len(sys.argv) != 3:
    sys.exit("usage: yaml2json.py IN.yaml OUT.json")
with open(sys.argv[1], encoding="utf-8") as f:
    doc = yaml.safe_load(f)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
