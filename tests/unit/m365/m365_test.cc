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
#include "m365/policy_violation.h"
#include "m365/subscriptions.h"
#include "sinks/teams_sink.h"

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
  threads.reserve(kThreads);
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

// A bulwark.verdict/v1 record as the pipeline writes it.
nlohmann::json Verdict(const std::string& decision, nlohmann::json resource,
                       const std::string& mode = "enforce") {
  resource["type"] = "chatMessage";
  if (!resource.contains("sender_type")) resource["sender_type"] = "aadUser";
  return {{"schema", "bulwark.verdict/v1"},
          {"decision", decision},
          {"mode", mode},
          {"notification", {{"id", "n-" + resource.value("message_id", "")}, {"tenant_id", "t1"}}},
          {"resource", resource},
          {"matches",
           {{{"policy", "pci-dss"},
             {"rule", "block-bulk"},
             {"action", decision},
             {"enforced", mode == "enforce"},
             {"tip", "Card numbers may not be shared in Teams."},
             {"findings",
              {{{"detector", "financial/card-number"},
                {"evidence", {{{"masked", "4111 **** **** 1111"}}}}}}}}}}};
}

TEST(PlanEnforcement, PathsForChatChannelAndReplyAndABodyWithoutValues) {
  PolicyTipOptions o;
  o.compliance_url = "https://contoso.example/dlp";
  o.verdict_details = "allowFalsePositiveOverride,allowOverrideWithJustification";
  Enforcement chat =
      PlanEnforcement(Verdict("block", {{"message_id", "m1"}, {"chat_id", "19:c@thread.v2"}}), o);
  ASSERT_EQ(chat.kind, Enforcement::Kind::kPatch);
  EXPECT_EQ(chat.path, "/chats/19:c@thread.v2/messages/m1?model=A");
  EXPECT_EQ(chat.body.dump(),
            R"({"policyViolation":{"dlpAction":"blockAccess","verdictDetails":)"
            R"("allowFalsePositiveOverride,allowOverrideWithJustification","policyTip":{)"
            R"("generalText":"Card numbers may not be shared in Teams.","complianceUrl":)"
            R"("https://contoso.example/dlp","matchedConditionDescriptions":)"
            R"(["financial/card-number"]}}})");
  EXPECT_EQ(chat.body.dump().find("4111"), std::string::npos);
  Enforcement channel = PlanEnforcement(
      Verdict("notify",
              {{"message_id", "m2"}, {"team_id", "t"}, {"channel_id", "19:x@thread.tacv2"}}),
      o);
  EXPECT_EQ(channel.path, "/teams/t/channels/19:x@thread.tacv2/messages/m2?model=A");
  EXPECT_EQ(channel.body["policyViolation"]["dlpAction"], "notifySender");
  Enforcement reply = PlanEnforcement(
      Verdict("block",
              {{"message_id", "m3"}, {"team_id", "t"}, {"channel_id", "c"}, {"reply_to_id", "p"}}),
      o);
  EXPECT_EQ(reply.path, "/teams/t/channels/c/messages/p/replies/m3?model=A");
}

TEST(PlanEnforcement, TheDecidingRulesSenderOptionsWinOverTheSinkDefault) {
  PolicyTipOptions o;
  o.verdict_details = "allowFalsePositiveOverride";
  auto record = Verdict("block", {{"message_id", "m1"}, {"chat_id", "c"}});
  auto details = [&] {
    return PlanEnforcement(record, o).body["policyViolation"]["verdictDetails"];
  };
  EXPECT_EQ(details(), "allowFalsePositiveOverride");  // the rule says nothing
  record["matches"][0]["allow_override"] = "with_justification";
  EXPECT_EQ(details(), "allowFalsePositiveOverride,allowOverrideWithJustification");
  record["matches"][0]["allow_false_positive_report"] = false;
  EXPECT_EQ(details(), "allowOverrideWithJustification");
  record["matches"][0]["allow_override"] = "none";
  EXPECT_EQ(details(), "none");
  record["matches"][0].erase("allow_false_positive_report");
  record["matches"][0]["allow_override"] = "without_justification";
  EXPECT_EQ(details(), "allowFalsePositiveOverride,allowOverrideWithoutJustification");
}

