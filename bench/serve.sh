#!/usr/bin/env bash
# The served fake's latency, side by side, in one run (bench `serve` of
# connect-tests): StartChatContact through `connect::serve` beside the floor
# of the same hyper stack, and ListTagsForResource of an instance through
# `connect::serve` beside moto's server (moto, a Python fake of AWS, pinned
# below; its Connect fake answers instance and tag operations, not chats),
# every request made
# by the same generated client. Installs moto into target/moto-venv the
# first time (from the Python package registry).
# Usage: bench/serve.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MOTO_VERSION=5.2.6
VENV=target/moto-venv
if ! "$VENV/bin/python" -c "import moto, flask" 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >target/moto-server.log 2>&1 &
MOTO=$!
trap 'kill $MOTO 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  "$VENV/bin/python" -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break
  sleep 0.1
done
echo "moto $MOTO_VERSION server on 127.0.0.1:$PORT"
cargo bench --locked --quiet -p connect-tests --bench serve -- --peer "http://127.0.0.1:$PORT"
