// Entra ID tokens and Graph calls against tests/integration/fake_m365.py (started on loopback
// over TLS by tests/integration/m365_test.sh, which passes its address and files in the
// environment). The fake checks each request against the documented contract, the client
// assertion with PyJWT; these tests check what Bulwark does with the answers.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <latch>
#include <nlohmann/json.hpp>
#include <thread>

#include "m365/entra_token.h"
#include "m365/graph_client.h"

namespace bulwark::m365 {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

// Real wall time plus an offset the test moves (the fake checks times against its own clock).
class OffsetClock : public source::Clock {
 public:
  int64_t WallMillis() const override { return source::SystemClock().WallMillis() + offset_ms; }
  Steady::time_point Now() const override { return Steady::now(); }
  void SleepFor(std::chrono::milliseconds) const override {}
  std::atomic<int64_t> offset_ms{0};
};

// The fake's request log, one JSON object per line.
std::vector<nlohmann::json> Requests() {
  std::vector<nlohmann::json> out;
  std::ifstream in(Env("FAKE_M365_LOG"));
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

size_t Count(const std::vector<nlohmann::json>& log, const std::string& key,
             const nlohmann::json& value) {
  size_t n = 0;
  for (const auto& r : log) n += r.value(key, nlohmann::json()) == value ? 1 : 0;
  return n;
}

class M365Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Env("FAKE_M365_URL").empty()) GTEST_SKIP() << "run through tests/integration/m365_test.sh";
    http::ClientOptions o;
    o.ca_bundle = Env("FAKE_M365_CA");
    auto c = http::Client::Create(o);
    ASSERT_TRUE(c.ok()) << c.status().message();
    http_ = std::move(c).value();
    std::ofstream(Env("FAKE_M365_LOG"), std::ios::trunc);  // each test reads its own requests
  }
  EntraOptions Options() const {
    EntraOptions e;
    e.authority = Env("FAKE_M365_URL");
    e.tenant_id = Env("FAKE_M365_TENANT");
    e.client_id = Env("FAKE_M365_CLIENT_ID");
    return e;
  }
  std::unique_ptr<TokenProvider> WithSecret(const std::string& secret) {
    EntraOptions e = Options();
    e.client_secret = secret;
    auto p = TokenProvider::Create(e, http_.get(), clock_);
    EXPECT_TRUE(p.ok()) << p.status().message();
    return p.ok() ? std::move(p).value() : nullptr;
  }

  std::unique_ptr<http::Client> http_;
  OffsetClock clock_;
};

TEST_F(M365Test, ClientSecretTokenIsCachedUntilNearItsExpiry) {
  auto tokens = WithSecret(Env("FAKE_M365_SECRET"));
  auto a = tokens->Token();
  ASSERT_TRUE(a.ok()) << a.status().message();
  auto b = tokens->Token();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(tokens->requests(), 1u);
  // The fake's tokens live 3,599 s; 3,400 s later we are inside the 300 s margin: refresh.
  clock_.offset_ms = 3'400'000;
  auto c = tokens->Token();
  ASSERT_TRUE(c.ok());
  EXPECT_NE(*c, *a);
  EXPECT_EQ(tokens->requests(), 2u);
  const auto log = Requests();
  EXPECT_EQ(Count(log, "credential", "secret"), 2u);
  EXPECT_EQ(Count(log, "violation", nlohmann::json()), log.size()) << log.back().dump();
}

TEST_F(M365Test, CertificateAssertionIsAcceptedByAnIndependentVerifier) {
  auto cred = LoadCertificateCredential(Env("FAKE_M365_APP_KEY"), Env("FAKE_M365_APP_CERT"));
  ASSERT_TRUE(cred.ok()) << cred.status().message();
  EntraOptions e = Options();
  e.certificate = *cred;
  auto tokens = TokenProvider::Create(e, http_.get(), clock_);
  ASSERT_TRUE(tokens.ok());
  for (int i = 0; i < 2; ++i) {  // three assertions, three jti (a reuse would be refused)
    auto t = (*tokens)->Token();
    ASSERT_TRUE(t.ok()) << t.status().message();
    (*tokens)->Invalidate(*t);
  }
  auto t = (*tokens)->Token();
  ASSERT_TRUE(t.ok()) << t.status().message();
  const auto log = Requests();
  EXPECT_EQ(Count(log, "credential", "certificate"), 3u);
  for (const auto& r : log) EXPECT_FALSE(r.contains("violation")) << r.dump();
}

