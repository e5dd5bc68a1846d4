#!/usr/bin/env bash
# Installs what is missing, builds Debug with tests into build-test/ (warnings are errors),
# runs clang-tidy on what changed, and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBULWARK_BUILD_TESTS=ON \
  -DBULWARK_BUILD_BENCH=ON -DBULWARK_WERROR=ON \
  -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build build-test
# clang-tidy (.clang-tidy, every warning an error) on the C++ files of the last commit and the
# work tree; `scripts/tidy.sh --all` checks everything (about 5 minutes on 2 cores).
scripts/tidy.sh --build build-test --changed
cd build-test
ctest --output-on-failure -j "$(nproc)" "$@"
