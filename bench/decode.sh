#!/usr/bin/env bash
# The generated client's read of a response body against serde_json::Value
# on the same bytes, over adversarial shapes and real responses (release).
# Usage: bench/decode.sh [text: only the shapes whose name holds it]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --locked -p connect-tests --bench decode -- "$@"
