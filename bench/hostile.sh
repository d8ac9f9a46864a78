#!/usr/bin/env bash
# The stub server's time and answer size for hostile requests, by size (release build).
# Usage: bench/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --locked -p connect-tests --bench hostile