TEST(PlanEnforcement, WhatIsNotSent) {
  const PolicyTipOptions o;
  EXPECT_EQ(PlanEnforcement(Verdict("allow", {{"message_id", "m"}, {"chat_id", "c"}}), o).kind,
            Enforcement::Kind::kNothingToDo);
  EXPECT_EQ(PlanEnforcement(Verdict("audit", {{"message_id", "m"}, {"chat_id", "c"}}), o).kind,
            Enforcement::Kind::kNothingToDo);
  EXPECT_EQ(PlanEnforcement(nlohmann::json{{"schema", "bulwark.lifecycle/v1"}}, o).kind,
            Enforcement::Kind::kNothingToDo);
  Enforcement app = PlanEnforcement(
      Verdict("block", {{"message_id", "m"}, {"chat_id", "c"}, {"sender_type", "application"}}), o);
  EXPECT_EQ(app.kind, Enforcement::Kind::kNotEnforceable);
  EXPECT_EQ(app.reason, "sender_not_a_user");
  Enforcement external = PlanEnforcement(
      Verdict("block", {{"message_id", "m"}, {"chat_id", "c"}, {"sender_tenant_id", "t2"}}), o);
  EXPECT_EQ(external.kind, Enforcement::Kind::kNotEnforceable);
  EXPECT_EQ(external.reason, "sender_in_another_tenant");
  Enforcement federated = PlanEnforcement(
      Verdict("block", {{"message_id", "m"}, {"chat_id", "c"}, {"sender_type", "federatedUser"}}),
      o);
  EXPECT_EQ(federated.kind, Enforcement::Kind::kNotEnforceable);
  EXPECT_EQ(federated.reason, "sender_not_in_tenant");
  EXPECT_EQ(PlanEnforcement(Verdict("block", {{"message_id", "m/../x"}, {"chat_id", "c"}}), o).kind,
            Enforcement::Kind::kInvalid);
  EXPECT_EQ(PlanEnforcement(Verdict("block", {{"message_id", "m"}}), o).kind,
            Enforcement::Kind::kInvalid);
}

TEST(Subscriptions, PlanCreatesRenewsSwitchesAndKeeps) {
  DesiredSubscription chats;
  chats.resource = "/chats/getAllMessages?model=A";
  chats.notification_url = "EventHub:https://ns.servicebus.windows.net/eventhubname/h?tenantId=t";
  chats.encryption_certificate_id = "k2";
  DesiredSubscription teams = chats;
  teams.resource = "/teams/getAllMessages?model=A";
  DesiredSubscription other = chats;
  other.notification_url = "EventHub:https://ns.servicebus.windows.net/eventhubname/x?tenantId=t";
  const int64_t now = 1'800'000'000;
  const std::vector<ExistingSubscription> existing = {
      // Graph drops the leading slash; a stale and a fresh copy of the chats subscription.
      {"s-old", "chats/getAllMessages?model=A", "created,updated", chats.notification_url, "k2",
       now + 60},
      {"s-new", "chats/getAllMessages?model=A", "created,updated", chats.notification_url, "k2",
       now + 3 * 86400},
      {"s-teams", "teams/getAllMessages?model=A", "created,updated", teams.notification_url, "k1",
       now + 3 * 86400},
  };
  const auto plan = PlanSubscriptions({chats, teams, other}, existing, now, 12 * 3600);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].kind, SubscriptionAction::Kind::kKeep);  // the newest copy is adopted
  EXPECT_EQ(plan[0].existing_id, "s-new");
  EXPECT_EQ(plan[1].kind, SubscriptionAction::Kind::kSwitchCertificate);
  EXPECT_EQ(plan[2].kind, SubscriptionAction::Kind::kCreate);
  const auto soon = PlanSubscriptions({chats}, {existing[0]}, now, 12 * 3600);
  EXPECT_EQ(soon[0].kind, SubscriptionAction::Kind::kRenew);
}

TEST(Subscriptions, WhatGraphWouldRefuseIsCaughtFirst) {
  DesiredSubscription d;
  d.resource = "/chats/getAllMessages?model=A";
  d.notification_url = "https://example.com/hook";
  d.expiration_minutes = 5000;
  d.client_state = std::string(129, 'x');
  const auto problems = CheckDesired(d);
  EXPECT_EQ(problems.size(), 5u);  // URL, expiry, lifecycle URL, certificate, clientState
  EXPECT_EQ(ParseGraphTime("2026-12-04T10:00:00Z"), 1796378400);
  EXPECT_EQ(ParseGraphTime("2026-12-04T10:00:00.1234567Z"), 1796378400);
  EXPECT_EQ(ParseGraphTime("yesterday"), -1);
  const auto body = nlohmann::json::parse(CreateBody(d, 1796378400 - 5000 * 60));
  EXPECT_EQ(body["expirationDateTime"], "2026-12-04T10:00:00.000Z");
  EXPECT_EQ(body["includeResourceData"], true);
}

