// bulwark plugins list: what each plugin directory holds, and why a library did not load.
#include <iostream>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/plugin_options.h"

namespace bulwark::cli {
namespace {

constexpr char kUsage[] =
    "Usage: bulwark plugins list [--plugins DIR]...\n"
    "\n"
    "Loads every plugin (*.so) of the directories given (default: the shipped plugins) and\n"
    "prints each plugin, its version and ABI version, its detector types (as policies name\n"
    "them: plugin: <plugin>.<type>) and every library that could not be loaded, with the\n"
    "reason. Exits 1 when any library failed to load.\n"
    "\n";

}  // namespace

int PluginsList(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  auto host = LoadPlugins(*args, cmd.argv0(), "bulwark plugins list");
  if (!host) return kExitFailure;
  std::cout << "host ABI " << PluginHost::AbiMajor() << "." << PluginHost::AbiMinor() << "\n";
  for (const PluginInfo& p : host->plugins()) {
    std::cout << p.name << " " << p.version << " (ABI " << p.abi_major << "." << p.abi_minor << ") "
              << p.path << "\n";
    if (!p.description.empty()) std::cout << "  " << p.description << "\n";
    for (const PluginTypeInfo& t : p.types) {
      std::cout << "  " << p.name << "." << t.name << ": " << t.description;
      if (t.prefilters.empty()) {
        std::cout << " [runs on every field]";
      } else {
        std::cout << " [" << t.prefilters.size() << " prefilter(s)]";
      }
      std::cout << "\n";
    }
  }
  for (const PluginLoadError& e : host->errors()) {
    std::cout << "error: " << e.path << ": " << e.message << "\n";
  }
  if (host->plugins().empty() && host->errors().empty()) std::cout << "no plugins found\n";
  return host->errors().empty() ? kExitOk : kExitFailure;
}

Command PluginsListCommand() {
  return {{"plugins", "list"},
          "list detector plugins and why any failed to load",
          kUsage,
          {PluginsOption()},
          &PluginsList};
}

}  // namespace bulwark::cli
