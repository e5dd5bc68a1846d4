#include "cli/runtime_config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>

#include "graph/key_ring.h"
#include "graph/secret_file.h"

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

void ReadProperties(const YAML::Node& n, EndpointConfig* e);

void ReadEndpoint(const YAML::Node& n, EndpointConfig* e) {
  if (n["eventhubs_namespace"]) e->eventhubs_namespace = n["eventhubs_namespace"].as<std::string>();
  if (n["connection_string_env"])
    e->connection_string_env = n["connection_string_env"].as<std::string>();
  if (n["bootstrap_servers"]) e->bootstrap_servers = n["bootstrap_servers"].as<std::string>();
  ReadProperties(n, e);
}

void ReadProperties(const YAML::Node& n, EndpointConfig* e) {
  const YAML::Node props = n["properties"];
  if (!props) return;
  if (!props.IsMap()) throw ConfigError(props.Mark(), "properties must be a map");
  for (auto it = props.begin(); it != props.end(); ++it) {
    if (!it->second.IsScalar())
      throw ConfigError(it->second.Mark(), "property values must be scalars");
    e->properties[it->first.as<std::string>()] = it->second.as<std::string>();
  }
}

// The `source` section: where notifications come from.
void ReadSource(const YAML::Node& src, SourceConfig* source) {
  CheckKeys(src,
            {"eventhubs_namespace", "connection_string_env", "bootstrap_servers", "topic",
             "consumer_group", "properties"},
            "source");
  ReadEndpoint(src, source);
  if (!src["topic"])
    throw ConfigError(src.Mark(), "source: 'topic' (the Event Hub name) is required");
  source->topic = src["topic"].as<std::string>();
  if (src["consumer_group"]) source->consumer_group = src["consumer_group"].as<std::string>();
  if (!source->eventhubs_namespace.empty() && source->connection_string_env.empty()) {
    throw ConfigError(src.Mark(), "source: an Event Hubs namespace needs connection_string_env");
  }
  if (!source->configured()) {
    throw ConfigError(src.Mark(), "source: give eventhubs_namespace or bootstrap_servers");
  }
}

// One entry of `sinks`: a JSON Lines file or a Kafka topic, and the record kinds it takes.
SinkConfig ReadSink(const YAML::Node& n, const fs::path& base) {
  CheckKeys(n,
            {"type", "path", "fsync", "topic", "records", "eventhubs_namespace",
             "connection_string_env", "bootstrap_servers", "properties", "enforcement_log",
             "compliance_url", "verdict_details", "concurrency", "dead_letter"},
            "sink");
  SinkConfig sc;
  if (!n["type"]) {
    throw ConfigError(n.Mark(),
                      "sink: 'type' (jsonl, kafka or teams-policy-violation) is required");
  }
  sc.type = n["type"].as<std::string>();
  if (sc.type == "jsonl") {
    if (!n["path"])
      throw ConfigError(n.Mark(), "jsonl sink: 'path' is required (\"-\" for stdout)");
    sc.path = n["path"].as<std::string>();
    if (sc.path != "-") sc.path = Resolve(base, sc.path);
    if (n["fsync"]) sc.fsync = n["fsync"].as<bool>();
  } else if (sc.type == "kafka") {
    ReadEndpoint(n, &sc);
    if (!n["topic"]) throw ConfigError(n.Mark(), "kafka sink: 'topic' is required");
    sc.topic = n["topic"].as<std::string>();
    if (sc.eventhubs_namespace.empty() && sc.bootstrap_servers.empty()) {
      throw ConfigError(n.Mark(), "kafka sink: give eventhubs_namespace or bootstrap_servers");
    }
  } else if (sc.type == "teams-policy-violation") {
    if (!n["enforcement_log"]) {
      throw ConfigError(n.Mark(),
                        "teams-policy-violation sink: 'enforcement_log' (a JSON Lines file of "
                        "every outcome) is required");
    }
    sc.path = Resolve(base, n["enforcement_log"].as<std::string>());
    if (n["compliance_url"]) sc.compliance_url = n["compliance_url"].as<std::string>();
    if (n["dead_letter"]) sc.dead_letter = Resolve(base, n["dead_letter"].as<std::string>());
    if (n["verdict_details"]) sc.verdict_details = n["verdict_details"].as<std::string>();
    if (n["concurrency"]) {
      sc.concurrency = n["concurrency"].as<int>();
      if (sc.concurrency < 1 || sc.concurrency > 64) {
        throw ConfigError(n["concurrency"].Mark(), "teams-policy-violation sink: concurrency 1-64");
      }
    }
  } else {
    throw ConfigError(n["type"].Mark(), "unknown sink type '" + sc.type +
                                            "' (jsonl, kafka or teams-policy-violation)");
  }
  const std::vector<std::string> all_kinds =
      sc.type == "teams-policy-violation"
          ? std::vector<std::string>{"verdict"}
          : std::vector<std::string>{"verdict", "feedback", "lifecycle", "dead_letter"};
  sc.records = n["records"] ? Strings(n["records"], "records") : all_kinds;
  for (const std::string& r : sc.records) {
    if (r != "verdict" && r != "feedback" && r != "lifecycle" && r != "dead_letter") {
      throw ConfigError(n["records"].Mark(), "unknown record kind '" + r +
                                                 "' (verdict, feedback, lifecycle, dead_letter)");
    }
  }
  return sc;
}

