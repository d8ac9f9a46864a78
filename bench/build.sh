#!/usr/bin/env bash
# Side-by-side build benchmark, one run on one machine:
#   - generating the Connect crate (wall time, peak memory);
#   - building the generated `connect` crate alone (debug, dependencies already built),
#     with default features and with every feature;
#   - building `aws-sdk-connect` 1.220.0 (the published crate) alone, the same way;
#   - building the StartChatContact-only subset crate alone;
#   - building a program that calls one operation, on top (bench/consumer.sh);
#   - lines of Rust per operation in each.
# Usage: bench/build.sh   (downloads aws-sdk-connect from the package registry the first time)
set -euo pipefail
# Both crates are built the way a dependency is: not incrementally (cargo never
# builds registry crates incrementally; workspace members would be otherwise).
export CARGO_INCREMENTAL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench}
PEER_VERSION=$(sed -n 's/^aws-sdk-connect = "=\(.*\)"$/\1/p' "$ROOT/bench/peer/Cargo.toml.in")
mkdir -p "$WORK"

measure() { # label, dir, command...
  local label=$1 dir=$2; shift 2
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt") || { cat "$WORK/stderr.txt"; exit 1; }
  read -r secs kb < "$WORK/time.txt"
  printf '%-46s %8.2f s %8.0f MB\n' "$label" "$secs" "$((kb / 1024))"
}

# The peer: a throwaway crate depending on aws-sdk-connect, with its
# dependencies pinned by bench/peer/Cargo.lock.
PEER=$WORK/peer
mkdir -p "$PEER/src"
cp "$ROOT/bench/peer/Cargo.toml.in" "$PEER/Cargo.toml"
cp "$ROOT/bench/peer/Cargo.lock" "$PEER/Cargo.lock"
: > "$PEER/src/lib.rs"
# The StartChatContact-only crate, resolved with the workspace's Cargo.lock.
SUBSET=$WORK/subset
cargo xtask generate --crate connect --operations StartChatContact --out "$SUBSET" --crate-name connect-start-chat >/dev/null
"$ROOT/bench/use-workspace-lock.sh" "$SUBSET"

echo "== warming dependencies (not measured)"
(cd "$PEER" && cargo build --quiet --locked)
(cd "$ROOT" && cargo build --quiet --locked -p connect -p xtask && cargo build --quiet --locked -p connect --all-features)
(cd "$SUBSET" && CARGO_TARGET_DIR=$WORK/subset-target cargo build --quiet --locked)

echo "== measurements ($(nproc) cores, $(date -u +%Y-%m-%d))"
measure "generate Connect (cargo xtask generate)" "$ROOT" "$ROOT/target/debug/xtask" generate
(cd "$ROOT" && cargo clean --quiet -p connect)
measure "build generated connect (debug, crate only)" "$ROOT" cargo build --locked -p connect
(cd "$ROOT" && cargo clean --quiet -p connect)
measure "the same with --all-features" "$ROOT" cargo build --locked -p connect --all-features
(cd "$PEER" && cargo clean --quiet -p aws-sdk-connect)
measure "build aws-sdk-connect $PEER_VERSION (debug, crate only)" "$PEER" cargo build --locked -p aws-sdk-connect
(cd "$SUBSET" && CARGO_TARGET_DIR=$WORK/subset-target cargo clean --quiet -p connect-start-chat)
measure "build StartChatContact-only crate (debug)" "$SUBSET" env CARGO_TARGET_DIR="$WORK/subset-target" cargo build --locked
# What a program calling one operation adds on top of the crate (machine code
# for the crate's `#[inline]` and generic functions it reaches is made there).
N=1 "$ROOT/bench/consumer.sh" | grep -v '^contact '

ours=$(cat "$ROOT"/generated/connect/src/*.rs "$ROOT"/generated/connect/src/*/*.rs | wc -l)
peer_src=$(find ~/.cargo/registry/src -maxdepth 1 -type d -name '*' -exec test -d '{}/aws-sdk-connect-'"$PEER_VERSION" ';' -print -quit)/aws-sdk-connect-$PEER_VERSION
theirs=$(find "$peer_src/src" -name '*.rs' -exec cat {} + | wc -l)
printf '%-46s %8d lines, %5d per operation\n' "generated connect" "$ours" "$((ours / 370))"
printf '%-46s %8d lines, %5d per operation\n' "aws-sdk-connect $PEER_VERSION" "$theirs" "$((theirs / 370))"
