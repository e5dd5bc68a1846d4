#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan, build-fuzz/) and runs each for SECONDS
# (default 60) on one core, starting from the committed seed corpus (tests/fuzz/corpus/NAME) and
# its dictionary. Prints one line per target: executions per second, coverage (edges) and
# features, corpus size, and whether it crashed. A crashing input is copied to
# tests/fuzz/regressions/NAME/, where the normal test suite replays it from then on; fix the
# bug, keep the file. BULWARK_FUZZ_SEED fixes libFuzzer's seed.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(notification html normalizer policy config capture avro scan)
BUILD=${BULWARK_FUZZ_BUILD:-build-fuzz}

if ! command -v clang++-14 >/dev/null ||
  [ ! -f /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ]; then
  scripts/install-deps.sh --fuzz
fi
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBULWARK_FUZZ=ON -DBULWARK_BUILD_TESTS=OFF -DBULWARK_BUILD_BENCH=OFF >/dev/null || exit 1
cmake --build "$BUILD" --target $(printf 'fuzz_%s ' "${TARGETS[@]}") se-id >/dev/null || {
  cmake --build "$BUILD" --target $(printf 'fuzz_%s ' "${TARGETS[@]}") 2>&1 | tail -30
  exit 1
}

dict_for() {
  case $1 in
    notification | capture) echo tests/fuzz/dict/json.dict ;;
    html) echo tests/fuzz/dict/html.dict ;;
    policy | config) echo tests/fuzz/dict/yaml.dict ;;
    avro) echo tests/fuzz/dict/avro.dict ;;
    *) echo "" ;;
  esac
}

status=0
printf '%-13s %8s %9s %9s %7s %s\n' target "exec/s" coverage features corpus result
for t in "${TARGETS[@]}"; do
  work="$BUILD/fuzz-work/$t"
  rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
  cp tests/fuzz/corpus/"$t"/* "$work/corpus/" 2>/dev/null
  dict=$(dict_for "$t")
  args=(-max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536
    -artifact_prefix="$work/artifacts/" -print_final_stats=1)
  [ -n "$dict" ] && args+=(-dict="$dict")
  # A fixed seed (./test.sh sets one) makes a short run explore the same inputs every time.
  [ -n "${BULWARK_FUZZ_SEED:-}" ] && args+=(-seed="$BULWARK_FUZZ_SEED")
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    taskset -c "${BULWARK_FUZZ_CPU:-0}" "$BUILD/bin/fuzz_$t" "${args[@]}" "$work/corpus" \
    >"$work/log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
  rate=$(grep -o 'exec/s: *[0-9]*' "$work/log" | tail -1 | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1 | grep -o '[0-9]*$')
  ft=$(grep -o 'ft: [0-9]*' "$work/log" | tail -1 | grep -o '[0-9]*$')
  units=$(ls "$work/corpus" | wc -l)
  result="ok (${execs:-0} runs)"
  if [ $rc -ne 0 ]; then
    status=1
    result="CRASH (exit $rc): see $work/log"
    mkdir -p tests/fuzz/regressions/"$t"
    for a in "$work"/artifacts/*; do
      [ -f "$a" ] && cp "$a" tests/fuzz/regressions/"$t"/ && result="$result; saved tests/fuzz/regressions/$t/$(basename "$a")"
    done
  fi
  printf '%-13s %8s %9s %9s %7s %s\n' "$t" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$units" "$result"
done
exit $status
