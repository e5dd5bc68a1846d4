// The --plugins option shared by the commands that load policies, and `bulwark plugins list`.
#ifndef BULWARK_ADAPTERS_CLI_PLUGIN_OPTIONS_H_
#define BULWARK_ADAPTERS_CLI_PLUGIN_OPTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "bulwark/plugin_host.h"
#include "cli/args.h"

namespace bulwark::cli {

// The --plugins option (a function: other files build their option tables from it during
// static initialization).
OptionSpec PluginsOption();

// The shipped plugin directory: $BULWARK_PLUGIN_DIR, else <exe>/../lib/bulwark/plugins.
std::filesystem::path DefaultPluginDir(const char* argv0);

// Loads the plugins of every --plugins DIR (or the shipped directory when none is given and it
// exists). A --plugins path that does not exist is an error: it is printed and null returned
// (the caller exits 1: a typo must not silently drop the detectors a policy relies on). Other
// load errors are printed to stderr as "<command>: plugin <path>: <message>"; the plugins that
// loaded are returned.
std::shared_ptr<const PluginHost> LoadPlugins(const ParsedArgs& args, const char* argv0,
                                              const std::string& command);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_PLUGIN_OPTIONS_H_
