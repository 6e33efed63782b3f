#!/usr/bin/env bash
# Installs the Debian 12 packages unstuck builds and tests with, when any is missing. Quiet when all are present.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config ca-certificates tzdata openssl libssl-dev
  libboost-dev libpoco-dev libspdlog-dev libfmt-dev libsimdjson-dev libhowardhinnant-date-dev libcli11-dev
  libsqlite3-dev libpq-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  postgresql python3-pytest
  prometheus-cpp-dev wrk python3-jsonschema python3-yaml
  clang libclang-rt-14-dev
  chromium
)
# npm for the dashboard's browser tests, unless node brings its own.
command -v npm >/dev/null || packages+=(npm)

# The dashboard's browser tests: playwright-core as tests/dashboard/package-lock.json pins it.
dashboard_npm() {
  local dir
  dir="$(dirname "$0")/../tests/dashboard"
  [[ -d "$dir/node_modules/playwright-core" ]] || (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && { dashboard_npm; exit 0; }

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
dashboard_npm
