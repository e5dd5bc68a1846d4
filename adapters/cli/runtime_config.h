// RuntimeConfig: the part of bulwark.yaml that `replay` (and later `run`) share: policies, keys,
// clientState, tenants, subscriptions, validation tokens, limits. Secrets are never in the file:
// it names the environment variables that hold them.
#ifndef BULWARK_ADAPTERS_CLI_RUNTIME_CONFIG_H_
#define BULWARK_ADAPTERS_CLI_RUNTIME_CONFIG_H_

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bulwark/policy_set.h"
#include "bulwark/status.h"

namespace bulwark::cli {

struct KeyConfig {
  std::string id;
  std::string key_file;
  std::string cert_file;  // optional
};

// A Kafka-protocol endpoint in the config: an Event Hubs namespace or bootstrap servers.
struct EndpointConfig {
  std::string eventhubs_namespace;
  std::string connection_string_env;
  std::string bootstrap_servers;
  std::map<std::string, std::string> properties;  // extra librdkafka properties
};

struct SourceConfig : EndpointConfig {
  std::string topic;  // the Event Hub
  std::string consumer_group = "bulwark";
  bool configured() const { return !eventhubs_namespace.empty() || !bootstrap_servers.empty(); }
};

struct SinkConfig : EndpointConfig {
  std::string type;    // jsonl | kafka | teams-policy-violation
  std::string path;    // jsonl: file or "-"; teams: the enforcement log
  bool fsync = false;  // jsonl
  std::string topic;   // kafka
  // verdict | feedback | lifecycle | dead_letter (default: all; teams: verdict)
  std::vector<std::string> records;
  // teams-policy-violation:
  std::string compliance_url;
  std::string dead_letter;  // verdicts Graph refused, as dead-letter records (optional)
  std::string verdict_details = "allowFalsePositiveOverride";
  int concurrency = 8;
};

// The `graph:` section: the app registration Bulwark signs in as (Entra ID, client
// credentials) and where Graph is. Secrets: the client secret comes from `client_secret_env`;
// a certificate credential is a key file (mode 0600) and its certificate.
struct GraphConfig {
  std::string tenant_id;
  std::string client_id;
  std::string client_secret_env;  // one of these two credentials
  std::string certificate_key_file;
  std::string certificate_file;
  std::string authority = "https://login.microsoftonline.com";
  std::string base_url = "https://graph.microsoft.com/v1.0";
  std::string ca_bundle;  // extra trust (tests, TLS-inspecting proxies); empty: the system's
  // graph.subscriptions: what `bulwark subscriptions reconcile` maintains.
  struct Subscriptions {
    std::string notification_url;            // EventHub:https://<ns>.servicebus.windows.net/...
    std::string lifecycle_notification_url;  // default: notification_url
    std::vector<std::string> resources = {"/chats/getAllMessages?model=A",
                                          "/teams/getAllMessages?model=A"};
    std::string change_type = "created,updated";
    int expiration_minutes = 4200;
    int renew_margin_minutes = 720;
    int reconcile_minutes = 60;  // bulwark run: how often the leader reconciles
    std::string certificate_id;  // a `keys:` id with a cert_file
    bool configured() const { return !notification_url.empty(); }
  } subscriptions;
  bool configured() const { return !tenant_id.empty(); }
};

// The `feedback:` section: flagged messages that come back (override, false positive, Bulwark's
// own PATCH).
struct FeedbackConfig {
  bool keep_justification_text = false;  // default: its length and a keyed fingerprint only
  size_t ledger_capacity = 100000;       // flagged messages remembered per process
};

// The `key_ring:` section: keys Bulwark rotates itself (graph/key_ring.h). Its keys that are not
// retired join `keys`; its current key is the subscriptions' certificate unless
// graph.subscriptions.certificate_id names another.
struct KeyRingConfig {
  std::string dir;
  int retire_after_minutes = 1440;  // an old key unused this long is retired (bulwark run)
  bool loaded = false;              // ring.json was found and read
  std::string current;
  bool configured() const { return !dir.empty(); }
};

// The `large_payloads:` section: the storage account Graph writes rich notifications over 1 MB
// to (the subscription's blobStoreUrl). Secrets come from the named environment variables.
struct LargePayloadsConfig {
  std::string account_url;   // https://<account>.blob.core.windows.net (or Azurite's URL)
  std::string account_name;  // default: from the URL
  std::string container = "microsoft-graph-change-notifications";
  std::string shared_key_env;  // the account key, or
  std::string sas_env;         // a SAS token with read permission on the container
  std::string ca_bundle;
  bool configured() const { return !account_url.empty(); }
};

struct RuntimeConfig {
  std::vector<std::string> policies;
  std::vector<std::string> plugins;  // plugin directories or files (empty: the shipped ones)
  std::vector<KeyConfig> keys;
  KeyRingConfig key_ring;
  std::string client_state_env = "BULWARK_CLIENT_STATE";
  // Run an enforcing service although clientState is not checked (its variable is unset): every
  // notification written to the Event Hub is then trusted. Off: such a service refuses to start.
  bool allow_unverified_client_state = false;
  std::set<std::string> tenants;
  std::set<std::string> subscriptions;
  std::string jwks_file;  // validation tokens: JWKS of the tenant's signing keys
  std::string app_id;     // validation tokens: expected audience
  bool require_tokens = false;
  size_t max_event_bytes = 1024 * 1024;
  // LoadOptions::event_time_budget / plugin_time_budget (limits.*_time_budget_ms; 0: none).
  std::chrono::milliseconds event_time_budget = kDefaultEventTimeBudget;
  std::chrono::milliseconds plugin_time_budget = kDefaultPluginTimeBudget;
  LargePayloadsConfig large_payloads;
  // What loading the file found worth a warning (a secret file loaded despite its mode).
  std::vector<std::string> warnings;
  FeedbackConfig feedback;
  // Service (bulwark run):
  SourceConfig source;            // not configured: the embedded broker demo
  std::vector<SinkConfig> sinks;  // empty: JSON Lines on stdout for every record
  unsigned workers = 0;           // 0: the number of cores
  size_t queue_capacity = 1024;
  std::string metrics_listen = "127.0.0.1:9464";  // "" disables the endpoint
  int shutdown_timeout_seconds = 10;
  std::string log_level = "info";
  GraphConfig graph;             // needed by the teams-policy-violation sink
  std::string embedded_capture;  // embedded demo: what to publish (default: the samples)
  int embedded_partitions = 4;
};

// Loads `path` into *config (fields not in the file keep their values). Relative file paths in
// the config are resolved against the config file's directory. Errors name file:line:column.
Status LoadRuntimeConfig(const std::string& path, RuntimeConfig* config);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_RUNTIME_CONFIG_H_
