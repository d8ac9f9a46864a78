#!/usr/bin/env bash
# Tries the generator on other restJson1 models (the README's "Tried on public
# AWS models"): for each model file, generate a crate, check it with clippy
# (all features, warnings denied), run its doctests, and round trip every
# operation through the client and the stub server with a copy of
# tests/tests/every_operation_round_trips.rs pointed at the crate.
# Usage: bench/try-model.sh MODEL.json...   (results under target/try-model/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TRY_DIR:-$ROOT/target/try-model}
export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$WORK/target
mkdir -p "$WORK"
cargo build --quiet --locked --manifest-path "$ROOT/Cargo.toml" -p xtask
for model in "$@"; do
  model=$(cd "$(dirname "$model")" && pwd)/$(basename "$model")
  name=$(basename "$model" .json | cut -d. -f1)
  lib=${name//-/_}
  echo "== $name"
  rm -rf "${WORK:?}/$name" "${WORK:?}/rt-$name"
  "$ROOT/target/debug/xtask" generate --model "$model" --out "$WORK/$name" --crate-name "$name"
  "$ROOT/bench/use-workspace-lock.sh" "$WORK/$name"
  (cd "$WORK/$name" && cargo clippy --quiet --locked --all-features --all-targets -- -D warnings)
  (cd "$WORK/$name" && cargo test --quiet --locked --all-features 2>&1 | grep -E "^test result" | tail -1)
  # The round trip: the Connect test with the crate and the model swapped in;
  # operations left out (event streams) are reported rather than failed.
  mkdir -p "$WORK/rt-$name/tests"
  cat > "$WORK/rt-$name/Cargo.toml" <<EOF
[package]
name = "rt-$name"
version = "0.1.0"
edition = "2024"
publish = false
[workspace]
[dependencies]
connect-tests = { path = "$ROOT/tests" }
codegen = { path = "$ROOT/codegen" }
serde_json = "1"
$lib = { package = "$name", path = "$WORK/$name", features = ["server"] }
EOF
  sed -e "s/connect::/$lib::/g" \
      -e "s|let Some(path) = connect_tests::pinned_model() else { return };|let path = std::path::PathBuf::from(\"$model\");|" \
      -e 's|assert_eq!(driver.visited, driver.operations.len(), "visit_all visits every operation of the model");|eprintln!("{} of {} operations generated", driver.visited, driver.operations.len());|' \
      -e 's|assert!(driver.rejected_unknown > 0);||' \
      "$ROOT/tests/tests/every_operation_round_trips.rs" > "$WORK/rt-$name/tests/round_trip.rs"
  "$ROOT/bench/use-workspace-lock.sh" "$WORK/rt-$name"
  (cd "$WORK/rt-$name" && cargo test --quiet --locked --test round_trip -- --nocapture 2>&1 | grep -E "operations|round trips|case [0-9]|^  |^\{|instead of|^test result" || true)
done
