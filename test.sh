#!/usr/bin/env bash
# Installs what is missing, builds Debug with tests into build-test/ (warnings are errors),
# runs clang-tidy on what changed, and runs the whole suite.
#   ./test.sh [CTEST ARGS...]             the suite
#   ./test.sh --sanitize [CTEST ARGS...]  the suite built with AddressSanitizer and
#                                         UndefinedBehaviorSanitizer (build-sanitize/): any
#                                         report fails the test that made it; then
#                                         ThreadSanitizer over the pipeline and service tests;
#                                         then every libFuzzer target (clang, build-fuzz/) for
#                                         $BULWARK_FUZZ_SECONDS (default 15) seconds each
set -euo pipefail
cd "$(dirname "$0")"
sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
  sanitize=1
  shift
fi
scripts/install-deps.sh
if [ "$sanitize" = 1 ]; then
  cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBULWARK_BUILD_TESTS=ON \
    -DBULWARK_BUILD_BENCH=OFF -DBULWARK_WERROR=ON -DBULWARK_SANITIZE=address,undefined \
    -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
  cmake --build build-sanitize
  supp="$PWD/tests/sanitizer"
  export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_string_checks=1"
  export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
  # ThreadSanitizer over the pipeline and service tests (their threads, queues and watermark).
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBULWARK_BUILD_TESTS=ON \
    -DBULWARK_BUILD_BENCH=OFF -DBULWARK_WERROR=ON -DBULWARK_SANITIZE=thread >/dev/null
  cmake --build build-tsan --target service_unit_tests
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" build-tsan/bin/service_unit_tests
  # The package test builds and lints a .deb of the sanitized tree: not a sanitizer question.
  (cd build-sanitize && ctest --output-on-failure -j "$(nproc)" -LE no-sanitize "$@")
  # The fuzzers, briefly: a crash fails the run and its input lands in tests/fuzz/regressions/.
  BULWARK_FUZZ_SEED=${BULWARK_FUZZ_SEED:-1} tests/fuzz/run.sh "${BULWARK_FUZZ_SECONDS:-15}"
  exit
fi
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBULWARK_BUILD_TESTS=ON \
  -DBULWARK_BUILD_BENCH=ON -DBULWARK_WERROR=ON \
  -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build build-test
# clang-tidy (.clang-tidy, every warning an error) on the C++ files of the last commit and the
# work tree; `scripts/tidy.sh --all` checks everything (about 5 minutes on 2 cores).
scripts/tidy.sh --build build-test --changed
cd build-test
ctest --output-on-failure -j "$(nproc)" "$@"
