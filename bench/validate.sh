#!/usr/bin/env bash
# validate() of a full StartChatContact request, next to botocore's ParamValidator, in one run.
# Usage: bench/validate.sh   (installs botocore into a virtualenv under target/ the first time)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=$ROOT/target/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet botocore==1.42.96
fi
(cd "$ROOT" && cargo bench --quiet --locked -p connect-tests --bench validate)
"$VENV/bin/python" "$ROOT/bench/botocore_validate.py"
