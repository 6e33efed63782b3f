#!/usr/bin/env bash
# Fuzzes each carrier normalizer with libFuzzer (clang, AddressSanitizer, UndefinedBehaviorSanitizer) for a
# bounded time. Every harness tests/fuzz/<carrier>_fuzz.cpp is a carrier to fuzz; its normalizer is built from
# the sources of plugins/carriers/<carrier>/ but plugin.cpp, with the SDK and kit sources (docs/carriers.md,
# section Fuzzing).
#
#   scripts/fuzz.sh [SECONDS_PER_CARRIER] [CARRIER...]   by hand: 60 s each by default, every carrier
#   scripts/fuzz.sh --ci [CARRIER...]                    the test run's: 20 s each, fixed seed, fresh corpus
#   scripts/fuzz.sh --build-only [CARRIER...]            build the fuzzers, run nothing
#   scripts/fuzz.sh --no-build ...                       run fuzzers built before
#
# Objects, binaries, corpora and logs go to $FUZZ_OUT (default build/fuzz); the build is incremental (ninja),
# the SDK compiled once for every carrier. A crashing input is written to $FUZZ_OUT/artifacts/<carrier>/.
# Exits 1 if any build or run failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

ci=0 build=1 run=1 seconds=60
while [[ $# -gt 0 ]]; do
  case $1 in
    --ci) ci=1 seconds=20 ;;
    --build-only) run=0 ;;
    --no-build) build=0 ;;
    --*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi

carriers=("$@")
if [[ ${#carriers[@]} -eq 0 ]]; then
  for harness in tests/fuzz/*_fuzz.cpp; do
    name=${harness##*/}
    carriers+=("${name%_fuzz.cpp}")
  done
fi
[[ ${#carriers[@]} -gt 0 ]] || { echo "fuzz: no harness in tests/fuzz/" >&2; exit 1; }

out=${FUZZ_OUT:-build/fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cxx=${CXX_FUZZ:-clang++}

if [[ $build -eq 1 ]]; then
  command -v "$cxx" >/dev/null || { echo "fuzz: $cxx not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
  command -v ninja >/dev/null || { echo "fuzz: ninja not found (apt-get install ninja-build)" >&2; exit 1; }

  # One ninja file for every fuzzer: the SDK and kit objects are shared, each carrier adds its own.
  common=()
  for f in sdk/src/*.cpp sdk/src/kit/*.cpp; do common+=("$f"); done
  ninja_file=$out/build.ninja
  {
    echo "cxx = $cxx"
    echo "flags = -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined" \
      "-fno-sanitize-recover=undefined -DUSE_OS_TZDB=1 -DBOOST_DLL_USE_STD_FS" \
      "-I$root/plugins -I$root/sdk/include -I$root/sdk/src"
    echo "rule cxx"
    echo "  command = \$cxx \$flags -MMD -MF \$out.d -c \$in -o \$out"
    echo "  depfile = \$out.d"
    echo "  deps = gcc"
    echo "  description = fuzz: compiling \$in"
    echo "rule link"
    echo "  command = \$cxx -fsanitize=fuzzer,address,undefined \$in -o \$out -lsimdjson -ldate-tz -lcrypto"
    echo "  description = fuzz: linking \$out"
    common_objects=""
    for f in "${common[@]}"; do
      echo "build obj/${f%.cpp}.o: cxx $root/$f"
      common_objects+=" obj/${f%.cpp}.o"
    done
    for carrier in "${carriers[@]}"; do
      dir=plugins/carriers/$carrier
      objects=""
      for f in tests/fuzz/"${carrier}"_fuzz.cpp "$dir"/*.cpp; do
        [[ -f $f && $f != "$dir/plugin.cpp" ]] || continue
        echo "build obj/${f%.cpp}.o: cxx $root/$f"
        objects+=" obj/${f%.cpp}.o"
      done
      echo "build ${carrier}_fuzz: link$objects$common_objects"
    done
  } >"$ninja_file.new"
  mv -f "$ninja_file.new" "$ninja_file"

  targets=()
  for carrier in "${carriers[@]}"; do
    [[ -f tests/fuzz/${carrier}_fuzz.cpp ]] || { echo "fuzz: no harness tests/fuzz/${carrier}_fuzz.cpp" >&2; exit 1; }
    [[ -f plugins/carriers/$carrier/normalizer.cpp ]] ||
      { echo "fuzz: no normalizer in plugins/carriers/$carrier/" >&2; exit 1; }
    targets+=("${carrier}_fuzz")
  done
  echo "fuzz: building ${targets[*]} in $out" >&2
  ninja -C "$out" --quiet "${targets[@]}" >&2 || { echo "fuzz: build FAILED" >&2; exit 1; }
fi
[[ $run -eq 1 ]] || exit 0

# JSON tokens and the carriers' field names help the fuzzer reach past the parser. One file per run: the test
# run fuzzes two carriers at a time.
dict=$(mktemp "$out/json.dict.XXXXXX")
trap 'rm -f "$dict"' EXIT
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
  bin=$out/${carrier}_fuzz
  [[ -x $bin ]] || { echo "fuzz: $bin is not built" >&2; failed=1; continue; }
  options=()
  if [[ $ci -eq 1 ]]; then
    # A fresh corpus and a fixed seed: the same run each time, so a failure is found again when repeated.
    corpus=$out/ci-corpus/$carrier
    rm -rf "$corpus"
    options+=(-seed=1)
  else
    corpus=$out/corpus/$carrier
  fi
  artifacts=$out/artifacts/$carrier/
  mkdir -p "$corpus" "$artifacts"
  seeds=0
  for f in tests/golden/"$carrier"/*.json; do
    [[ -f $f ]] || continue
    case $f in *.expected.json | *.context.json) continue ;; esac
    cp -f "$f" "$corpus/seed-$(basename "$f")"
    seeds=$((seeds + 1))
  done

  log=$out/$carrier.log
  echo "fuzz: $carrier for ${seconds}s from $seeds golden documents" >&2
  if ! "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    "${options[@]}" -dict="$dict" -artifact_prefix="$artifacts" "$corpus" 2>"$log"; then
    echo "fuzz: $carrier FAILED, see $log and $artifacts" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5 | sed "s/^/fuzz: $carrier /" >&2 || true
    failed=1
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" |
    sed "s/^/fuzz: $carrier /" >&2 || true
  grep -E 'cov: [0-9]+' "$log" | tail -1 | sed "s/^/fuzz: $carrier last: /" >&2 || true
done
exit $failed