// The `graph:` section.
void ReadGraph(const YAML::Node& g, const fs::path& base, GraphConfig* out) {
  CheckKeys(g,
            {"tenant_id", "client_id", "client_secret_env", "certificate", "authority", "base_url",
             "ca_bundle", "subscriptions"},
            "graph");
  if (!g["tenant_id"] || !g["client_id"]) {
    throw ConfigError(g.Mark(),
                      "graph: 'tenant_id' and 'client_id' (the app registration) are required");
  }
  out->tenant_id = g["tenant_id"].as<std::string>();
  out->client_id = g["client_id"].as<std::string>();
  if (g["client_secret_env"]) out->client_secret_env = g["client_secret_env"].as<std::string>();
  if (const YAML::Node cert = g["certificate"]) {
    CheckKeys(cert, {"key_file", "cert_file"}, "graph.certificate");
    if (!cert["key_file"])
      throw ConfigError(cert.Mark(), "graph.certificate: 'key_file' is required");
    out->certificate_key_file = Resolve(base, cert["key_file"].as<std::string>());
    if (cert["cert_file"])
      out->certificate_file = Resolve(base, cert["cert_file"].as<std::string>());
  }
  if (out->client_secret_env.empty() == out->certificate_key_file.empty()) {
    throw ConfigError(g.Mark(), "graph: give one credential, client_secret_env or certificate");
  }
  if (g["authority"]) out->authority = g["authority"].as<std::string>();
  if (g["base_url"]) out->base_url = g["base_url"].as<std::string>();
  if (g["ca_bundle"]) out->ca_bundle = Resolve(base, g["ca_bundle"].as<std::string>());
  if (const YAML::Node s = g["subscriptions"]) {
    CheckKeys(s,
              {"notification_url", "lifecycle_notification_url", "resources", "change_type",
               "expiration_minutes", "renew_margin_minutes", "certificate_id", "reconcile_minutes"},
              "graph.subscriptions");
    auto& sub = out->subscriptions;
    if (!s["notification_url"]) {
      throw ConfigError(s.Mark(),
                        "graph.subscriptions: 'notification_url' (EventHub:https://...) is "
                        "required");
    }
    sub.notification_url = s["notification_url"].as<std::string>();
    sub.lifecycle_notification_url = s["lifecycle_notification_url"]
                                         ? s["lifecycle_notification_url"].as<std::string>()
                                         : sub.notification_url;
    if (s["resources"]) sub.resources = Strings(s["resources"], "graph.subscriptions.resources");
    if (s["change_type"]) sub.change_type = s["change_type"].as<std::string>();
    if (s["expiration_minutes"]) sub.expiration_minutes = s["expiration_minutes"].as<int>();
    if (s["renew_margin_minutes"]) sub.renew_margin_minutes = s["renew_margin_minutes"].as<int>();
    if (s["reconcile_minutes"]) sub.reconcile_minutes = s["reconcile_minutes"].as<int>();
    if (sub.reconcile_minutes < 1) {
      throw ConfigError(s["reconcile_minutes"].Mark(),
                        "graph.subscriptions: reconcile_minutes >= 1");
    }
    if (s["certificate_id"]) sub.certificate_id = s["certificate_id"].as<std::string>();
  }
}

