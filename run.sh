#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and runs the main job on the embedded
# default: `bulwark scan` over the bundled samples with the shipped policies.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBULWARK_BUILD_TESTS=OFF \
  -DBULWARK_BUILD_BENCH=ON >/dev/null
cmake --build build
# The main job: the service on its embedded default (a loopback Kafka-protocol broker seeded
# with the bundled encrypted notifications, processed end to end, then exit).
chmod 600 samples/keys/*.key.pem  # git does not keep the mode; the key is TEST-ONLY anyway
echo "== bulwark run (embedded broker, samples/notifications/capture.jsonl)" >&2
exec build/bin/bulwark run "$@"
