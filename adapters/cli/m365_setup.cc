#include "cli/m365_setup.h"

#include <cstdlib>

#include "graph/base64.h"
#include "graph/key_store.h"

namespace bulwark::cli {

Result<std::unique_ptr<M365Setup>> BuildM365Setup(const GraphConfig& config) {
  auto setup = std::make_unique<M365Setup>();
  http::ClientOptions http_options;
  http_options.ca_bundle = config.ca_bundle;
  auto http = http::Client::Create(http_options);
  if (!http.ok()) return http.status();
  setup->http = std::move(http).value();
  m365::EntraOptions entra;
  entra.authority = config.authority;
  entra.tenant_id = config.tenant_id;
  entra.client_id = config.client_id;
  if (!config.client_secret_env.empty()) {
    const char* secret = std::getenv(config.client_secret_env.c_str());
    if (secret == nullptr || *secret == '\0') {
      return Status::FailedPrecondition("graph: $" + config.client_secret_env +
                                        " (the app's client secret) is not set");
    }
    entra.client_secret = secret;
  } else {
    auto cert =
        m365::LoadCertificateCredential(config.certificate_key_file, config.certificate_file);
    if (!cert.ok()) return cert.status();
    entra.certificate = *cert;
  }
  auto tokens = m365::TokenProvider::Create(entra, setup->http.get(), source::SystemClock());
  if (!tokens.ok()) return tokens.status();
  setup->tokens = std::move(tokens).value();
  setup->graph = std::make_unique<m365::GraphClient>(m365::GraphOptions{config.base_url},
                                                     setup->http.get(), setup->tokens.get());
  return setup;
}

// The desired subscriptions of the config: one per resource, encrypting for the configured
// certificate, with the clientState from its environment variable.
Result<std::vector<m365::DesiredSubscription>> BuildDesiredSubscriptions(const RuntimeConfig& c) {
  const auto& s = c.graph.subscriptions;
  if (!s.configured()) return Status::InvalidArgument("the config has no graph.subscriptions");
  if (s.certificate_id.empty()) {
    return Status::InvalidArgument(
        "the key ring " + c.key_ring.dir +
        " has no key yet: run `bulwark keys rotate --config FILE` to create the first one");
  }
  const KeyConfig* key = nullptr;
  for (const KeyConfig& k : c.keys) key = k.id == s.certificate_id ? &k : key;
  if (key == nullptr || key->cert_file.empty()) {
    return Status::InvalidArgument("graph.subscriptions.certificate_id '" + s.certificate_id +
                                   "' is not a `keys:` entry with a cert_file");
  }
  std::shared_ptr<EVP_PKEY> pub;
  std::string der;
  if (Status st = graph::LoadCertificatePublicKey(key->cert_file, &pub, &der); !st.ok()) return st;
  const char* state = std::getenv(c.client_state_env.c_str());
  if (state == nullptr || *state == '\0') {
    return Status::FailedPrecondition("$" + c.client_state_env +
                                      " (the subscriptions' clientState) is not set: without it "
                                      "notifications cannot be told from forgeries");
  }
  std::vector<m365::DesiredSubscription> out;
  for (const std::string& r : s.resources) {
    m365::DesiredSubscription d;
    d.resource = r;
    d.change_type = s.change_type;
    d.notification_url = s.notification_url;
    d.lifecycle_notification_url = s.lifecycle_notification_url;
    d.expiration_minutes = s.expiration_minutes;
    d.encryption_certificate = graph::Base64Encode(der);
    d.encryption_certificate_id = s.certificate_id;
    d.client_state = state;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace bulwark::cli