TEST_F(M365Test, TheFakeRefusesAnAssertionOutsideTheContract) {
  // The stand-in is only worth its checks: an assertion living 15 minutes is refused.
  auto cred = LoadCertificateCredential(Env("FAKE_M365_APP_KEY"), Env("FAKE_M365_APP_CERT"));
  ASSERT_TRUE(cred.ok());
  EntraOptions e = Options();
  e.certificate = *cred;
  e.assertion_lifetime_s = 900;
  auto tokens = TokenProvider::Create(e, http_.get(), clock_);
  ASSERT_TRUE(tokens.ok());
  auto t = (*tokens)->Token();
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("lifetime over 10 minutes"), std::string::npos)
      << t.status().message();
  EXPECT_EQ(Count(Requests(), "violation", "client assertion: lifetime over 10 minutes"), 1u);
}

TEST_F(M365Test, AKeyThatIsNotTheCertificatesIsRefusedAtLoad) {
  auto cred = LoadCertificateCredential(Env("FAKE_M365_OTHER_KEY"), Env("FAKE_M365_APP_CERT"));
  ASSERT_FALSE(cred.ok());
  EXPECT_NE(cred.status().message().find("does not belong to the certificate"), std::string::npos);
}

TEST_F(M365Test, ConcurrentCallersShareOneRefresh) {
  auto tokens = WithSecret(Env("FAKE_M365_SECRET"));
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::vector<std::string> got(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto t = tokens->Token();
      got[i] = t.ok() ? *t : "error: " + t.status().message();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(tokens->requests(), 1u);  // the fake answers slowly: all eight were waiting
  for (const auto& g : got) EXPECT_EQ(g, got[0]);
  EXPECT_EQ(got[0].rfind("tok-", 0), 0u) << got[0];
}

TEST_F(M365Test, A401FromGraphRefreshesOnceAndRetriesOnce) {
  auto tokens = WithSecret(Env("FAKE_M365_SECRET"));
  GraphClient graph({Env("FAKE_M365_URL") + "/v1.0"}, http_.get(), tokens.get());
  auto r = graph.Call("GET", "/me");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 200);
  http::Request expire;
  expire.method = "POST";
  expire.url = Env("FAKE_M365_URL") + "/control/expire-tokens";
  ASSERT_TRUE(http_->Send(expire).ok());
  r = graph.Call("GET", "/me");  // 401 with the revoked token, then 200 with a new one
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(tokens->requests(), 2u);
  const auto log = Requests();
  EXPECT_EQ(Count(log, "status", 401), 1u);
  EXPECT_EQ(Count(log, "status", 200), 4u);  // two tokens, two calls
}

TEST_F(M365Test, EntraErrorsAreNamedAndTheSecretIsNot) {
  auto tokens = WithSecret("not-the-secret-XYZZY");
  auto t = tokens->Token();
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("invalid_client"), std::string::npos);
  EXPECT_NE(t.status().message().find("AADSTS7000215"), std::string::npos);
  EXPECT_EQ(t.status().message().find("XYZZY"), std::string::npos);
}

TEST_F(M365Test, TlsPeersAreVerified) {
  auto plain = http::Client::Create({});  // the system CAs do not know the test CA
  ASSERT_TRUE(plain.ok());
  http::Request r;
  r.url = Env("FAKE_M365_URL") + "/v1.0/me";
  auto res = (*plain)->Send(r);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kIoError);
  EXPECT_NE(res.status().message().find("127.0.0.1"), std::string::npos);
}

TEST_F(M365Test, GraphErrorsAreParsed) {
  http::Response r;
  r.status = 403;
  r.body = R"({"error":{"code":"Forbidden","message":"Missing role Chat.UpdatePolicyViolation.All",
              "innerError":{"request-id":"abc-123"}}})";
  const GraphError e = ParseGraphError(r);
  EXPECT_EQ(e.ToString(),
            "HTTP 403 Forbidden: Missing role Chat.UpdatePolicyViolation.All (request-id abc-123)");
}

}  // namespace
}  // namespace bulwark::m365