// The ring's keys that are not retired join `keys`; its current key becomes the subscriptions'
// certificate unless the config names one. No ring yet (nothing rotated in) is not an error here:
// doctor and run say so.
Status MergeKeyRing(RuntimeConfig* c) {
  auto ring = graph::LoadKeyRing(c->key_ring.dir);
  if (!ring.ok())
    return ring.status().code() == StatusCode::kNotFound ? Status::Ok() : ring.status();
  c->key_ring.loaded = true;
  c->key_ring.current = ring->current;
  for (const graph::KeyRingEntry& e : ring->keys) {
    if (!e.retired.empty()) continue;
    bool listed = false;
    for (const KeyConfig& k : c->keys) listed = listed || k.id == e.id;
    if (!listed)
      c->keys.push_back({e.id, ring->KeyFile(e.id).string(), ring->CertFile(e.id).string()});
  }
  if (c->graph.subscriptions.certificate_id.empty()) {
    c->graph.subscriptions.certificate_id = ring->current;
  }
  return Status::Ok();
}

// Whether `path` holds anything but blank lines and comments (yaml-cpp 0.7 reads some malformed
// text as an empty document instead of failing: that must not pass for an empty config).
bool HasYamlContent(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const size_t b = line.find_first_not_of(" \t\r");
    if (b != std::string::npos && line[b] != '#' && line.compare(b, 3, "---") != 0) return true;
  }
  return false;
}

// The first librdkafka property of the config that holds a secret (a password, a private key,
// an OAuth client secret), or "".
std::string InlineSecret(const RuntimeConfig& c) {
  std::vector<const EndpointConfig*> endpoints = {&c.source};
  for (const SinkConfig& s : c.sinks) endpoints.push_back(&s);
  for (const EndpointConfig* e : endpoints) {
    for (const auto& [key, value] : e->properties) {
      if (key.find("password") != std::string::npos || key.find("secret") != std::string::npos ||
          key == "ssl.key.pem" || key == "ssl_key" || key == "sasl.jaas.config") {
        return key;
      }
    }
  }
  return "";
}

}  // namespace

