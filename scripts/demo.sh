#!/usr/bin/env bash
# The main job: installs what is missing, builds the release preset, and sweeps the demo orders in
# samples/demo/ (replay carrier, outbox backend, SQLite store). State goes to build/release/demo/; run it
# again and it files nothing new. `rm -rf build/release/demo` starts over.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
mkdir -p build/release/demo

# Plugin folders in samples/demo/unstuck.json (replay responses, outbox) resolve against the working folder,
# the store and evidence paths against the config's: both are samples/demo.
cd samples/demo
status=0
../../build/release/bin/unstuck --config unstuck.json sweep --orders orders.jsonl --now 2024-07-16T20:00:00Z ||
  status=$?
echo
echo "Dispute packets, one folder each (README.txt says how to file it): build/release/demo/outbox/"
echo "Every dispute in the store: build/release/bin/unstuck --config samples/demo/unstuck.json disputes"
exit "$status"
