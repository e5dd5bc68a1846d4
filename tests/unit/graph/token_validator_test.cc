#include "graph/token_validator.h"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/rsa.h>

#include "graph/base64.h"
#include "graph/notification_decoder.h"

namespace bulwark::graph {
namespace {

using nlohmann::json;

std::string B64Url(std::string_view s) {
  std::string b = Base64Encode(s);
  for (char& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b.empty() && b.back() == '=') b.pop_back();
  return b;
}

std::string Bn(EVP_PKEY* k, const char* name) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(k, name, &bn);
  std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_.reset(EVP_RSA_gen(2048), EVP_PKEY_free);
    jwks_ = {{"keys", json::array({{{"kty", "RSA"},
                                    {"kid", "k1"},
                                    {"n", B64Url(Bn(key_.get(), OSSL_PKEY_PARAM_RSA_N))},
                                    {"e", B64Url(Bn(key_.get(), OSSL_PKEY_PARAM_RSA_E))}}})}};
    auto v = TokenValidator::FromJwks(jwks_, "app-123");
    ASSERT_TRUE(v.ok()) << v.status().message();
    validator_ = std::move(v).value();
    claims_ = {{"aud", "app-123"}, {"iss", "https://sts.windows.net/t1/"},
               {"tid", "t1"},      {"azp", kGraphChangeTrackingAppId},
               {"nbf", kNow - 60}, {"exp", kNow + 3600}};
  }
  std::string Sign(const json& header, const json& claims, EVP_PKEY* key = nullptr) {
    const std::string signing = B64Url(header.dump()) + "." + B64Url(claims.dump());
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key ? key : key_.get());
    size_t len = 0;
    EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(signing.data()),
                   signing.size());
    std::string sig(len, '\0');
    EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(signing.data()), signing.size());
    EVP_MD_CTX_free(md);
    sig.resize(len);
    return signing + "." + B64Url(sig);
  }
  std::string Token() { return Sign({{"alg", "RS256"}, {"kid", "k1"}}, claims_); }
  std::string Why(const std::string& token) { return validator_->Validate(token, kNow).message(); }

  static constexpr int64_t kNow = 1795000000;
  std::shared_ptr<EVP_PKEY> key_;
  json jwks_;
  json claims_;
  std::unique_ptr<TokenValidator> validator_;
};

TEST_F(TokenTest, ValidTokenPasses) {
  EXPECT_TRUE(validator_->Validate(Token(), kNow).ok());
  claims_["iss"] = "https://login.microsoftonline.com/t1/v2.0";
  claims_.erase("azp");
  claims_["appid"] = kGraphChangeTrackingAppId;
  EXPECT_TRUE(validator_->Validate(Token(), kNow).ok());
}

TEST_F(TokenTest, EachCheckFails) {
  std::string t = Token();
  t[t.size() - 5] = t[t.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Why(t), "token signature is invalid");
  EXPECT_EQ(Why(Sign({{"alg", "RS256"}, {"kid", "other"}}, claims_)),
            "token kid is not in the JWKS");
  EXPECT_EQ(Why(Sign({{"alg", "HS256"}, {"kid", "k1"}}, claims_)), "token alg is not RS256");
  std::shared_ptr<EVP_PKEY> other(EVP_RSA_gen(2048), EVP_PKEY_free);
  EXPECT_EQ(Why(Sign({{"alg", "RS256"}, {"kid", "k1"}}, claims_, other.get())),
            "token signature is invalid");
  json c = claims_;
  c["aud"] = "someone-else";
  EXPECT_EQ(Why(Sign({{"alg", "RS256"}, {"kid", "k1"}}, c)), "token audience is not this app");
  c = claims_;
  c["iss"] = "https://evil.example/t1/";
  EXPECT_EQ(Why(Sign({{"alg", "RS256"}, {"kid", "k1"}}, c)),
            "token issuer is not Microsoft identity for its tenant");
  c = claims_;
  c["exp"] = kNow - 400;
  EXPECT_EQ(Why(Sign({{"alg", "RS256"}, {"kid", "k1"}}, c)), "token expired");
  c = claims_;
  c["nbf"] = kNow + 400;
  EXPECT_EQ(Why(Sign({{"alg", "RS256"}, {"kid", "k1"}}, c)), "token not yet valid");
  c = claims_;
  c["azp"] = "another-app";
  EXPECT_EQ(Why(Sign({{"alg", "RS256"}, {"kid", "k1"}}, c)),
            "token was not issued to Graph change tracking");
  EXPECT_EQ(Why("abc"), "token is not a compact JWS");
}

TEST_F(TokenTest, DecoderRejectsBatchWithInvalidToken) {
  // Wiring: an event whose validationTokens fail becomes one token_invalid dead letter.
  json c = claims_;
  c["exp"] = 1000;  // long expired whatever the clock says
  const std::string body = json{{"value", json::array()},
                                {"validationTokens", {Sign({{"alg", "RS256"}, {"kid", "k1"}}, c)}}}
                               .dump();
  DecoderConfig config;
  config.tokens = validator_.get();
  const DecodeResult r = NotificationDecoder(config).Decode(body);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(ToString(r.items[0].reason), "token_invalid");
  config.require_tokens = true;
  EXPECT_EQ(ToString(NotificationDecoder(config).Decode(R"({"value": []})").items.at(0).reason),
            "token_invalid");
}

}  // namespace
}  // namespace bulwark::graph