Status LoadRuntimeConfig(const std::string& path, RuntimeConfig* c) {
  const fs::path base = fs::path(path).parent_path();
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (root.IsNull()) {
      if (HasYamlContent(path)) {
        return Status::InvalidArgument(path + ": not a YAML map of settings (could not be parsed)");
      }
      return Status::Ok();
    }
    CheckKeys(root,
              {"policies",
               "plugins",
               "keys",
               "client_state_env",
               "allow_unverified_client_state",
               "tenants",
               "subscriptions",
               "validation_tokens",
               "limits",
               "source",
               "sinks",
               "workers",
               "queue_capacity",
               "metrics",
               "shutdown_timeout_seconds",
               "log_level",
               "embedded",
               "graph",
               "feedback",
               "key_ring",
               "large_payloads"},
              "config");
    if (root["allow_unverified_client_state"]) {
      c->allow_unverified_client_state = root["allow_unverified_client_state"].as<bool>();
    }
    if (root["policies"]) {
      c->policies.clear();
      for (const auto& p : Strings(root["policies"], "policies"))
        c->policies.push_back(Resolve(base, p));
    }
    if (root["plugins"]) {
      c->plugins.clear();
      for (const auto& p : Strings(root["plugins"], "plugins"))
        c->plugins.push_back(Resolve(base, p));
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
      CheckKeys(limits, {"max_event_bytes", "event_time_budget_ms", "plugin_time_budget_ms"},
                "limits");
      if (limits["max_event_bytes"]) c->max_event_bytes = limits["max_event_bytes"].as<size_t>();
      if (limits["event_time_budget_ms"]) {
        c->event_time_budget =
            std::chrono::milliseconds(limits["event_time_budget_ms"].as<uint32_t>());
      }
      if (limits["plugin_time_budget_ms"]) {
        c->plugin_time_budget =
            std::chrono::milliseconds(limits["plugin_time_budget_ms"].as<uint32_t>());
      }
    }
    if (const YAML::Node lp = root["large_payloads"]) {
      CheckKeys(
          lp,
          {"account_url", "account_name", "container", "shared_key_env", "sas_env", "ca_bundle"},
          "large_payloads");
      auto& o = c->large_payloads;
      if (!lp["account_url"])
        throw ConfigError(lp.Mark(), "large_payloads: 'account_url' is required");
      o.account_url = lp["account_url"].as<std::string>();
      if (lp["account_name"]) o.account_name = lp["account_name"].as<std::string>();
      if (lp["container"]) o.container = lp["container"].as<std::string>();
      if (lp["shared_key_env"]) o.shared_key_env = lp["shared_key_env"].as<std::string>();
      if (lp["sas_env"]) o.sas_env = lp["sas_env"].as<std::string>();
      if (lp["ca_bundle"]) o.ca_bundle = Resolve(base, lp["ca_bundle"].as<std::string>());
      if (o.shared_key_env.empty() == o.sas_env.empty()) {
        throw ConfigError(lp.Mark(), "large_payloads: one of 'shared_key_env' or 'sas_env'");
      }
    }
    if (const YAML::Node kr = root["key_ring"]) {
      CheckKeys(kr, {"dir", "retire_after_minutes"}, "key_ring");
      if (!kr["dir"]) throw ConfigError(kr.Mark(), "key_ring: 'dir' is required");
      c->key_ring.dir = Resolve(base, kr["dir"].as<std::string>());
      if (kr["retire_after_minutes"]) {
        c->key_ring.retire_after_minutes = kr["retire_after_minutes"].as<int>();
        if (c->key_ring.retire_after_minutes < 1) {
          throw ConfigError(kr["retire_after_minutes"].Mark(),
                            "key_ring: retire_after_minutes must be at least 1");
        }
      }
    }
    if (const YAML::Node f = root["feedback"]) {
      CheckKeys(f, {"keep_justification_text", "ledger_capacity"}, "feedback");
      if (f["keep_justification_text"]) {
        c->feedback.keep_justification_text = f["keep_justification_text"].as<bool>();
      }
      if (f["ledger_capacity"]) c->feedback.ledger_capacity = f["ledger_capacity"].as<size_t>();
    }
    if (const YAML::Node src = root["source"]) ReadSource(src, &c->source);
    if (const YAML::Node sinks = root["sinks"]) {
      if (!sinks.IsSequence()) throw ConfigError(sinks.Mark(), "sinks must be a list");
      for (const YAML::Node& n : sinks) c->sinks.push_back(ReadSink(n, base));
    }
    if (const YAML::Node g = root["graph"]) ReadGraph(g, base, &c->graph);
    for (const SinkConfig& sc : c->sinks) {
      if (sc.type == "teams-policy-violation" && !c->graph.configured()) {
        throw ConfigError(root["sinks"].Mark(),
                          "a teams-policy-violation sink needs the 'graph' section (the app "
                          "registration that may update messages)");
      }
    }
    if (root["workers"]) c->workers = root["workers"].as<unsigned>();
    if (root["queue_capacity"]) c->queue_capacity = root["queue_capacity"].as<size_t>();
    if (const YAML::Node m = root["metrics"]) {
      CheckKeys(m, {"listen"}, "metrics");
      if (m["listen"])
        c->metrics_listen = m["listen"].IsNull() ? "" : m["listen"].as<std::string>();
    }
    if (root["shutdown_timeout_seconds"]) {
      c->shutdown_timeout_seconds = root["shutdown_timeout_seconds"].as<int>();
    }
    if (root["log_level"]) c->log_level = root["log_level"].as<std::string>();
    if (const YAML::Node e = root["embedded"]) {
      CheckKeys(e, {"capture", "partitions"}, "embedded");
      if (e["capture"]) c->embedded_capture = Resolve(base, e["capture"].as<std::string>());
      if (e["partitions"]) c->embedded_partitions = e["partitions"].as<int>();
    }
    if (c->key_ring.configured()) {
      if (Status s = MergeKeyRing(c); !s.ok()) return s;
    }
    if (c->graph.subscriptions.configured() && c->graph.subscriptions.certificate_id.empty() &&
        !c->key_ring.configured()) {
      throw ConfigError(root["graph"].Mark(),
                        "graph.subscriptions: 'certificate_id' (a key of `keys:`) is required "
                        "unless a key_ring gives the current key");
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
  // Secrets belong in the environment (the *_env settings); a librdkafka property can still
  // carry one inline, and then the file is a secret file.
  if (const std::string held = InlineSecret(*c); !held.empty()) {
    if (Status s =
            graph::CheckSecretFileMode(path, "config file (it holds " + held + ")", &c->warnings);
        !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

}  // namespace bulwark::cli
