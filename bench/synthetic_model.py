#!/usr/bin/env python3
"""Writes a synthetic restJson1 Smithy model with N reachable structures, for
the generator's scaling benchmark (bench/synthetic.sh). Usage:
    bench/synthetic_model.py 20000 > /tmp/synthetic.json
Each of N/100 operations takes an input that reaches 100 structures; each
structure has documented members of several kinds (constrained strings,
ranged integers, timestamps, lists, maps, an enum) and links to the next."""
import json, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
ns = "bench.synthetic"
per_op = 100
ops = max(1, n // per_op)
shapes = {}
shapes[f"{ns}#SyntheticService"] = {
    "type": "service", "version": "2026-01-01",
    "operations": [{"target": f"{ns}#Op{i:04d}"} for i in range(ops)],
    "traits": {"aws.protocols#restJson1": {}, "smithy.api#title": "Synthetic Service",
               "smithy.api#documentation": "<p>A synthetic service for benchmarks.</p>"},
}
shapes[f"{ns}#Name"] = {"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 128}, "smithy.api#pattern": "^[A-Za-z0-9 _.-]+$"}}
shapes[f"{ns}#Count"] = {"type": "integer", "traits": {"smithy.api#range": {"min": 0, "max": 1000}}}
shapes[f"{ns}#State"] = {"type": "enum", "members": {v: {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": v}} for v in ["ACTIVE", "INACTIVE", "DELETED"]}}
shapes[f"{ns}#Tags"] = {"type": "map", "key": {"target": f"{ns}#Name"}, "value": {"target": "smithy.api#String"}}
shapes[f"{ns}#NameList"] = {"type": "list", "member": {"target": f"{ns}#Name"}, "traits": {"smithy.api#length": {"max": 50}}}
shapes[f"{ns}#NotFound"] = {"type": "structure", "members": {"Message": {"target": "smithy.api#String"}},
                            "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404}}
for o in range(ops):
    first = o * per_op
    shapes[f"{ns}#Op{o:04d}"] = {
        "type": "operation", "input": {"target": f"{ns}#Op{o:04d}Request"}, "errors": [{"target": f"{ns}#NotFound"}],
        "traits": {"smithy.api#http": {"method": "POST", "uri": f"/op{o:04d}", "code": 200},
                   "smithy.api#documentation": f"<p>Operation {o}.</p>"},
    }
    shapes[f"{ns}#Op{o:04d}Request"] = {
        "type": "structure", "traits": {"smithy.api#input": {}},
        "members": {"Id": {"target": f"{ns}#Name", "traits": {"smithy.api#required": {}}},
                    "Root": {"target": f"{ns}#S{first:05d}"}},
    }
    for i in range(first, first + per_op):
        members = {
            "Name": {"target": f"{ns}#Name", "traits": {"smithy.api#required": {}, "smithy.api#documentation": f"<p>The name of <b>S{i}</b>.</p>"}},
            "Count": {"target": f"{ns}#Count", "traits": {"smithy.api#documentation": "<p>How many.</p>"}},
            "State": {"target": f"{ns}#State"},
            "Created": {"target": "smithy.api#Timestamp"},
            "Names": {"target": f"{ns}#NameList"},
            "Tags": {"target": f"{ns}#Tags"},
        }
        if i + 1 < first + per_op:
            members["Next"] = {"target": f"{ns}#S{i + 1:05d}"}
        shapes[f"{ns}#S{i:05d}"] = {"type": "structure", "members": members,
                                    "traits": {"smithy.api#documentation": f"<p>Structure number {i}.</p>"}}
json.dump({"smithy": "2.0", "shapes": shapes}, sys.stdout)
