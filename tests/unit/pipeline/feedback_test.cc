// The feedback step of EnvelopeProcessor (pipeline/feedback.h): flagged messages that come back
// give feedback records, not second verdicts; edits give superseding verdicts. Real decryption
// (a generated test key) and a real policy set.
#include "pipeline/feedback.h"

#include <gtest/gtest.h>

#include "graph/notification_crypto.h"
#include "pipeline/envelope_processor.h"
#include "unit/graph/crypto_test_util.h"

namespace bulwark::pipeline {
namespace {

using nlohmann::json;

constexpr char kPolicy[] = R"(apiVersion: bulwark/v1
kind: Policy
name: pci
detectors:
  - {id: card, regex: '\b(?:\d[ -]?){15}\d\b', validator: luhn}
rules:
  - {id: notify-card, when: card, action: notify}
)";

class FeedbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadOptions load;
    load.documents = {{"pci.yaml", kPolicy}};
    auto set = PolicySet::Load(load, nullptr);
    ASSERT_TRUE(set.ok());
    policies_ = *set;
    graph::DecoderConfig dc;
    dc.keys = &key_.keys;
    decoder_ = std::make_unique<graph::NotificationDecoder>(dc);
  }

  // A chat message, optionally carrying a policyViolation.
  static json Message(const std::string& text, json violation = nullptr) {
    return {
        {"id", "m1"},
        {"chatId", "19:c@thread.v2"},
        {"messageType", "message"},
        {"from", {{"user", {{"id", "u1"}, {"userIdentityType", "aadUser"}, {"tenantId", "t1"}}}}},
        {"body", {{"contentType", "text"}, {"content", text}}},
        {"policyViolation", std::move(violation)}};
  }
  static json Violation(const std::string& dlp, const std::string& user_action = "none",
                        json justification = nullptr) {
    return {{"dlpAction", dlp},
            {"userAction", user_action},
            {"justificationText", std::move(justification)},
            {"verdictDetails", "allowOverrideWithJustification"}};
  }

  // One event holding `messages` as notifications n0, n1, ...
  source::Envelope Event(const std::vector<json>& messages) {
    json value = json::array();
    for (size_t i = 0; i < messages.size(); ++i) {
      graph::EncryptedFields enc;
      EXPECT_TRUE(
          graph::EncryptNotificationContent(key_.public_key.get(), messages[i].dump(), &enc));
      value.push_back({{"id", "n" + std::to_string(next_id_++)},
                       {"subscriptionId", "s1"},
                       {"changeType", i == 0 ? "created" : "updated"},
                       {"tenantId", "t1"},
                       {"resource", "chats('19:c@thread.v2')/messages('m1')"},
                       {"encryptedContent",
                        {{"data", enc.data},
                         {"dataKey", enc.data_key},
                         {"dataSignature", enc.data_signature},
                         {"encryptionCertificateId", key_.id}}}});
    }
    source::Envelope e;
    e.body = json{{"value", value}}.dump();
    return e;
  }

  std::vector<json> Records(const EnvelopeProcessor& p, const std::vector<json>& messages,
                            Tally* tally = nullptr) {
    ProcessedEnvelope out = p.Process(Event(messages), *policies_);
    if (tally != nullptr) tally->Add(out.tally);
    std::vector<json> records;
    for (const auto& r : out.records) {
      records.push_back(json::parse(r.json));
      EXPECT_EQ(r.kind == sinks::RecordKind::kFeedback,
                records.back()["schema"] == kFeedbackSchema);
    }
    return records;
  }

  testing::TestKey key_;
  std::shared_ptr<const PolicySet> policies_;
  std::unique_ptr<graph::NotificationDecoder> decoder_;
  int next_id_ = 0;
};

constexpr char kCard[] = "card 4539 1488 0343 6467 please";

TEST_F(FeedbackTest, OwnPatchIsEnforcedFeedbackNotASecondVerdict) {
  const EnvelopeProcessor p(decoder_.get());
  Tally tally;
  auto r = Records(p, {Message(kCard), Message(kCard, Violation("notifySender"))}, &tally);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["schema"], "bulwark.verdict/v1");
  EXPECT_EQ(r[0]["decision"], "notify");
  EXPECT_EQ(r[1]["feedback"], "enforced");
  EXPECT_EQ(r[1]["verdict_notification_id"], "n0");
  EXPECT_EQ(r[1]["rules"][0]["rule"], "notify-card");
  EXPECT_EQ(tally.feedback["enforced"], 1u);
  EXPECT_EQ(tally.total_verdicts(), 1u);
  EXPECT_EQ(r[1].dump().find("4539"), std::string::npos);
}

