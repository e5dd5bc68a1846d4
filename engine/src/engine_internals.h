// EngineInternals: the one way the engine's own layers (and its white-box tests and benchmarks,
// which link bulwark_engine_internal) reach the compiled state behind the public classes. Not
// installed, not API.
#ifndef BULWARK_ENGINE_SRC_ENGINE_INTERNALS_H_
#define BULWARK_ENGINE_SRC_ENGINE_INTERNALS_H_

#include "bulwark/plugin_host.h"
#include "bulwark/policy_set.h"
#include "plugin/plugin_host_impl.h"
#include "policy/compiled.h"

namespace bulwark {

struct EngineInternals {
  static const CompiledPolicySet& Of(const PolicySet& set) { return *set.impl_; }
  static const LoadedPlugins& Of(const PluginHost& host) { return *host.impl_; }
};

}  // namespace bulwark

#endif  // BULWARK_ENGINE_SRC_ENGINE_INTERNALS_H_
