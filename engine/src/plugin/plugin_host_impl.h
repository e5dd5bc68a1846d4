// Internals of PluginHost shared with the policy compiler and the scanner.
#ifndef BULWARK_ENGINE_PLUGIN_PLUGIN_HOST_IMPL_H_
#define BULWARK_ENGINE_PLUGIN_PLUGIN_HOST_IMPL_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/plugin.h"
#include "bulwark/plugin_host.h"

namespace bulwark {

struct LoadedType {
  std::string plugin;     // plugin name
  std::string qualified;  // "<plugin>.<type>"
  const bw_detector_type* table = nullptr;
  PluginTypeInfo info;
};

struct PluginFinding {
  size_t start = 0;
  size_t end = 0;
  int confidence = 0;
};

// One configured instance of a plugin detector type, shared by the detectors using it.
class PluginDetector {
 public:
  PluginDetector(const LoadedType& type, bw_instance* instance)
      : type_(type), instance_(instance) {}
  ~PluginDetector();
  PluginDetector(const PluginDetector&) = delete;
  PluginDetector& operator=(const PluginDetector&) = delete;

  enum class Outcome {
    kOk,
    kFailed,   // an error returned or a finding out of bounds: *out is empty
    kOverran,  // finished, *out holds its findings, but it took longer than its budget
  };
  // Runs the plugin over `text`. A failure or an overrun is counted and its reason kept
  // (last_error()), and the instance is quarantined after kPluginQuarantineAfter of them in a
  // row. A call cannot be interrupted (the plugin runs in-process): `budget` (zero: none) is
  // checked when it returns. Thread-safe.
  Outcome Scan(std::string_view text, const std::vector<uint32_t>& fired,
               std::chrono::nanoseconds budget, std::vector<PluginFinding>* out) const;

  bool quarantined() const { return consecutive_failures_.load() >= kPluginQuarantineAfter; }
  uint64_t errors() const { return errors_.load(); }
  // The reason of the most recent failure (the plugin's last_error(), at most
  // BULWARK_PLUGIN_ERROR_SIZE bytes, or the host's own reason); empty before any. May quote
  // scanned content: for interactive tools only, never for logs or metrics.
  std::string last_error() const;
  const std::string& name() const { return type_.qualified; }

 private:
  void Fail(std::string reason) const;

  const LoadedType& type_;
  bw_instance* instance_;
  mutable std::atomic<uint64_t> errors_{0};
  mutable std::atomic<uint32_t> consecutive_failures_{0};
  mutable std::mutex error_mu_;
  mutable std::string last_error_;
};

struct LoadedPlugins {
  std::vector<PluginInfo> plugins;
  std::vector<PluginLoadError> errors;
  std::vector<std::unique_ptr<LoadedType>> types;  // stable addresses
  std::vector<std::shared_ptr<void>> libraries;    // boost::dll::shared_library, unloaded last

  const LoadedType* Find(std::string_view qualified) const;
};

}  // namespace bulwark

#endif  // BULWARK_ENGINE_PLUGIN_PLUGIN_HOST_IMPL_H_
