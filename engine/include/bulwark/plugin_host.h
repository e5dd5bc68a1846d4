// Detector plugins: shared libraries implementing the C ABI of plugins/sdk/include/bulwark/
// plugin.h, loaded with Boost.DLL. Policies use their detector types as
// `plugin: <plugin>.<type>` with a `config` block checked against the type's JSON Schema.
#ifndef BULWARK_PLUGIN_HOST_H_
#define BULWARK_PLUGIN_HOST_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace bulwark {

struct PluginTypeInfo {
  std::string name;
  std::string description;
  std::string config_schema;  // JSON text; "" = any object
  std::vector<std::string> prefilters;
};

struct PluginInfo {
  std::string path;
  std::string name;
  std::string version;
  std::string description;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;
  std::vector<PluginTypeInfo> types;
};

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
  // that cannot be used is reported in errors() and skipped; the others load.
  static std::shared_ptr<const PluginHost> Load(const std::vector<std::filesystem::path>& dirs);
  // Loads the given library files (for tests and `--plugins FILE`).
  static std::shared_ptr<const PluginHost> LoadFiles(
      const std::vector<std::filesystem::path>& files);

  const std::vector<PluginInfo>& plugins() const;
  const std::vector<PluginLoadError>& errors() const;

  // The host's ABI version.
  static uint32_t AbiMajor();
  static uint32_t AbiMinor();

  struct Impl;  // public for the policy compiler; not API
  const Impl& impl() const { return *impl_; }
  ~PluginHost();

 private:
  PluginHost();
  std::unique_ptr<Impl> impl_;
};

}  // namespace bulwark

#endif  // BULWARK_PLUGIN_HOST_H_