TEST_F(FeedbackTest, WithoutALedgerEntryTheSameActionIsEnforcedAndAnotherSupersedes) {
  const EnvelopeProcessor p(decoder_.get());
  auto same = Records(p, {Message(kCard, Violation("NotifySender"))});
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0]["feedback"], "enforced");
  EXPECT_FALSE(same[0].contains("verdict_notification_id"));
  // Blocked by someone (another DLP, an older policy) while the policies now say notify.
  auto other = Records(p, {Message("card 5425 2334 3010 9903", Violation("blockAccess"))});
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0]["decision"], "notify");
  EXPECT_EQ(other[0]["supersedes"]["dlp_action"], "blockAccess");
}

TEST_F(FeedbackTest, AnEditIsEvaluatedAgainAndSupersedesTheEarlierVerdict) {
  const EnvelopeProcessor p(decoder_.get());
  auto r = Records(p, {Message(kCard), Message("card: see the portal", Violation("notifySender")),
                       Message("now 5425 2334 3010 9903", Violation("notifySender"))});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1]["decision"], "allow");
  EXPECT_EQ(r[1]["supersedes"]["notification_id"], "n0");
  EXPECT_EQ(r[1]["supersedes"]["dlp_action"], "notifySender");
  // Edited again to another card: still the notifySender it has, but new content: a verdict
  // (the tip may change), superseding the first flagging verdict.
  EXPECT_EQ(r[2]["decision"], "notify");
  EXPECT_EQ(r[2]["supersedes"]["notification_id"], "n0");
}

TEST_F(FeedbackTest, OverrideAndFalsePositiveKeepOnlyTheLengthAndAKeyedFingerprint) {
  FeedbackOptions o;
  o.fingerprint_key = "test-only-key";
  const EnvelopeProcessor p(decoder_.get(), o);
  const std::string why = "Customer asked for the refund on this card.";
  Tally tally;
  auto r = Records(p,
                   {Message(kCard, Violation("notifySender", "override", why)),
                    Message(kCard, Violation("notifySender", "reportFalsePositive"))},
                   &tally);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["feedback"], "override");
  EXPECT_EQ(r[0]["justification"]["length"], why.size());
  EXPECT_EQ(r[0]["justification"]["fingerprint"], KeyedFingerprint("test-only-key", why));
  EXPECT_FALSE(r[0]["justification"].contains("text"));
  EXPECT_EQ(r[0].dump().find("refund"), std::string::npos);
  EXPECT_EQ(r[1]["feedback"], "false_positive");
  EXPECT_EQ(r[1]["rules"][0]["rule"], "notify-card");
  EXPECT_EQ(tally.feedback["override"], 1u);
  EXPECT_EQ(tally.feedback["false_positive"], 1u);
  EXPECT_EQ(tally.total_verdicts(), 0u);

  o.keep_justification_text = true;
  const EnvelopeProcessor keeping(decoder_.get(), o);
  auto kept = Records(keeping, {Message(kCard, Violation("blockAccess", "Override", why))});
  EXPECT_EQ(kept[0]["justification"]["text"], why);
}

TEST(MessageLedger, ForgetsTheOldestBeyondItsCapacity) {
  MessageLedger ledger(2);
  ledger.Put("a", {"d1", "n1"});
  ledger.Put("b", {"d2", "n2"});
  ledger.Put("a", {"d3", "n3"});  // an update does not grow it
  ASSERT_TRUE(ledger.Get("a"));
  EXPECT_EQ(ledger.Get("a")->notification_id, "n3");
  ledger.Put("c", {"d4", "n4"});
  EXPECT_FALSE(ledger.Get("a"));
  EXPECT_TRUE(ledger.Get("b"));
  EXPECT_TRUE(ledger.Get("c"));
  Content x, y;
  x.fields = {{"body", "ab"}, {"subject", "c"}};
  y.fields = {{"body", "a"}, {"subject", "bc"}};  // same bytes, other fields
  EXPECT_NE(ledger.Digest(x), ledger.Digest(y));
  EXPECT_EQ(ledger.Digest(x), ledger.Digest(x));
  EXPECT_NE(MessageLedger(1).Digest(x), ledger.Digest(x));  // keyed per process
}

}  // namespace
}  // namespace bulwark::pipeline
