// RuntimeConfig: the part of bulwark.yaml that `replay` (and later `run`) share: policies, keys,
// clientState, tenants, subscriptions, validation tokens, limits. Secrets are never in the file:
// it names the environment variables that hold them.
#ifndef BULWARK_ADAPTERS_CLI_RUNTIME_CONFIG_H_
#define BULWARK_ADAPTERS_CLI_RUNTIME_CONFIG_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "bulwark/status.h"

namespace bulwark::cli {

struct KeyConfig {
  std::string id;
  std::string key_file;
  std::string cert_file;  // optional
};

struct RuntimeConfig {
  std::vector<std::string> policies;
  std::vector<KeyConfig> keys;
  std::string client_state_env = "BULWARK_CLIENT_STATE";
  std::set<std::string> tenants;
  std::set<std::string> subscriptions;
  std::string jwks_file;  // validation tokens: JWKS of the tenant's signing keys
  std::string app_id;     // validation tokens: expected audience
  bool require_tokens = false;
  size_t max_event_bytes = 1024 * 1024;
};

// Loads `path` into *config (fields not in the file keep their values). Relative file paths in
// the config are resolved against the config file's directory. Errors name file:line:column.
Status LoadRuntimeConfig(const std::string& path, RuntimeConfig* config);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_RUNTIME_CONFIG_H_
