#!/usr/bin/env bash
# The main job: installs what is missing, builds the release preset, and runs the sample host.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
build/release/bin/unstuck plugins
