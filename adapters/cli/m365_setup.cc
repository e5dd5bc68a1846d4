#include "cli/m365_setup.h"

#include <cstdlib>

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

}  // namespace bulwark::cli
