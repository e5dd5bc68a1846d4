// TokenProvider: app-only access tokens from Entra ID (OAuth 2.0 client credentials grant) for
// Microsoft Graph. The credential is a client secret or a certificate: a JWT client assertion
// signed RS256 with the certificate's key, carrying its `x5t#S256` thumbprint, a lifetime of
// ten minutes and a unique `jti`.
//
// Tokens are cached and refreshed `refresh_margin_s` before they expire; concurrent callers
// share one refresh (single flight). After Graph rejects a token (401), Invalidate(token) makes
// the next Token() refresh, once, however many callers saw the rejection.
//
// Secrets: the client secret, the assertion and the tokens are never logged and never part of
// an error message.
//
// Thread-safety: every method may be called from any thread.
#ifndef BULWARK_ADAPTERS_M365_ENTRA_TOKEN_H_
#define BULWARK_ADAPTERS_M365_ENTRA_TOKEN_H_

#include <openssl/evp.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "bulwark/status.h"
#include "http/http_client.h"
#include "source/clock.h"

namespace bulwark::m365 {

// A certificate credential: the private key and the DER certificate it belongs to.
struct CertificateCredential {
  std::shared_ptr<EVP_PKEY> key;
  std::string certificate_der;
};

// Loads a PEM private key and its certificate (PEM or DER; may be the key file itself).
// InvalidArgument when they do not belong together.
Result<CertificateCredential> LoadCertificateCredential(const std::string& key_file,
                                                        const std::string& cert_file);

struct EntraOptions {
  std::string authority = "https://login.microsoftonline.com";  // national clouds differ
  std::string tenant_id;
  std::string client_id;
  std::string scope = "https://graph.microsoft.com/.default";
  // Exactly one credential.
  std::string client_secret;
  CertificateCredential certificate;
  int refresh_margin_s = 300;  // refresh this long before expiry
  int assertion_lifetime_s = 600;
};

class TokenProvider {
 public:
  // `http` and `clock` are not owned and must outlive the provider. InvalidArgument when the
  // options name no credential, or both.
  static Result<std::unique_ptr<TokenProvider>> Create(EntraOptions options,
                                                       const http::Client* http,
                                                       const source::Clock& clock);
  TokenProvider(const TokenProvider&) = delete;
  TokenProvider& operator=(const TokenProvider&) = delete;

  // A token valid for at least the refresh margin (requesting one when needed). Errors name
  // Entra's error code and description (AADSTS...), never the credential.
  Result<std::string> Token();
  // `token` was rejected: the next Token() requests a new one, unless that already happened.
  void Invalidate(const std::string& token);
  // Token requests made so far (for tests and metrics).
  uint64_t requests() const;

  // The signed client assertion for `now_s` and `jti` (exposed for tests).
  std::string ClientAssertion(int64_t now_s, const std::string& jti) const;
  // The token endpoint: <authority>/<tenant>/oauth2/v2.0/token.
  std::string TokenUrl() const;

 private:
  TokenProvider(EntraOptions options, const http::Client* http, const source::Clock& clock)
      : options_(std::move(options)), http_(http), clock_(clock) {}
  Status Fetch(std::string* token, int64_t* expires_at_s);

  const EntraOptions options_;
  const http::Client* http_;
  const source::Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool refreshing_ = false;
  std::string token_;
  int64_t expires_at_s_ = 0;
  Status last_error_;  // of the latest refresh, for callers that waited for it
  uint64_t requests_ = 0;
};

}  // namespace bulwark::m365

#endif  // BULWARK_ADAPTERS_M365_ENTRA_TOKEN_H_
