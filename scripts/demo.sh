#!/usr/bin/env bash
# The main job: installs what is missing, builds the release preset, and sweeps the demo orders in
# samples/demo/ (replay carrier, outbox backend, SQLite store). State goes to build/release/demo/; run it
# again and it files nothing new. `rm -rf build/release/demo` starts over.
# `scripts/demo.sh serve` runs the service over the same config and store instead (docs/service.md), on
# 127.0.0.1:8080 with the API token `demo`, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
mkdir -p build/release/demo

# Plugin folders in samples/demo/unstuck.json (replay responses, outbox) resolve against the working folder,
# the store and evidence paths against the config's: both are samples/demo.
cd samples/demo
if [[ ${1:-} == serve ]]; then
  echo "Serving the demo on http://127.0.0.1:8080 until Ctrl-C; try:" >&2
  echo "  curl -s 127.0.0.1:8080/readyz" >&2
  echo "  curl -s -H 'Authorization: Bearer demo' 127.0.0.1:8080/v1/disputes" >&2
  UNSTUCK_SERVE_TOKEN_DEMO=demo UNSTUCK_SERVE_SCOPES_DEMO=read,write \
    exec ../../build/release/bin/unstuck --config unstuck.json serve --listen 127.0.0.1:8080 --now 2024-07-16T20:00:00Z
fi
status=0
../../build/release/bin/unstuck --config unstuck.json sweep --orders orders.jsonl --now 2024-07-16T20:00:00Z ||
  status=$?
echo
echo "Dispute packets, one folder each (README.txt says how to file it): build/release/demo/outbox/"
echo "Every dispute in the store: build/release/bin/unstuck --config samples/demo/unstuck.json disputes"
exit "$status"
