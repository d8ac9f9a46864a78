#!/usr/bin/env bash
# Makes the cargo workspace in DIR (a scratch crate beside the repository's
# workspace: fixture crates, try-model crates, the StartChatContact subset)
# resolve with the repository's Cargo.lock, so that no registry release can
# change what it builds: copies the lock file in, lets cargo record DIR's own
# members (`cargo update --workspace --offline` changes no registry package),
# then fails if DIR resolved any registry package the workspace's lock does
# not hold at that version. Build in DIR with `--locked` afterwards.
# Usage: bench/use-workspace-lock.sh DIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:?usage: bench/use-workspace-lock.sh DIR}
cp "$ROOT/Cargo.lock" "$DIR/Cargo.lock"
(cd "$DIR" && "${CARGO:-cargo}" update --workspace --offline --quiet)
# "name version" of every package that comes from a registry.
registry() { awk '/^\[\[package\]\]/ { n = ""; v = "" } /^name = / { n = $3 } /^version = / { v = $3 } /^source = "registry/ { print n, v }' "$1" | sort -u; }
extra=$(comm -13 <(registry "$ROOT/Cargo.lock") <(registry "$DIR/Cargo.lock"))
if [ -n "$extra" ]; then
  echo "error: $DIR needs registry packages the workspace's Cargo.lock does not pin:" >&2
  echo "$extra" | sed 's/^/  /' >&2
  echo "add them to the workspace (a dependency of a member) so that its Cargo.lock pins them" >&2
  exit 1
fi
