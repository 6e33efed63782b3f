#!/usr/bin/env bash
# Fuzzes each carrier normalizer with libFuzzer (clang, AddressSanitizer, UndefinedBehaviorSanitizer) for a
# bounded time. Not part of CI; see docs/carriers.md for how to read the results.
#
#   scripts/fuzz.sh [SECONDS_PER_CARRIER] [CARRIER...]     (defaults: 60 s; ups usps fedex dhl)
#
# Builds build/fuzz/<carrier>_fuzz from the normalizer sources, seeds build/fuzz/corpus/<carrier> with the
# golden documents, and writes any crashing input to build/fuzz/artifacts/<carrier>/. Exits 1 if any run failed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
carriers=("$@")
[[ ${#carriers[@]} -gt 0 ]] || carriers=(ups usps fedex dhl)
cxx=${CXX_FUZZ:-clang++}
command -v "$cxx" >/dev/null || { echo "fuzz: $cxx not found (apt-get install clang)" >&2; exit 1; }

out=build/fuzz
mkdir -p "$out"

# JSON tokens and the carriers' field names help the fuzzer reach past the parser.
dict=$out/json.dict
{
  for t in '{' '}' '[' ']' ':' ',' '"' 'true' 'false' 'null' '-' '0' '1e9' '\\u0000' '"Z"' '"-05:00"' '"-7:00"' \
    '"2024-07-15T09:12:00"' '"2024-07-15T09:12:00-04:00"' '"20240715"' '"091200"' '"09:12:00"' '"74700"'; do
    printf '"%s"\n' "$(printf '%s' "$t" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  done
  grep -ohE '"[A-Za-z_]{2,40}"\s*:' tests/golden/*/*.json | sed -E 's/\s*:$//' | sort -u |
    sed 's/"/\\"/g; s/^/"/; s/$/"/'
} >"$dict"

failed=0
for carrier in "${carriers[@]}"; do
  dir=plugins/carriers/$carrier
  [[ -f $dir/normalizer.cpp ]] || { echo "fuzz: no normalizer in $dir" >&2; failed=1; continue; }
  sources=()
  for f in "$dir"/*.cpp sdk/src/kit/*.cpp sdk/src/*.cpp; do
    [[ $(basename "$f") == plugin.cpp && $f == "$dir"/* ]] && continue
    sources+=("$f")
  done
  bin=$out/${carrier}_fuzz
  echo "fuzz: building $bin" >&2
  "$cxx" -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -DUSE_OS_TZDB=1 -DBOOST_DLL_USE_STD_FS \
    -Iplugins -Isdk/include -Isdk/src \
    "tests/fuzz/${carrier}_fuzz.cpp" "${sources[@]}" -lsimdjson -ldate-tz -o "$bin"

  corpus=$out/corpus/$carrier
  artifacts=$out/artifacts/$carrier/
  mkdir -p "$corpus" "$artifacts"
  for f in tests/golden/"$carrier"/*.json; do
    case $f in *.expected.json | *.context.json) continue ;; esac
    cp -f "$f" "$corpus/seed-$(basename "$f")"
  done

  echo "fuzz: $carrier for ${seconds}s" >&2
  if ! "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -dict="$dict" -artifact_prefix="$artifacts" "$corpus" 2>"$out/$carrier.log"; then
    echo "fuzz: $carrier FAILED, see $out/$carrier.log and $artifacts" >&2
    failed=1
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$out/$carrier.log" |
    sed "s/^/fuzz: $carrier /" >&2 || true
  grep -E 'cov: [0-9]+' "$out/$carrier.log" | tail -1 | sed "s/^/fuzz: $carrier last: /" >&2 || true
done
exit $failed
