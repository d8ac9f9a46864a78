#!/usr/bin/env bash
# Should the runtime's own date-time, base64 and percent-encoding give way to
# `aws-smithy-types` (its DateTime and base64) and `percent-encoding`?
#
# 1. Build cost, both ways: scratch crates that use the runtime with no
#    feature and with `aws`, each built from clean (debug, not incremental)
#    with and without those crates added; and the runtime crate alone rebuilt
#    (the most that dropping our modules could save).
# 2. Behaviour: the runtime's date-time and base64 test vectors run through
#    `aws-smithy-types`, printing every input on which the two disagree.
#
# Usage: bench/deps.sh
set -euo pipefail
export CARGO_INCREMENTAL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/bench/deps"
mkdir -p "$OUT"
ST_VERSION=$(grep -A1 '^name = "aws-smithy-types"$' "$ROOT/Cargo.lock" | sed -n 's/version = "\(.*\)"/\1/p')
PE_VERSION=$(grep -A1 '^name = "percent-encoding"$' "$ROOT/Cargo.lock" | sed -n 's/version = "\(.*\)"/\1/p')

scratch() { # name, runtime features, extra dependency lines
  local dir="$OUT/$1"
  rm -rf "$dir" && mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<EOF
[package]
name = "scratch-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
smithy-runtime = { path = "$ROOT/runtime", features = [$2] }
$3

[workspace]
EOF
  echo 'fn main() {}' > "$dir/src/main.rs"
  "$ROOT/bench/use-workspace-lock.sh" "$dir"
}

measure() { # label, name
  local dir="$OUT/$2"
  rm -rf "$dir/target"
  (cd "$dir" && cargo fetch -q --locked && /usr/bin/time -f '%e %M' -o "$dir/time.txt" cargo build -q --locked --offline)
  read -r s k < "$dir/time.txt"
  local crates
  crates=$(cd "$dir" && cargo tree --locked --offline -e normal --prefix none | sort -u | wc -l)
  printf '%-52s %7.2f s %6d MB %4d crates\n' "$1" "$s" "$((k / 1024))" "$crates"
}

alone() { # label, name: the runtime crate rebuilt alone (dependencies built)
  local dir="$OUT/$2"
  (cd "$dir" && cargo clean -q --offline -p smithy-runtime && cargo clean -q --offline -p "scratch-$2" &&
    /usr/bin/time -f '%e %M' -o "$dir/time.txt" cargo build -q --locked --offline)
  read -r s k < "$dir/time.txt"
  printf '%-52s %7.2f s %6d MB\n' "$1" "$s" "$((k / 1024))"
}

SHARED="aws-smithy-types = { version = \"$ST_VERSION\", default-features = false }
percent-encoding = \"$PE_VERSION\""
scratch own "" ""
scratch own-shared "" "$SHARED"
scratch aws '"aws"' ""
scratch aws-shared '"aws"' "$SHARED"

echo "== build from clean (debug), twice each"
for _ in 1 2; do
  measure "runtime, no feature" own
  measure "runtime, no feature + aws-smithy-types, percent-enc." own-shared
  measure "runtime, aws" aws
  measure "runtime, aws + aws-smithy-types, percent-enc." aws-shared
done
echo "== the runtime crate alone, rebuilt (its dependencies built)"
for _ in 1 2; do
  alone "runtime crate, no feature" own
  alone "runtime crate, aws" aws
done

echo "== behaviour: the runtime's vectors through aws-smithy-types"
scratch diff "" "aws-smithy-types = { version = \"$ST_VERSION\", default-features = false }"
cp "$ROOT/bench/deps-diff.rs" "$OUT/diff/src/main.rs"
(cd "$OUT/diff" && cargo run -q --locked)
