#!/usr/bin/env python3
"""Writes a hostile restJson1 Smithy model: a chain of N structures, each
required in the one before and each beside a union that holds the next, for
the generator's robustness figure (BENCHMARKS.md, "A model nested without
end"). Usage:
    bench/chain_model.py 20000 > /tmp/chain.json
    /usr/bin/time -f '%e s %M KB' target/debug/xtask generate --model /tmp/chain.json --out /tmp/chain"""
import json, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
ns = "bench.chain"
shapes = {
    f"{ns}#ChainService": {"type": "service", "version": "2026-01-01", "operations": [{"target": f"{ns}#Walk"}],
                           "traits": {"aws.protocols#restJson1": {}}},
    f"{ns}#Walk": {"type": "operation", "input": {"target": f"{ns}#L0"},
                   "traits": {"smithy.api#http": {"method": "POST", "uri": "/", "code": 200}}},
}
for i in range(n):
    nxt = f"{ns}#L{min(i + 1, n - 1)}"
    if i + 1 < n:
        members = {"next": {"target": nxt, "traits": {"smithy.api#required": {}}}, "choice": {"target": f"{ns}#U{i}"}}
    else:
        members = {"value": {"target": "smithy.api#String"}}
    shapes[f"{ns}#L{i}"] = {"type": "structure", "members": members}
    shapes[f"{ns}#U{i}"] = {"type": "union", "members": {"deeper": {"target": nxt}}}
json.dump({"smithy": "2.0", "shapes": shapes}, sys.stdout)
