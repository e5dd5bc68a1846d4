#include "cli/plugin_options.h"

#include <cstdlib>
#include <iostream>

namespace bulwark::cli {

namespace fs = std::filesystem;

OptionSpec PluginsOption() {
  return {"plugins", "DIR",
          "plugin directory or .so file (repeatable; default: the shipped plugins)"};
}

fs::path DefaultPluginDir(const char* argv0) {
  if (const char* env = std::getenv("BULWARK_PLUGIN_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  const fs::path exe = fs::canonical("/proc/self/exe", ec);
  const fs::path base = ec ? fs::path(argv0).parent_path() : exe.parent_path();
  return base.parent_path() / "lib" / "bulwark" / "plugins";
}

std::shared_ptr<const PluginHost> LoadPlugins(const ParsedArgs& args, const char* argv0,
                                              const std::string& command) {
  std::vector<fs::path> dirs(args.All("plugins").begin(), args.All("plugins").end());
  if (dirs.empty()) {
    std::error_code ec;
    const fs::path shipped = DefaultPluginDir(argv0);
    if (fs::is_directory(shipped, ec)) dirs.push_back(shipped);
  }
  for (const std::string& p : args.All("plugins")) {
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      std::cerr << command << ": plugin path '" << p << "' does not exist\n";
      return nullptr;
    }
  }
  auto host = PluginHost::Load(dirs);
  for (const PluginLoadError& e : host->errors()) {
    std::cerr << command << ": plugin " << e.path << ": " << e.message << "\n";
  }
  return host;
}

}  // namespace bulwark::cli
