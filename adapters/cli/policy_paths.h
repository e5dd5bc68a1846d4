// Where the shipped policies are, for commands run without --policies.
#ifndef BULWARK_ADAPTERS_CLI_POLICY_PATHS_H_
#define BULWARK_ADAPTERS_CLI_POLICY_PATHS_H_

#include <filesystem>
#include <vector>

namespace bulwark::cli {

// The shipped policy directory: $BULWARK_POLICY_DIR if set; else <exe>/../share/bulwark/policies
// (installed); else <exe>/../../policies (build tree: build/bin/bulwark); else the source tree's
// policies/ recorded at build time.
std::filesystem::path DefaultPolicyDir(const char* argv0);

// The bundled samples (embedded demo): $BULWARK_SAMPLES_DIR, <exe>/../share/bulwark/samples,
// <exe>/../../samples, or the source tree's samples/.
std::filesystem::path DefaultSamplesDir(const char* argv0);

// Where compiled pattern databases are cached between runs: $BULWARK_CACHE_DIR ("off": none),
// else $CACHE_DIRECTORY (systemd's CacheDirectory=), $XDG_CACHE_HOME/bulwark, $HOME/.cache/bulwark;
// empty when none of these is set.
std::filesystem::path DefaultDatabaseCacheDir();

// `given` when non-empty, else {DefaultPolicyDir(argv0)}.
std::vector<std::filesystem::path> PolicyPathsOrDefault(const std::vector<std::string>& given,
                                                        const char* argv0);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_POLICY_PATHS_H_
