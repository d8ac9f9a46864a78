#!/usr/bin/env bash
# The generator on a synthetic model of 20,000 reachable structures
# (bench/synthetic_model.py): wall time and peak memory of one generation
# into an empty folder, then of a regeneration over it.
# Usage: bench/synthetic.sh [N]   (default 20000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench}/synthetic
N=${1:-20000}
mkdir -p "$WORK"
python3 "$ROOT/bench/synthetic_model.py" "$N" > "$WORK/model.json"
(cd "$ROOT" && cargo build --quiet --locked -p xtask)
rm -rf "$WORK/out"
/usr/bin/time -f "first generation: %e s, %M KB peak" "$ROOT/target/debug/xtask" generate --model "$WORK/model.json" --out "$WORK/out" | tail -1
/usr/bin/time -f "regeneration:     %e s, %M KB peak" "$ROOT/target/debug/xtask" generate --model "$WORK/model.json" --out "$WORK/out" | tail -1
