#!/usr/bin/env bash
# Installs what is missing, builds Debug with tests into build-test/, and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBULWARK_BUILD_TESTS=ON \
  -DBULWARK_BUILD_BENCH=ON -DBULWARK_WERROR=ON \
  -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build build-test
cd build-test
ctest --output-on-failure -j "$(nproc)" "$@"
