#!/usr/bin/env bash
# `cargo doc --no-deps` of the generated crate next to aws-sdk-connect 1.220.0,
# in one run: time, peak memory, output size and page count; then the time of
# `cargo test --doc` (every synopsis) on the generated crate.
# Usage: bench/docs.sh   (after bench/build.sh has set up target/bench/peer)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench}
PEER=$WORK/peer
export CARGO_INCREMENTAL=0
[ -f "$PEER/Cargo.toml" ] || { echo "run bench/build.sh first (it creates $PEER)"; exit 1; }

doc() { # label, dir, crate, lib name
  local label=$1 dir=$2 crate=$3 lib=$4
  (cd "$dir" && cargo doc --quiet --locked --no-deps -p "$crate" >/dev/null 2>&1)   # warm: dependencies' metadata
  (cd "$dir" && cargo clean --quiet -p "$crate" && rm -rf "target/doc/$lib")
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$WORK/time.txt" cargo doc --quiet --locked --no-deps -p "$crate" >/dev/null 2>"$WORK/stderr.txt") || { cat "$WORK/stderr.txt"; exit 1; }
  read -r secs kb < "$WORK/time.txt"
  local size pages
  size=$(du -sb "$dir/target/doc/$lib" | cut -f1)
  pages=$(find "$dir/target/doc/$lib" -name '*.html' | wc -l)
  printf '%-40s %8.2f s %7d MB %7d MB %7d pages\n' "$label" "$secs" "$((kb / 1024))" "$((size / 1048576))" "$pages"
}

echo "== cargo doc --no-deps ($(nproc) cores, $(date -u +%Y-%m-%d)): time, peak memory, output size, pages"
doc "generated connect" "$ROOT" connect connect
doc "aws-sdk-connect $(sed -n 's/^aws-sdk-connect = "=\(.*\)"$/\1/p' "$ROOT/bench/peer/Cargo.toml.in")" "$PEER" aws-sdk-connect aws_sdk_connect

echo "== the heaviest pages"
for page in "$ROOT/target/doc/connect/trait.Connect.html" "$PEER/target/doc/aws_sdk_connect/client/struct.Client.html"; do
  printf '%-70s %6d KB\n' "${page#"$ROOT"/}" "$(( $(stat -c %s "$page") / 1024 ))"
done

echo "== cargo test --doc -p connect (merged doctests; the crate already built)"
(cd "$ROOT" && cargo test --quiet --locked --doc -p connect >/dev/null 2>&1)
(cd "$ROOT" && touch generated/connect/src/lib.rs && /usr/bin/time -f '%e %M' -o "$WORK/time.txt" cargo test --locked --doc -p connect >"$WORK/doctest.txt" 2>&1)
read -r secs kb < "$WORK/time.txt"
printf '%-40s %8.2f s %7d MB\n' "cargo test --doc -p connect" "$secs" "$((kb / 1024))"
grep -E '^(test result|all doctests|running)' "$WORK/doctest.txt" || true
