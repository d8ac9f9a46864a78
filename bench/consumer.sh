#!/usr/bin/env bash
# What an application pays on top of the generated crate: builds
# bench/consumer (StartChatContact through the client over an in-process
# transport) against this checkout's generated `connect`, the program alone
# (the crate and every dependency built first, not measured), debug, not
# incrementally, N times (default 2). Machine code for the crate's generic
# and `#[inline]` functions is made here, for what the program reaches.
# Usage: [N=runs] bench/consumer.sh
set -euo pipefail
export CARGO_INCREMENTAL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench}/consumer
mkdir -p "$WORK/src"
sed "s|@ROOT@|$ROOT|" "$ROOT/bench/consumer/Cargo.toml.in" > "$WORK/Cargo.toml"
cp "$ROOT/bench/consumer/main.rs" "$WORK/src/main.rs"
"$ROOT/bench/use-workspace-lock.sh" "$WORK"
export CARGO_TARGET_DIR=$WORK/target
(cd "$WORK" && cargo build --quiet --locked)
(cd "$WORK" && cargo run --quiet --locked)
for _ in $(seq "${N:-2}"); do
  (cd "$WORK" && cargo clean --quiet -p consumer &&
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" cargo build --quiet --locked)
  read -r secs kb < "$WORK/time.txt"
  printf '%-46s %8.2f s %8.0f MB\n' "build the one-operation program (bin only)" "$secs" "$((kb / 1024))"
done
