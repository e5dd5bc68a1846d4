// Detector plugins: shared libraries implementing the C ABI of plugins/sdk/include/bulwark/
// plugin.h, loaded with Boost.DLL. Policies use their detector types as
// `plugin: <plugin>.<type>` with a `config` block checked against the type's JSON Schema.
//
// Ownership and lifetime: a PluginHost owns the loaded libraries; it is shared (shared_ptr) by
// every PolicySet compiled against it, so a library stays mapped while any set or detector
// instance made from it exists. Nothing of a plugin crosses the boundary but C data; the host
// copies every string a plugin returns.
//
// Thread-safety: a loaded host is immutable; its accessors may be called from any thread.
// Loading is not (call Load/LoadFiles from one thread, before sharing the host).
#ifndef BULWARK_PLUGIN_HOST_H_
#define BULWARK_PLUGIN_HOST_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace bulwark {

struct LoadedPlugins;  // engine-internal
struct EngineInternals;

// One detector type a plugin declares.
struct PluginTypeInfo {
  std::string name;  // unqualified; policies write "<plugin>.<name>"
  std::string description;
  std::string config_schema;  // JSON Schema text for the detector's `config`; "" = any object
  std::vector<std::string> prefilters;  // regexes compiled into the shared Hyperscan database
};

// One library that loaded.
struct PluginInfo {
  std::string path;
  std::string name;     // unique among the loaded plugins
  std::string version;  // the plugin's own version string
  std::string description;
  uint32_t abi_major = 0;  // the ABI version the plugin was built against
  uint32_t abi_minor = 0;
  std::vector<PluginTypeInfo> types;
};

// A library that did not load, and why (missing entry symbol, ABI mismatch, bad table, a
// duplicate name, ...). The message names the library, never anything it scanned.
struct PluginLoadError {
  std::string path;
  std::string message;
};

// Repeated failures quarantine a plugin detector instance: after this many failed scans in a
// row it is no longer called until the policy set is reloaded.
inline constexpr uint32_t kPluginQuarantineAfter = 20;

class PluginHost {
 public:
  // Loads every regular file named *.so in `dirs` (not recursive), in name order. A library
  // that cannot be used is reported in errors() and skipped; the others load. A directory
  // that does not exist is an error entry too (callers warn: a missing plugin directory must
  // not pass silently). Never null, never throws.
  static std::shared_ptr<const PluginHost> Load(const std::vector<std::filesystem::path>& dirs);
  // Loads the given library files (for tests and `--plugins FILE`), with the same reporting.
  static std::shared_ptr<const PluginHost> LoadFiles(
      const std::vector<std::filesystem::path>& files);

  // The libraries that loaded, in load order.
  const std::vector<PluginInfo>& plugins() const;
  // The libraries (or directories) that did not, in the order met.
  const std::vector<PluginLoadError>& errors() const;

  // The host's ABI version: a plugin loads when its major equals AbiMajor() and its minor is
  // at most AbiMinor().
  static uint32_t AbiMajor();
  static uint32_t AbiMinor();

  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

 private:
  friend struct EngineInternals;  // the policy compiler reaches the loaded types through it
  PluginHost();
  std::unique_ptr<LoadedPlugins> impl_;
};

}  // namespace bulwark

#endif  // BULWARK_PLUGIN_HOST_H_
