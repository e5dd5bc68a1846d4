// Fuzz target: the runtime config loader (YAML, types, ranges, cross-checks).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "cli/runtime_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/bulwark-fuzz-config-" + std::to_string(getpid()) + ".yaml";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  bulwark::cli::RuntimeConfig config;
  const bulwark::Status s = bulwark::cli::LoadRuntimeConfig(path, &config);
  std::remove(path.c_str());  // one file per process, not left behind in /tmp
  if (!s.ok() && s.message().empty()) __builtin_trap();  // a refusal always says why
  return 0;
}
