#!/usr/bin/env bash
# Builds the generated `connect` crate alone (debug, dependencies already
# built, not incrementally) with no client feature and with every one
# (`aws`, `paginators`, `server`, `serde`): what the features cost the crate.
# Usage: bench/features.sh
set -euo pipefail
export CARGO_INCREMENTAL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ALL="aws,paginators,server,serde"
cargo build -q --locked -p connect && cargo build -q --locked -p connect --features "$ALL"
m() { # label, features
  cargo clean -q -p connect
  /usr/bin/time -f '%e %M' -o target/features-time.txt cargo build -q --locked -p connect ${2:+--features "$2"}
  read -r s k < target/features-time.txt
  printf '%-40s %7.2f s %6d MB\n' "$1" "$s" "$((k / 1024))"
}
for _ in 1 2; do
  m "connect, no feature" ""
  m "connect, $ALL" "$ALL"
done
