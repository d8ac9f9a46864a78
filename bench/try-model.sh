#!/usr/bin/env bash
# Tries the generator on other restJson1 models (the README's "Tried on public
# AWS models"; CI runs it on the pinned Connect family): for each model file,
# generate a crate, check it with clippy (all features, warnings denied), run
# its tests and doctests, and round trip every operation through the client
# and the stub server with a copy of tests/tests/every_operation_round_trips.rs
# pointed at the crate. Every crate resolves with the workspace's Cargo.lock.
# Prints one line per model and step; exits non-zero if any step of any
# model failed (its output is in target/try-model/<name>.log).
# Usage: bench/try-model.sh MODEL.json...   (results under target/try-model/)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${TRY_DIR:-$ROOT/target/try-model}
export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$WORK/target
mkdir -p "$WORK"
cargo build --quiet --locked --manifest-path "$ROOT/Cargo.toml" -p xtask || exit 1
failed=0
for model in "$@"; do
  model=$(cd "$(dirname "$model")" && pwd)/$(basename "$model")
  name=$(basename "$model" .json | cut -d. -f1)
  lib=${name//-/_}
  log=$WORK/$name.log
  : > "$log"
  step() { # label, command...: runs it with its output in the log
    local label=$1; shift
    local start=$SECONDS
    if "$@" >>"$log" 2>&1; then
      printf '%-40s %-28s ok (%d s)\n' "$name" "$label" $((SECONDS - start))
    else
      printf '%-40s %-28s FAILED (%d s): see %s\n' "$name" "$label" $((SECONDS - start)) "${log#"$ROOT"/}"
      failed=1
      return 1
    fi
  }
  rm -rf "${WORK:?}/$name" "${WORK:?}/rt-$name"
  step generate "$ROOT/target/debug/xtask" generate --model "$model" --out "$WORK/$name" --crate-name "$name" || continue
  step "workspace lock" "$ROOT/bench/use-workspace-lock.sh" "$WORK/$name" || continue
  step "clippy -D warnings" bash -c "cd '$WORK/$name' && cargo clippy --quiet --locked --all-features --all-targets -- -D warnings" || continue
  step "tests and doctests" bash -c "cd '$WORK/$name' && cargo test --quiet --locked --all-features" || continue
  # The round trip: the Connect test with the crate and the model swapped in;
  # operations left out (event streams) are counted rather than failed.
  mkdir -p "$WORK/rt-$name/tests"
  cat > "$WORK/rt-$name/Cargo.toml" <<TOML
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
TOML
  sed -e "s/connect::/$lib::/g" \
      "$ROOT/tests/tests/every_operation_round_trips.rs" > "$WORK/rt-$name/tests/round_trip.rs"
  step "workspace lock (round trip)" "$ROOT/bench/use-workspace-lock.sh" "$WORK/rt-$name" || continue
  step "every operation round trips" bash -c "cd '$WORK/rt-$name' && ROUND_TRIP_MODEL='$model' cargo test --quiet --locked --test round_trip -- --nocapture" || continue
  grep -hE "operations|round trips" "$log" | sed "s/^/$name: /" || true
done
exit $failed
