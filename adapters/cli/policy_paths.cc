#include "cli/policy_paths.h"

#include <cstdlib>
#include <string>
#include <system_error>

namespace bulwark::cli {

namespace fs = std::filesystem;

std::filesystem::path DefaultPolicyDir(const char* argv0) {
  if (const char* env = std::getenv("BULWARK_POLICY_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0, ec);
  const fs::path bin = exe.parent_path();
  for (const fs::path& cand :
       {bin / ".." / "share" / "bulwark" / "policies", bin / ".." / ".." / "policies"}) {
    if (fs::is_directory(cand, ec)) return cand.lexically_normal();
  }
  return BULWARK_SOURCE_POLICY_DIR;
}

std::vector<fs::path> PolicyPathsOrDefault(const std::vector<std::string>& given,
                                           const char* argv0) {
  if (given.empty()) return {DefaultPolicyDir(argv0)};
  return std::vector<fs::path>(given.begin(), given.end());
}

}  // namespace bulwark::cli
