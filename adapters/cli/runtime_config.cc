#include "cli/runtime_config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>

namespace bulwark::cli {
namespace {

namespace fs = std::filesystem;

class ConfigError : public std::runtime_error {
 public:
  ConfigError(const YAML::Mark& m, const std::string& msg)
      : std::runtime_error(msg), line(m.line + 1), column(m.column + 1) {}
  int line;
  int column;
};

void CheckKeys(const YAML::Node& map, const std::set<std::string>& allowed,
               const std::string& what) {
  if (!map.IsMap()) throw ConfigError(map.Mark(), what + " must be a map");
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.as<std::string>();
    if (!allowed.count(k)) throw ConfigError(it->first.Mark(), what + ": unknown key '" + k + "'");
  }
}

std::vector<std::string> Strings(const YAML::Node& n, const std::string& what) {
  std::vector<std::string> out;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
    return out;
  }
  if (!n.IsSequence()) throw ConfigError(n.Mark(), what + " must be a list of strings");
  for (const YAML::Node& item : n) {
    if (!item.IsScalar()) throw ConfigError(item.Mark(), what + " must be a list of strings");
    out.push_back(item.as<std::string>());
  }
  return out;
}

std::string Resolve(const fs::path& base, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (base / p).lexically_normal().string();
}

}  // namespace

Status LoadRuntimeConfig(const std::string& path, RuntimeConfig* c) {
  const fs::path base = fs::path(path).parent_path();
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (root.IsNull()) return Status::Ok();
    CheckKeys(root,
              {"policies", "keys", "client_state_env", "tenants", "subscriptions",
               "validation_tokens", "limits", "source", "sinks", "workers", "metrics", "plugins"},
              "config");
    if (root["policies"]) {
      c->policies.clear();
      for (const auto& p : Strings(root["policies"], "policies"))
        c->policies.push_back(Resolve(base, p));
    }
    if (const YAML::Node keys = root["keys"]) {
      if (!keys.IsSequence()) throw ConfigError(keys.Mark(), "keys must be a list");
      for (const YAML::Node& k : keys) {
        CheckKeys(k, {"id", "key_file", "cert_file"}, "key");
        if (!k["id"] || !k["key_file"])
          throw ConfigError(k.Mark(), "key: 'id' and 'key_file' are required");
        c->keys.push_back({k["id"].as<std::string>(),
                           Resolve(base, k["key_file"].as<std::string>()),
                           k["cert_file"] ? Resolve(base, k["cert_file"].as<std::string>()) : ""});
      }
    }
    if (root["client_state_env"]) c->client_state_env = root["client_state_env"].as<std::string>();
    if (root["tenants"]) {
      for (const auto& t : Strings(root["tenants"], "tenants")) c->tenants.insert(t);
    }
    if (root["subscriptions"]) {
      for (const auto& s : Strings(root["subscriptions"], "subscriptions"))
        c->subscriptions.insert(s);
    }
    if (const YAML::Node vt = root["validation_tokens"]) {
      CheckKeys(vt, {"jwks_file", "app_id", "required"}, "validation_tokens");
      if (!vt["jwks_file"] || !vt["app_id"]) {
        throw ConfigError(vt.Mark(), "validation_tokens: 'jwks_file' and 'app_id' are required");
      }
      c->jwks_file = Resolve(base, vt["jwks_file"].as<std::string>());
      c->app_id = vt["app_id"].as<std::string>();
      if (vt["required"]) c->require_tokens = vt["required"].as<bool>();
    }
    if (const YAML::Node limits = root["limits"]) {
      CheckKeys(limits, {"max_event_bytes"}, "limits");
      if (limits["max_event_bytes"]) c->max_event_bytes = limits["max_event_bytes"].as<size_t>();
    }
  } catch (const ConfigError& e) {
    return Status::InvalidArgument(path + ":" + std::to_string(e.line) + ":" +
                                   std::to_string(e.column) + ": " + e.what());
  } catch (const YAML::BadFile&) {
    return Status::IoError("cannot read config " + path);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(path + ":" + std::to_string(e.mark.line + 1) + ":" +
                                   std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return Status::Ok();
}

}  // namespace bulwark::cli
