#!/usr/bin/env bash
# Side-by-side build benchmark of Voice ID (awsJson1_0, 29 operations), one
# run on one machine, like bench/build.sh for Connect:
#   - generating the Voice ID crate from the pinned model into an empty
#     folder (wall time, peak memory; debug xtask);
#   - building the generated `voice-id` crate alone (debug, dependencies
#     already built, not incremental), with default features and with
#     --all-features;
#   - building `aws-sdk-voiceid` (the published crate, version pinned in
#     bench/peer-voiceid/Cargo.toml.in) alone, the same way;
#   - lines of Rust of each, in all and per operation.
# Each round builds ours, the peer, ours with all features, in that order;
# every measured build follows `cargo clean -p <crate>`.
# Usage: [N=rounds] bench/build-voiceid.sh   (N defaults to 1; downloads
#   aws-sdk-voiceid from the package registry the first time;
#   work folder ${BENCH_DIR:-target/bench})
set -euo pipefail
# Both crates are built the way a dependency is: not incrementally.
export CARGO_INCREMENTAL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench}
MODEL=$ROOT/models/.cache/connect-family/voice-id-2021-09-27.json
OPERATIONS=29
PEER_VERSION=$(sed -n 's/^aws-sdk-voiceid = "=\(.*\)"$/\1/p' "$ROOT/bench/peer-voiceid/Cargo.toml.in")
[ -f "$MODEL" ] || { echo "error: $MODEL is missing (pinned by models/connect-family.toml)" >&2; exit 1; }
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

measure() { # label, dir, command...
  local label=$1 dir=$2 secs kb; shift 2
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt") || { cat "$WORK/stderr.txt"; exit 1; }
  read -r secs kb < "$WORK/time.txt"
  printf '%-52s %8.2f s %8.0f MB\n' "$label" "$secs" "$((kb / 1024))"
}

# The peer: a throwaway crate depending on aws-sdk-voiceid, with its
# dependencies pinned by bench/peer-voiceid/Cargo.lock.
PEER=$WORK/peer-voiceid
mkdir -p "$PEER/src"
cp "$ROOT/bench/peer-voiceid/Cargo.toml.in" "$PEER/Cargo.toml"
cp "$ROOT/bench/peer-voiceid/Cargo.lock" "$PEER/Cargo.lock"
: > "$PEER/src/lib.rs"
# Ours, generated below into an empty folder, resolved with the workspace's
# Cargo.lock, built in a target folder of its own.
OURS=$WORK/voice-id
OURS_TARGET=$WORK/voice-id-target

echo "== warming dependencies (not measured)"
(cd "$ROOT" && cargo build --quiet --locked -p xtask)
(cd "$PEER" && cargo build --quiet --locked)

echo "== measurements ($(nproc) cores, $(date -u +%Y-%m-%d), N=${N:-1})"
rm -rf "$OURS"
measure "generate Voice ID (cargo xtask generate, empty folder)" "$ROOT" \
  "$ROOT/target/debug/xtask" generate --model "$MODEL" --out "$OURS" --crate-name voice-id
"$ROOT/bench/use-workspace-lock.sh" "$OURS"
(cd "$OURS" && CARGO_TARGET_DIR=$OURS_TARGET cargo build --quiet --locked &&
  CARGO_TARGET_DIR=$OURS_TARGET cargo build --quiet --locked --all-features)

for round in $(seq "${N:-1}"); do
  (cd "$OURS" && CARGO_TARGET_DIR=$OURS_TARGET cargo clean --quiet -p voice-id)
  measure "[$round] build generated voice-id (debug, crate only)" "$OURS" \
    env CARGO_TARGET_DIR="$OURS_TARGET" cargo build --locked
  (cd "$PEER" && cargo clean --quiet -p aws-sdk-voiceid)
  measure "[$round] build aws-sdk-voiceid $PEER_VERSION (debug, crate only)" "$PEER" \
    cargo build --locked -p aws-sdk-voiceid
  (cd "$OURS" && CARGO_TARGET_DIR=$OURS_TARGET cargo clean --quiet -p voice-id)
  measure "[$round] build generated voice-id --all-features" "$OURS" \
    env CARGO_TARGET_DIR="$OURS_TARGET" cargo build --locked --all-features
done

peer_src=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -mindepth 2 -maxdepth 2 -type d \
  -name "aws-sdk-voiceid-$PEER_VERSION" -print -quit)
[ -n "$peer_src" ] || { echo "error: aws-sdk-voiceid-$PEER_VERSION's source not found" >&2; exit 1; }
ours=$(find "$OURS/src" -name '*.rs' -exec cat {} + | wc -l)
theirs=$(find "$peer_src/src" -name '*.rs' -exec cat {} + | wc -l)
printf '%-52s %8d lines, %5d per operation\n' "generated voice-id" "$ours" "$((ours / OPERATIONS))"
printf '%-52s %8d lines, %5d per operation\n' "aws-sdk-voiceid $PEER_VERSION" "$theirs" "$((theirs / OPERATIONS))"
