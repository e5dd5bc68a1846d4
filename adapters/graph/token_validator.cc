#include "graph/token_validator.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include <fstream>

#include "graph/base64.h"

namespace bulwark::graph {
namespace {

using nlohmann::json;

std::shared_ptr<EVP_PKEY> RsaFromJwk(const std::string& n_b64, const std::string& e_b64) {
  const std::optional<std::string> n_bytes = Base64UrlDecode(n_b64);
  const std::optional<std::string> e_bytes = Base64UrlDecode(e_b64);
  if (!n_bytes || !e_bytes || n_bytes->empty() || e_bytes->empty()) return nullptr;
  const std::string& n = *n_bytes;
  const std::string& e = *e_bytes;
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                           static_cast<int>(n.size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                           static_cast<int>(e.size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  if (bn_n && bn_e && bld && ctx && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) &&
      (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr && EVP_PKEY_fromdata_init(ctx) > 0) {
    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
  }
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  EVP_PKEY_CTX_free(ctx);
  BN_free(bn_n);
  BN_free(bn_e);
  ERR_clear_error();
  if (pkey == nullptr) return nullptr;
  return std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Result<std::unique_ptr<TokenValidator>> TokenValidator::FromJwks(const json& jwks,
                                                                 std::string app_id) {
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return Status::InvalidArgument("JWKS must be an object with a 'keys' array");
  }
  std::unique_ptr<TokenValidator> v(new TokenValidator());
  v->app_id_ = std::move(app_id);
  for (const json& k : jwks["keys"]) {
    if (!k.is_object() || Str(k, "kty") != "RSA" || Str(k, "kid").empty()) continue;
    auto key = RsaFromJwk(Str(k, "n"), Str(k, "e"));
    if (!key)
      return Status::InvalidArgument("JWKS key '" + Str(k, "kid") + "' is not a valid RSA key");
    v->keys_[Str(k, "kid")] = key;
  }
  if (v->keys_.empty()) return Status::InvalidArgument("JWKS has no RSA keys");
  return v;
}

Result<std::unique_ptr<TokenValidator>> TokenValidator::FromJwksFile(
    const std::filesystem::path& file, std::string app_id) {
  std::ifstream in(file);
  if (!in) return Status::IoError("cannot read JWKS file " + file.string());
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return Status::InvalidArgument("JWKS file " + file.string() + " is not JSON");
  return FromJwks(j, std::move(app_id));
}

Status TokenValidator::Validate(std::string_view jwt, int64_t now) const {
  const size_t d1 = jwt.find('.');
  const size_t d2 = d1 == std::string_view::npos ? d1 : jwt.find('.', d1 + 1);
  if (d2 == std::string_view::npos || jwt.find('.', d2 + 1) != std::string_view::npos) {
    return Status::InvalidArgument("token is not a compact JWS");
  }
  auto header_raw = Base64UrlDecode(jwt.substr(0, d1));
  auto payload_raw = Base64UrlDecode(jwt.substr(d1 + 1, d2 - d1 - 1));
  auto signature = Base64UrlDecode(jwt.substr(d2 + 1));
  if (!header_raw || !payload_raw || !signature)
    return Status::InvalidArgument("token is not base64url");
  const json header = json::parse(*header_raw, nullptr, false);
  const json claims = json::parse(*payload_raw, nullptr, false);
  if (!header.is_object() || !claims.is_object())
    return Status::InvalidArgument("token parts are not JSON objects");
  if (Str(header, "alg") != "RS256") return Status::InvalidArgument("token alg is not RS256");
  auto key = keys_.find(Str(header, "kid"));
  if (key == keys_.end()) return Status::InvalidArgument("token kid is not in the JWKS");

  const std::string_view signed_part = jwt.substr(0, d2);
  const std::string& sig = *signature;
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool sig_ok =
      md != nullptr &&
      EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key->second.get()) == 1 &&
      EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(signed_part.data()),
                       signed_part.size()) == 1;
  EVP_MD_CTX_free(md);
  ERR_clear_error();
  if (!sig_ok) return Status::InvalidArgument("token signature is invalid");

  if (Str(claims, "aud") != app_id_)
    return Status::InvalidArgument("token audience is not this app");
  const std::string tid = Str(claims, "tid");
  const std::string iss = Str(claims, "iss");
  if (tid.empty() || (iss != "https://sts.windows.net/" + tid + "/" &&
                      iss != "https://login.microsoftonline.com/" + tid + "/v2.0")) {
    return Status::InvalidArgument("token issuer is not Microsoft identity for its tenant");
  }
  if (!claims.contains("exp") || !claims["exp"].is_number()) {
    return Status::InvalidArgument("token has no expiry");
  }
  if (claims["exp"].get<int64_t>() + leeway_seconds < now)
    return Status::InvalidArgument("token expired");
  if (claims.contains("nbf") && claims["nbf"].is_number() &&
      claims["nbf"].get<int64_t>() - leeway_seconds > now) {
    return Status::InvalidArgument("token not yet valid");
  }
  const std::string azp = !Str(claims, "azp").empty() ? Str(claims, "azp") : Str(claims, "appid");
  if (azp != kGraphChangeTrackingAppId) {
    return Status::InvalidArgument("token was not issued to Graph change tracking");
  }
  return Status::Ok();
}

}  // namespace bulwark::graph
