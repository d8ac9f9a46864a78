#!/usr/bin/env bash
# Builds the generated `connect` crate of an older commit and of this
# checkout alternately (N times each), crate only, dependencies already built,
# not incrementally: whether a change made the Connect crate dearer to build.
# Usage: [N=pairs] bench/ab-build.sh COMMIT   (N defaults to 2)
set -euo pipefail
export CARGO_INCREMENTAL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OLD=${BENCH_DIR:-$ROOT/target/bench}/ab-old
rm -rf "$OLD" && git -C "$ROOT" worktree add -f -q "$OLD" "$1"
trap 'git -C "$ROOT" worktree remove --force "$OLD"' EXIT
(cd "$OLD" && CARGO_TARGET_DIR="$OLD-target" cargo build -q --locked -p connect)
(cd "$ROOT" && cargo build -q --locked -p connect)
m() { # label dir target
  (cd "$2" && CARGO_TARGET_DIR=$3 cargo clean -q -p connect &&
    CARGO_TARGET_DIR=$3 /usr/bin/time -f '%e %M' -o "$ROOT/target/ab-time.txt" cargo build -q --locked -p connect)
  read -r s k < "$ROOT/target/ab-time.txt"
  printf '%-10s %7.2f s %6d MB\n' "$1" "$s" "$((k / 1024))"
}
for _ in $(seq "${N:-2}"); do
  m "$1" "$OLD" "$OLD-target"
  m "this" "$ROOT" "$ROOT/target"
done
