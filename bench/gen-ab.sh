#!/usr/bin/env bash
# Generation time and peak memory of an older commit's generator and of this
# checkout's, alternately (N rounds), with the debug `xtask` binary as
# `cargo xtask` runs it:
#   - Connect regenerated over the committed crate (nothing to write), with
#     this checkout's format cache cold (deleted first) and warm;
#   - the synthetic model (bench/synthetic_model.py 20000) into an empty
#     folder, then regenerated over it (cache warm).
# Usage: [N=rounds] bench/gen-ab.sh COMMIT   (N defaults to 3)
set -euo pipefail
export CARGO_INCREMENTAL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench}
OLD=$WORK/gen-old
mkdir -p "$WORK"
rm -rf "$OLD" && git -C "$ROOT" worktree add -f -q "$OLD" "$1"
trap 'git -C "$ROOT" worktree remove --force "$OLD"' EXIT
# The old checkout reads the same pinned files.
mkdir -p "$OLD/models" && cp -R "$ROOT/models/.cache" "$OLD/models/"
(cd "$OLD" && CARGO_TARGET_DIR="$OLD-target" cargo build -q --locked -p xtask)
(cd "$ROOT" && cargo build -q --locked -p xtask)
python3 "$ROOT/bench/synthetic_model.py" 20000 > "$WORK/synthetic.json"

m() { # label dir command...
  local label=$1 dir=$2; shift 2
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$WORK/gen-time.txt" "$@" >/dev/null)
  read -r s k < "$WORK/gen-time.txt"
  printf '%-34s %6.2f s %6d MB\n' "$label" "$s" "$((k / 1024))"
}
for _ in $(seq "${N:-3}"); do
  m "$1 connect regenerate" "$OLD" "$OLD-target/debug/xtask" generate --crate connect
  rm -rf "$ROOT/target/xtask-cache"
  m "this connect regenerate (cold)" "$ROOT" "$ROOT/target/debug/xtask" generate --crate connect
  m "this connect regenerate (warm)" "$ROOT" "$ROOT/target/debug/xtask" generate --crate connect
  for who in old this; do
    if [ $who = old ]; then dir=$OLD bin=$OLD-target/debug/xtask label=$1; else dir=$ROOT bin=$ROOT/target/debug/xtask label=this; fi
    rm -rf "$WORK/synthetic-$who"
    m "$label synthetic, empty folder" "$dir" "$bin" generate --model "$WORK/synthetic.json" --out "$WORK/synthetic-$who"
    m "$label synthetic, regenerate" "$dir" "$bin" generate --model "$WORK/synthetic.json" --out "$WORK/synthetic-$who"
  done
done
