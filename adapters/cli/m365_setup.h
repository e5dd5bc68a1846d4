// M365Setup: the Microsoft 365 clients `bulwark run` builds from the `graph:` section: the HTTPS
// client, the Entra ID token provider and the Graph client. Owned together, so that sinks that
// point at them (teams-policy-violation) outlive nothing they use.
#ifndef BULWARK_ADAPTERS_CLI_M365_SETUP_H_
#define BULWARK_ADAPTERS_CLI_M365_SETUP_H_

#include <memory>

#include "cli/runtime_config.h"
#include "http/http_client.h"
#include "m365/entra_token.h"
#include "m365/graph_client.h"
#include "m365/subscriptions.h"

namespace bulwark::cli {

struct M365Setup {
  std::unique_ptr<http::Client> http;
  std::unique_ptr<m365::TokenProvider> tokens;
  std::unique_ptr<m365::GraphClient> graph;
};

// Reads the client secret from the variable the config names (an unset or empty variable is
// an error naming it) or loads the certificate credential. No network I/O: the first token is
// requested when first needed. The result must not be moved from its unique_ptr.
Result<std::unique_ptr<M365Setup>> BuildM365Setup(const GraphConfig& config);

// The desired subscriptions of `config.graph.subscriptions`: one per resource, encrypting for
// the `keys:` entry it names (its certificate file), with the clientState from the config's
// environment variable, which must be set.
Result<std::vector<m365::DesiredSubscription>> BuildDesiredSubscriptions(
    const RuntimeConfig& config);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_M365_SETUP_H_
