#!/usr/bin/env bash
# How much of `git diff generated/` a model change produces: generates the
# crate from the older pinned Connect model, commits it in a scratch git
# repository, generates it from the current pin over it, and prints
# `git diff --stat`'s summary; then the time of `cargo xtask diff` between
# the two models. Both models are copied under one file name first, so the
# files' `@generated` headers are the same for both.
# Usage: bench/model-diff.sh   (after `cargo xtask fetch-model`)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/target/bench}/model-diff
rm -rf "$WORK"
mkdir -p "$WORK/old" "$WORK/new" "$WORK/repo"
cp "$ROOT/models/.cache/connect-2017-08-08.2025-04-02.json" "$WORK/old/connect.json"
cp "$ROOT/models/.cache/connect-2017-08-08.json" "$WORK/new/connect.json"
cd "$ROOT" && cargo build --quiet --locked -p xtask
XTASK=$ROOT/target/debug/xtask
cd "$WORK/repo"
git init --quiet
"$XTASK" generate --model "$WORK/old/connect.json" --out "$WORK/repo/connect" 2>/dev/null | tail -1
git add -A && git -c user.email=bench@example.invalid -c user.name=bench commit --quiet -m old
"$XTASK" generate --model "$WORK/new/connect.json" --out "$WORK/repo/connect" 2>/dev/null | tail -1
git add -A
echo "git diff --stat (old -> new model): $(git diff --cached --stat | tail -1)"
echo "of which changed files that existed before: $(git diff --cached --stat --diff-filter=M | tail -1)"
echo "cargo xtask diff (old -> new model), 5 runs:"
for _ in 1 2 3 4 5; do
  /usr/bin/time -f '  %e s %M KB' "$XTASK" diff "$WORK/old/connect.json" "$WORK/new/connect.json" >/dev/null
done