class TeamsSinkTest : public M365Test {
 protected:
  void SetUp() override {
    M365Test::SetUp();
    if (IsSkipped()) return;
    tokens_ = WithSecret(Env("FAKE_M365_SECRET"));
    graph_ = std::make_unique<GraphClient>(GraphOptions{Env("FAKE_M365_URL") + "/v1.0"},
                                           http_.get(), tokens_.get());
    log_path_ = Env("FAKE_M365_LOG") + ".enforcement.jsonl";
    dead_path_ = Env("FAKE_M365_LOG") + ".dead.jsonl";
    std::ofstream{log_path_, std::ios::trunc}.close();  // empty files for this test
    std::ofstream{dead_path_, std::ios::trunc}.close();
    sinks::TeamsSinkOptions o;
    o.enforcement_log = log_path_;
    o.dead_letter = dead_path_;
    o.concurrency = 4;
    auto sink = sinks::MakeTeamsPolicyViolationSink(o, graph_.get(), clock_);
    ASSERT_TRUE(sink.ok()) << sink.status().message();
    sink_ = std::move(sink).value();
  }
  Status Write(const std::vector<nlohmann::json>& records) {
    std::vector<std::string> lines;
    lines.reserve(records.size());
    for (const auto& r : records) lines.push_back(r.dump());
    std::vector<const std::string*> ptrs;
    ptrs.reserve(lines.size());
    for (const auto& l : lines) ptrs.push_back(&l);
    return sink_->Write(ptrs);
  }
  std::map<std::string, std::string> Outcomes() {  // notification id -> outcome
    std::map<std::string, std::string> out;
    std::ifstream in(log_path_);
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      out[j["notification_id"]] = j["outcome"];
    }
    return out;
  }

  std::unique_ptr<TokenProvider> tokens_;
  std::unique_ptr<GraphClient> graph_;
  std::string log_path_;
  std::string dead_path_;
  std::unique_ptr<sinks::Sink> sink_;
};

TEST_F(TeamsSinkTest, PatchesRetriesAndRecordsEveryOutcome) {
  const Status s = Write({
      Verdict("block", {{"message_id", "chat-1"}, {"chat_id", "19:a@thread.v2"}}),
      Verdict("notify",
              {{"message_id", "chan-1"}, {"team_id", "t"}, {"channel_id", "19:b@thread.tacv2"}}),
      Verdict(
          "block",
          {{"message_id", "reply-1"}, {"team_id", "t"}, {"channel_id", "c"}, {"reply_to_id", "p"}}),
      Verdict("block", {{"message_id", "slow-429"}, {"chat_id", "c"}}),
      Verdict("block", {{"message_id", "busy-503"}, {"chat_id", "c"}}),
      Verdict("block", {{"message_id", "denied-403"}, {"chat_id", "c"}}),
      Verdict("block", {{"message_id", "bot-1"}, {"chat_id", "c"}, {"sender_type", "application"}}),
      Verdict("block", {{"message_id", "sim-1"}, {"chat_id", "c"}}, "simulate"),
      Verdict("allow", {{"message_id", "clean-1"}, {"chat_id", "c"}}),
  });
  ASSERT_TRUE(s.ok()) << s.message();
  const auto outcomes = Outcomes();
  EXPECT_EQ(outcomes.at("n-chat-1"), "patched");
  EXPECT_EQ(outcomes.at("n-chan-1"), "patched");
  EXPECT_EQ(outcomes.at("n-reply-1"), "patched");
  EXPECT_EQ(outcomes.at("n-slow-429"), "patched");
  EXPECT_EQ(outcomes.at("n-busy-503"), "patched");
  EXPECT_EQ(outcomes.at("n-denied-403"), "rejected");
  EXPECT_EQ(outcomes.at("n-bot-1"), "not_enforceable");
  EXPECT_EQ(outcomes.count("n-sim-1"), 0u);  // "simulate" verdicts enforce nothing
  EXPECT_EQ(outcomes.count("n-clean-1"), 0u);
  const auto log = Requests();
  size_t patches = 0;
  for (const auto& r : log) {
    EXPECT_FALSE(r.contains("violation")) << r.dump();
    if (r["method"] == "PATCH") ++patches;
  }
  EXPECT_EQ(patches, 3u + 2u + 3u + 1u);  // three plain, 429 then 204, 503 twice then 204, 403
  std::ifstream in(log_path_);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j["outcome"] == "rejected") {
      EXPECT_EQ(j["graph_error"], "Forbidden");
      EXPECT_EQ(j["request_id"], "req-403");
      EXPECT_EQ(j["status"], 403);
      EXPECT_NE(j["hint"].get<std::string>().find("Chat.UpdatePolicyViolation.All"),
                std::string::npos);
    }
  }
  // The refusal is also a dead letter carrying Graph's error code and request id.
  std::ifstream dead(dead_path_);
  std::vector<nlohmann::json> letters;
  for (std::string line; std::getline(dead, line);) letters.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0]["schema"], "bulwark.deadletter/v1");
  EXPECT_EQ(letters[0]["reason"], "enforcement_rejected");
  EXPECT_EQ(letters[0]["notification"]["id"], "n-denied-403");
  EXPECT_EQ(letters[0]["graph_error"], "Forbidden");
  EXPECT_EQ(letters[0]["request_id"], "req-403");
}

TEST_F(TeamsSinkTest, AnOutageFailsTheWriteSoThatNothingIsAcknowledged) {
  const Status s = Write({Verdict("block", {{"message_id", "ok-1"}, {"chat_id", "c"}}),
                          Verdict("block", {{"message_id", "down-503x"}, {"chat_id", "c"}})});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("ServiceUnavailable"), std::string::npos) << s.message();
  EXPECT_TRUE(Outcomes().empty());  // nothing recorded: the batch will be written again
}

}  // namespace
}  // namespace bulwark::m365
