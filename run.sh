#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and runs the main job on the embedded
# default: `bulwark scan` over the bundled samples with the shipped policies.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBULWARK_BUILD_TESTS=OFF \
  -DBULWARK_BUILD_BENCH=ON >/dev/null
cmake --build build
echo "== bulwark scan samples/messages (policies: policies/)" >&2
build/bin/bulwark scan --format "${BULWARK_FORMAT:-text}" samples/messages/*
echo "== bulwark replay samples/notifications/capture.jsonl (encrypted Graph notifications)" >&2
chmod 600 samples/keys/*.key.pem  # git does not keep the mode; the key is TEST-ONLY anyway
BULWARK_SAMPLE_CLIENT_STATE=sample-client-state-TEST-ONLY \
  exec build/bin/bulwark replay --config samples/replay.yaml samples/notifications/capture.jsonl
