#include "cli/policy_paths.h"

#include <cstdlib>
#include <string>
#include <system_error>

namespace bulwark::cli {

namespace fs = std::filesystem;

namespace {

// $env_name; else <exe>/../share/bulwark/<name> (installed); else <exe>/../../<name> (build
// tree: build/bin/bulwark); else `source`, recorded at build time.
fs::path DataDir(const char* argv0, const char* env_name, const char* name,
                 const fs::path& source) {
  if (const char* env = std::getenv(env_name); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0, ec);
  const fs::path bin = exe.parent_path();
  for (const fs::path& cand : {bin / ".." / "share" / "bulwark" / name, bin / ".." / ".." / name}) {
    if (fs::is_directory(cand, ec)) return cand.lexically_normal();
  }
  return source;
}

}  // namespace

fs::path DefaultPolicyDir(const char* argv0) {
  return DataDir(argv0, "BULWARK_POLICY_DIR", "policies", BULWARK_SOURCE_POLICY_DIR);
}

fs::path DefaultSamplesDir(const char* argv0) {
  return DataDir(argv0, "BULWARK_SAMPLES_DIR", "samples",
                 fs::path(BULWARK_SOURCE_POLICY_DIR).parent_path() / "samples");
}

fs::path DefaultDatabaseCacheDir() {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::string(v) : std::string();
  };
  if (const std::string dir = env("BULWARK_CACHE_DIR"); !dir.empty()) {
    return dir == "off" ? fs::path() : fs::path(dir);
  }
  if (const std::string dir = env("CACHE_DIRECTORY"); !dir.empty()) return dir;
  if (const std::string dir = env("XDG_CACHE_HOME"); !dir.empty()) return fs::path(dir) / "bulwark";
  if (const std::string home = env("HOME"); !home.empty())
    return fs::path(home) / ".cache" / "bulwark";
  return {};
}

std::vector<fs::path> PolicyPathsOrDefault(const std::vector<std::string>& given,
                                           const char* argv0) {
  if (given.empty()) return {DefaultPolicyDir(argv0)};
  return std::vector<fs::path>(given.begin(), given.end());
}

}  // namespace bulwark::cli
