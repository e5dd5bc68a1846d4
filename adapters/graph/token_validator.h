// TokenValidator: validates the `validationTokens` Graph may attach to a notification batch
// (RS256 JWTs issued by Microsoft identity). Signing keys come from a JWKS file the operator
// downloads from the tenant's discovery endpoint; nothing is fetched at run time.
//
// Checks: alg RS256 with a `kid` present in the JWKS; signature; aud = the configured app id;
// iss = https://sts.windows.net/{tid}/ or https://login.microsoftonline.com/{tid}/v2.0 with
// {tid} the token's tid claim; exp and nbf with a leeway; azp or appid = Graph's
// change-tracking application 0bf30f3b-4a52-48df-9a82-234910c4a086.
//
// Thread-safety: immutable after construction; Validate() may run concurrently.
#ifndef BULWARK_ADAPTERS_GRAPH_TOKEN_VALIDATOR_H_
#define BULWARK_ADAPTERS_GRAPH_TOKEN_VALIDATOR_H_

#include <openssl/evp.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bulwark/status.h"

namespace bulwark::graph {

inline constexpr char kGraphChangeTrackingAppId[] = "0bf30f3b-4a52-48df-9a82-234910c4a086";

class TokenValidator {
 public:
  // `jwks` is {"keys": [{"kty": "RSA", "kid": ..., "n": ..., "e": ...}, ...]}.
  static Result<std::unique_ptr<TokenValidator>> FromJwks(const nlohmann::json& jwks,
                                                          std::string app_id);
  static Result<std::unique_ptr<TokenValidator>> FromJwksFile(const std::filesystem::path& file,
                                                              std::string app_id);

  // OK, or InvalidArgument saying which check failed (never the token itself).
  Status Validate(std::string_view jwt, int64_t now_unix_seconds) const;

  int leeway_seconds = 300;

 private:
  TokenValidator() = default;
  std::string app_id_;
  std::map<std::string, std::shared_ptr<EVP_PKEY>> keys_;  // by kid
};

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_TOKEN_VALIDATOR_H_
