#!/usr/bin/env bash
# StartChatContact on the wire, in one run: our generated client (request
# serialization, response parsing, whole client call) next to the whole call
# made with the published aws-sdk-connect. Both go through an in-process HTTP
# layer that returns a canned 200 response: no network is involved.
# Usage: bench/wire.sh   (the first run downloads and builds aws-sdk-connect in
# release mode, which takes several minutes; later runs reuse that build)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
INPUT=$ROOT/tests/benches/start_chat_contact_full.json
PEER=$ROOT/target/bench/wire-peer
# Its own target dir: bench/build.sh cleans and rebuilds aws-sdk-connect (debug)
# in target/bench/peer/target, which must not invalidate this release build.
PEER_TARGET=$ROOT/target/bench/wire-target

echo "== StartChatContact, every member set, canned response (in-process, no network); $(nproc) cores, $(date -u +%Y-%m-%d)"
(cd "$ROOT" && cargo bench --quiet --locked -p connect-tests --bench wire)

# The peer program: copy the template and its pinned dependencies.
mkdir -p "$PEER/src"
cp "$ROOT/bench/wire-peer/Cargo.toml.in" "$PEER/Cargo.toml"
cp "$ROOT/bench/wire-peer/Cargo.lock" "$PEER/Cargo.lock"
cp "$ROOT/bench/wire-peer/main.rs" "$PEER/src/main.rs"
(cd "$PEER" && CARGO_TARGET_DIR=$PEER_TARGET cargo build --quiet --locked --release)
"$PEER_TARGET/release/wire-peer" "$INPUT"
