#include "cli/runtime_setup.h"

#include <cstdlib>
#include <iostream>

#include "cli/plugin_options.h"
#include "cli/policy_paths.h"

namespace bulwark::cli {

Result<std::unique_ptr<blob::BlobClient>> MakePayloadStore(const LargePayloadsConfig& lp) {
  blob::BlobOptions bo;
  bo.account_url = lp.account_url;
  bo.account_name = lp.account_name;
  bo.ca_bundle = lp.ca_bundle;
  const std::string& var = lp.shared_key_env.empty() ? lp.sas_env : lp.shared_key_env;
  const char* secret = std::getenv(var.c_str());
  if (secret == nullptr || *secret == '\0') {
    return Status::InvalidArgument("large_payloads: " + var +
                                   " (the storage account's credential) is not set");
  }
  (lp.shared_key_env.empty() ? bo.sas : bo.shared_key) = secret;
  return blob::BlobClient::Create(bo);
}

Result<std::unique_ptr<RuntimeSetup>> BuildRuntimeSetup(const RuntimeConfig& config,
                                                        const std::vector<std::string>& key_specs,
                                                        const char* argv0, bool service,
                                                        std::vector<std::string>* warnings) {
  auto setup = std::make_unique<RuntimeSetup>();
  warnings->insert(warnings->end(), config.warnings.begin(), config.warnings.end());
  setup->load.paths = PolicyPathsOrDefault(config.policies, argv0);
  setup->load.database_cache_dir = DefaultDatabaseCacheDir();
  setup->load.compile_every_pattern = service;
  setup->load.event_time_budget = config.event_time_budget;
  setup->load.plugin_time_budget = config.plugin_time_budget;
  ParsedArgs plugin_args;  // the config's plugin directories, as --plugins would give them
  if (!config.plugins.empty()) plugin_args.values["plugins"] = config.plugins;
  setup->load.plugins = LoadPlugins(plugin_args, argv0, "bulwark");
  if (!setup->load.plugins) {
    return Status::InvalidArgument("a configured plugin path does not exist");
  }
  if (const char* key = std::getenv("BULWARK_FINGERPRINT_KEY"); key != nullptr) {
    setup->load.fingerprint_key = key;
    setup->feedback.fingerprint_key = key;
  }
  setup->feedback.keep_justification_text = config.feedback.keep_justification_text;
  setup->feedback.ledger_capacity = config.feedback.ledger_capacity;
  std::vector<Diagnostic> diagnostics;
  auto set = PolicySet::Load(setup->load, &diagnostics);
  for (const Diagnostic& d : diagnostics) std::cerr << d.ToString() << "\n";
  if (!set.ok()) return set.status();
  setup->policies = *set;

  for (const KeyConfig& k : config.keys) {
    if (Status s = setup->keys.Add(k.id, k.key_file, k.cert_file, warnings); !s.ok()) return s;
  }
  for (const std::string& spec : key_specs) {
    if (Status s = setup->keys.AddSpec(spec, warnings); !s.ok()) return s;
  }
  if (!config.jwks_file.empty()) {
    auto v = graph::TokenValidator::FromJwksFile(config.jwks_file, config.app_id);
    if (!v.ok()) return v.status();
    setup->tokens = std::move(v).value();
  }
  graph::DecoderConfig dc;
  dc.keys = &setup->keys;
  if (const char* cs = std::getenv(config.client_state_env.c_str()); cs != nullptr) {
    dc.client_state = cs;
  }
  setup->client_state_checked = !dc.client_state.empty();
  if (!setup->client_state_checked) {
    warnings->push_back("clientState is NOT checked ($" + config.client_state_env +
                        " is not set): any notification written to the Event Hub is trusted, "
                        "a forged one included");
  }
  dc.allowed_tenants = config.tenants;
  dc.known_subscriptions = config.subscriptions;
  dc.max_event_bytes = config.max_event_bytes;
  dc.tokens = setup->tokens.get();
  dc.require_tokens = config.require_tokens;
  if (const LargePayloadsConfig& lp = config.large_payloads; lp.configured()) {
    auto client = MakePayloadStore(lp);
    if (!client.ok()) return client.status();
    setup->payloads = std::move(client).value();
    dc.fetch_payload = [client = setup->payloads.get(), container = lp.container](
                           const std::string& id) { return client->Get(container, id); };
  }
  setup->decoder = std::make_unique<graph::NotificationDecoder>(std::move(dc));
  return setup;
}

}  // namespace bulwark::cli
