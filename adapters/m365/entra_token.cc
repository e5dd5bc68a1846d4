#include "m365/entra_token.h"

#include <openssl/pem.h>
#include <openssl/rand.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "bulwark/parse_number.h"
#include "graph/base64.h"
#include "graph/key_store.h"
#include "graph/secret_file.h"

namespace bulwark::m365 {
namespace {

std::string Base64Url(std::string_view bytes) {
  std::string s = graph::Base64Encode(bytes);
  for (char& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::string Sha256(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string RandomUuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) return {};
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  char out[37];
  snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
           b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
           b[14], b[15]);
  return out;
}

std::string SignRs256(EVP_PKEY* key, std::string_view input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    return {};
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return {};
  }
  sig.resize(len);
  return sig;
}

}  // namespace

Result<CertificateCredential> LoadCertificateCredential(const std::string& key_file,
                                                        const std::string& cert_file) {
  graph::WipedString secret;  // the key's bytes, wiped when this returns
  if (!graph::ReadSecretFile(key_file, &secret)) {
    return Status::NotFound("cannot open the credential key " + key_file);
  }
  if (Status s = graph::CheckSecretFileMode(key_file, "credential key", nullptr); !s.ok()) {
    return s;
  }
  BIO* bio = BIO_new_mem_buf(secret.value().data(), static_cast<int>(secret.value().size()));
  EVP_PKEY* raw =
      bio == nullptr ? nullptr : PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (raw == nullptr) return Status::InvalidArgument(key_file + " holds no PEM private key");
  CertificateCredential c;
  c.key.reset(raw, EVP_PKEY_free);
  std::shared_ptr<EVP_PKEY> pub;
  if (Status s = graph::LoadCertificatePublicKey(cert_file.empty() ? key_file : cert_file, &pub,
                                                 &c.certificate_der);
      !s.ok()) {
    return s;
  }
  if (EVP_PKEY_eq(c.key.get(), pub.get()) != 1) {
    return Status::InvalidArgument("the credential key " + key_file +
                                   " does not belong to the certificate " + cert_file);
  }
  return c;
}

Result<std::unique_ptr<TokenProvider>> TokenProvider::Create(EntraOptions options,
                                                             const http::Client* http,
                                                             const source::Clock& clock) {
  const bool secret = !options.client_secret.empty();
  const bool cert = options.certificate.key != nullptr;
  if (secret == cert) {
    return Status::InvalidArgument(
        "Entra ID: give exactly one credential, a client secret or a certificate");
  }
  if (options.tenant_id.empty() || options.client_id.empty()) {
    return Status::InvalidArgument("Entra ID: tenant_id and client_id are required");
  }
  return std::unique_ptr<TokenProvider>(new TokenProvider(std::move(options), http, clock));
}

std::string TokenProvider::TokenUrl() const {
  return options_.authority + "/" + options_.tenant_id + "/oauth2/v2.0/token";
}

std::string TokenProvider::ClientAssertion(int64_t now_s, const std::string& jti) const {
  const nlohmann::json header = {
      {"alg", "RS256"},
      {"typ", "JWT"},
      {"x5t#S256", Base64Url(Sha256(options_.certificate.certificate_der))}};
  const nlohmann::json claims = {{"aud", TokenUrl()},
                                 {"iss", options_.client_id},
                                 {"sub", options_.client_id},
                                 {"jti", jti},
                                 {"nbf", now_s},
                                 {"iat", now_s},
                                 {"exp", now_s + options_.assertion_lifetime_s}};
  const std::string signing_input = Base64Url(header.dump()) + "." + Base64Url(claims.dump());
  return signing_input + "." + Base64Url(SignRs256(options_.certificate.key.get(), signing_input));
}

Status TokenProvider::Fetch(std::string* token, int64_t* expires_at_s) {
  const int64_t now_s = clock_.WallMillis() / 1000;
  std::vector<std::pair<std::string, std::string>> form = {{"client_id", options_.client_id},
                                                           {"scope", options_.scope},
                                                           {"grant_type", "client_credentials"}};
  if (!options_.client_secret.empty()) {
    form.emplace_back("client_secret", options_.client_secret);
  } else {
    form.emplace_back("client_assertion_type",
                      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.emplace_back("client_assertion", ClientAssertion(now_s, RandomUuid()));
  }
  http::Request request;
  request.method = "POST";
  request.url = TokenUrl();
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = http::FormEncode(form);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_;
  }
  auto response = http_->Send(request);
  if (!response.ok())
    return Status::IoError("Entra ID token request: " + response.status().message());
  const nlohmann::json j = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status != 200) {
    std::string why = "HTTP " + std::to_string(response->status);
    if (j.is_object()) {
      why += ": " + j.value("error", std::string("?")) + ": " +
             j.value("error_description", std::string());
    }
    return Status::FailedPrecondition("Entra ID refused the token request (" + why + ")");
  }
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string() ||
      !j.contains("expires_in")) {
    return Status::Internal("Entra ID answered 200 without access_token and expires_in");
  }
  // expires_in is a number in v2.0, a string in some older endpoints.
  int64_t expires_in = 0;
  const nlohmann::json& e = j["expires_in"];
  if (e.is_number_integer()) {
    expires_in = e.get<int64_t>();
  } else if (e.is_string()) {
    expires_in = ParseInteger<int64_t>(e.get<std::string>(), 1).value_or(0);
  }
  if (expires_in <= 0) return Status::Internal("Entra ID answered a token without a lifetime");
  *token = j["access_token"].get<std::string>();
  *expires_at_s = now_s + expires_in;
  return Status::Ok();
}

Result<std::string> TokenProvider::Token() {
  std::unique_lock<std::mutex> lock(mu_);
  bool waited = false;
  while (true) {
    const int64_t now_s = clock_.WallMillis() / 1000;
    if (!token_.empty() && now_s + options_.refresh_margin_s < expires_at_s_) return token_;
    if (!refreshing_) {
      if (waited && !last_error_.ok()) return last_error_;  // the refresh we waited for failed
      break;
    }
    cv_.wait(lock);
    waited = true;
  }
  refreshing_ = true;
  lock.unlock();
  std::string token;
  int64_t expires_at_s = 0;
  const Status s = Fetch(&token, &expires_at_s);
  lock.lock();
  refreshing_ = false;
  last_error_ = s;
  if (s.ok()) {
    token_ = token;
    expires_at_s_ = expires_at_s;
  }
  cv_.notify_all();
  if (!s.ok()) return s;
  return token;
}

void TokenProvider::Invalidate(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  if (token == token_) token_.clear();
}

uint64_t TokenProvider::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

}  // namespace bulwark::m365
