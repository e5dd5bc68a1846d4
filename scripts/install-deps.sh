#!/usr/bin/env bash
# Installs the Debian 12 packages Bulwark builds and tests with, when any is missing.
# Idempotent and quick when everything is present: it asks dpkg first and apt only if needed.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libhyperscan-dev      # multi-pattern prefilter (x86-64 only)
  libre2-dev            # regex semantics and confirmation
  libyaml-cpp-dev       # policy files
  nlohmann-json3-dev    # verdicts, chatMessage JSON
  libsimdjson-dev       # parsing event bodies and decrypted messages on the hot path
  libboost-dev          # Boost.DLL (header-only) for plugins
  libssl-dev            # OpenSSL 3: hashing, fingerprints, notification decryption
  librdkafka-dev        # Event Hubs Kafka endpoint; its mock cluster is the embedded broker
  libcurl4-openssl-dev  # Entra ID and Microsoft Graph over HTTPS (HTTP/2, connection reuse)
  libavro-dev           # Event Hubs Capture files (Avro object container files)
  zlib1g-dev            # deflate blocks of Capture files (Avro C does not expose its codecs)
  openssl               # tests: an encrypted notification made independently of our code
  curl                  # tests: the service's /metrics, /healthz and /readyz
  libgtest-dev libgmock-dev
  libbenchmark-dev
  python3-jsonschema python3-yaml  # tests: the policy JSON Schema against the shipped policies
  clang-tidy            # test.sh: static analysis of the changed files (.clang-tidy)
  python3-jwt python3-cryptography  # tests: the Entra ID / Graph stand-in checks assertions
  python3-confluent-kafka  # tests: read back what the Kafka sink produced (secret hygiene)
  python3-stdnum        # tests: the national-id check digits against an independent implementation
  lintian               # tests: the Debian package built by cpack has no lintian errors
  dpkg-dev              # cpack -G DEB: dpkg-shlibdeps computes the package's dependencies
)

# --fuzz: also clang and libFuzzer, for tests/fuzz/run.sh (./test.sh runs the fuzzers briefly).
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES+=(clang-14 libfuzzer-14-dev)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# tests: Azurite (Blob Storage emulator) comes from npm; Debian's nodejs and npm when no Node.js
# is installed at all (a Node.js from elsewhere is used as it is).
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
