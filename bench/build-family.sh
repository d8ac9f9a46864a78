#!/usr/bin/env bash
# Side-by-side build benchmark of a Connect family service, one run on one
# machine, like bench/build.sh for Connect:
#   - generating its crate from the pinned model into an empty folder (wall
#     time, peak memory; debug xtask);
#   - building the generated crate alone (debug, dependencies already
#     built, not incremental), with default features and with --all-features;
#   - building the AWS SDK's crate (the published crate, version pinned in
#     bench/peer-<service>/Cargo.toml.in) alone, the same way;
#   - lines of Rust of each, in all and per operation.
# Each round builds ours, the peer, ours with all features, in that order;
# every measured build follows `cargo clean -p <crate>`.
# Usage: [N=rounds] bench/build-family.sh voiceid|participant
#   (N defaults to 1; downloads the peer from the package registry the first
#   time; work folder ${BENCH_DIR:-target/bench})
set -euo pipefail
case "${1:-}" in
  voiceid) # awsJson1_0
    TITLE="Voice ID"; FILE=voice-id-2021-09-27.json; CRATE=voice-id
    PEER_CRATE=aws-sdk-voiceid; PEER_DIR=peer-voiceid; OPERATIONS=29 ;;
  participant) # restJson1
    TITLE="Connect Participant"; FILE=connectparticipant-2018-09-07.json
    CRATE=connect-participant; PEER_CRATE=aws-sdk-connectparticipant
    PEER_DIR=peer-participant; OPERATIONS=11 ;;
  *) echo "usage: [N=rounds] $0 voiceid|participant" >&2; exit 2 ;;
esac
# Both crates are built the way a dependency is: not incrementally.
export CARGO_INCREMENTAL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench}
MODEL=$ROOT/models/.cache/connect-family/$FILE
PEER_VERSION=$(sed -n "s/^$PEER_CRATE = \"=\\(.*\\)\"\$/\\1/p" "$ROOT/bench/$PEER_DIR/Cargo.toml.in")
[ -f "$MODEL" ] || { echo "error: $MODEL is missing (pinned by models/connect-family.toml)" >&2; exit 1; }
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

measure() { # label, dir, command...
  local label=$1 dir=$2 secs kb; shift 2
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt") || { cat "$WORK/stderr.txt"; exit 1; }
  read -r secs kb < "$WORK/time.txt"
  printf '%-52s %8.2f s %8.0f MB\n' "$label" "$secs" "$((kb / 1024))"
}

# The peer: a throwaway crate depending on the SDK crate, with its
# dependencies pinned by bench/peer-<service>/Cargo.lock.
PEER=$WORK/$PEER_DIR
mkdir -p "$PEER/src"
cp "$ROOT/bench/$PEER_DIR/Cargo.toml.in" "$PEER/Cargo.toml"
cp "$ROOT/bench/$PEER_DIR/Cargo.lock" "$PEER/Cargo.lock"
: > "$PEER/src/lib.rs"
# Ours, generated below into an empty folder, resolved with the workspace's
# Cargo.lock, built in a target folder of its own.
OURS=$WORK/$CRATE
OURS_TARGET=$WORK/$CRATE-target

echo "== warming dependencies (not measured)"
(cd "$ROOT" && cargo build --quiet --locked -p xtask)
(cd "$PEER" && cargo build --quiet --locked)

echo "== measurements ($(nproc) cores, $(date -u +%Y-%m-%d), N=${N:-1})"
rm -rf "$OURS"
measure "generate $TITLE (cargo xtask generate, empty folder)" "$ROOT" \
  "$ROOT/target/debug/xtask" generate --model "$MODEL" --out "$OURS" --crate-name "$CRATE"
"$ROOT/bench/use-workspace-lock.sh" "$OURS"
(cd "$OURS" && CARGO_TARGET_DIR=$OURS_TARGET cargo build --quiet --locked &&
  CARGO_TARGET_DIR=$OURS_TARGET cargo build --quiet --locked --all-features)

for round in $(seq "${N:-1}"); do
  (cd "$OURS" && CARGO_TARGET_DIR=$OURS_TARGET cargo clean --quiet -p "$CRATE")
  measure "[$round] build generated $CRATE (debug, crate only)" "$OURS" \
    env CARGO_TARGET_DIR="$OURS_TARGET" cargo build --locked
  (cd "$PEER" && cargo clean --quiet -p "$PEER_CRATE")
  measure "[$round] build $PEER_CRATE $PEER_VERSION (debug, crate only)" "$PEER" \
    cargo build --locked -p "$PEER_CRATE"
  (cd "$OURS" && CARGO_TARGET_DIR=$OURS_TARGET cargo clean --quiet -p "$CRATE")
  measure "[$round] build generated $CRATE --all-features" "$OURS" \
    env CARGO_TARGET_DIR="$OURS_TARGET" cargo build --locked --all-features
done

peer_src=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -mindepth 2 -maxdepth 2 -type d \
  -name "$PEER_CRATE-$PEER_VERSION" -print -quit)
[ -n "$peer_src" ] || { echo "error: $PEER_CRATE-$PEER_VERSION's source not found" >&2; exit 1; }
ours=$(find "$OURS/src" -name '*.rs' -exec cat {} + | wc -l)
theirs=$(find "$peer_src/src" -name '*.rs' -exec cat {} + | wc -l)
printf '%-52s %8d lines, %5d per operation\n' "generated $CRATE" "$ours" "$((ours / OPERATIONS))"
printf '%-52s %8d lines, %5d per operation\n' "$PEER_CRATE $PEER_VERSION" "$theirs" "$((theirs / OPERATIONS))"
