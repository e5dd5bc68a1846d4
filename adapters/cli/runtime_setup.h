// RuntimeSetup: what `replay` and `run` build from a RuntimeConfig before processing anything:
// the compiled policy set, the key store, the token validator and the decoder. Shared so that
// both commands decode and evaluate identically.
#ifndef BULWARK_ADAPTERS_CLI_RUNTIME_SETUP_H_
#define BULWARK_ADAPTERS_CLI_RUNTIME_SETUP_H_

#include <memory>
#include <string>
#include <vector>

#include "blob/blob_client.h"
#include "bulwark/engine.h"
#include "cli/runtime_config.h"
#include "graph/notification_decoder.h"
#include "pipeline/feedback.h"

namespace bulwark::cli {

struct RuntimeSetup {
  LoadOptions load;  // what a reload loads again
  std::shared_ptr<const PolicySet> policies;
  graph::KeyStore keys;
  std::unique_ptr<graph::TokenValidator> tokens;
  std::unique_ptr<graph::NotificationDecoder> decoder;  // points into keys and tokens
  pipeline::FeedbackOptions feedback;
  std::unique_ptr<blob::BlobClient> payloads;  // large_payloads; the decoder uses it
  bool client_state_checked = false;  // the decoder compares clientState (its variable is set)
};

// Loads the policies (diagnostics printed to stderr as file:line:col lines), the keys of the
// config and of `key_specs` ("ID=KEY[,CERT]"), the JWKS, and reads clientState from the
// config's environment variable. Key warnings are appended to `warnings`. The returned setup
// must not be moved (the decoder refers to its members). `service`: every pattern is compiled
// at load (LoadOptions::compile_every_pattern: the service's workers never wait for a compile,
// and reloads compile aside); offline commands (replay, explain) compile a pattern when it is
// first confirmed, so they pay only for the patterns their messages need.
Result<std::unique_ptr<RuntimeSetup>> BuildRuntimeSetup(const RuntimeConfig& config,
                                                        const std::vector<std::string>& key_specs,
                                                        const char* argv0, bool service,
                                                        std::vector<std::string>* warnings);

// The Blob Storage client of the `large_payloads:` section, its credential read from the named
// environment variable (InvalidArgument naming the variable when it is not set).
Result<std::unique_ptr<blob::BlobClient>> MakePayloadStore(const LargePayloadsConfig& config);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_RUNTIME_SETUP_H_
