// NotificationDecoder: one crafted input per dead-letter reason, plus the items that are not
// dead letters (probe, lifecycle, system event, already flagged) and batch continuity.
#include "graph/notification_decoder.h"

#include <gtest/gtest.h>
#include <openssl/rand.h>

#include "crypto_test_util.h"
#include "graph/base64.h"
#include "graph/notification_crypto.h"

namespace bulwark::graph {
namespace {

using nlohmann::json;
using Kind = DecodedItem::Kind;

const json kMessage = json::parse(R"({
  "id": "m1", "chatId": "19:c@thread.v2", "messageType": "message",
  "from": {"user": {"id": "u1", "displayName": "Adele Vance", "tenantId": "t1"}},
  "body": {"contentType": "html", "content": "<p>hello</p>"}})");

class DecoderTest : public ::testing::Test {
 protected:
  // A change notification carrying `resource` encrypted for the test key.
  json Notification(const std::string& resource_text, const std::string& id = "n1") {
    EncryptedFields enc;
    EXPECT_TRUE(EncryptNotificationContent(key_.public_key.get(), resource_text, &enc));
    return {{"id", id},
            {"subscriptionId", "sub1"},
            {"changeType", "created"},
            {"clientState", "secret"},
            {"tenantId", "t1"},
            {"resource", "chats('19:c@thread.v2')/messages('m1')"},
            {"encryptedContent",
             {{"data", enc.data},
              {"dataKey", enc.data_key},
              {"dataSignature", enc.data_signature},
              {"encryptionCertificateId", key_.id},
              {"encryptionCertificateThumbprint", key_.keys.Find(key_.id)->thumbprint}}}};
  }
  json Notification() { return Notification(kMessage.dump()); }

  DecoderConfig Config() {
    DecoderConfig c;
    c.keys = &key_.keys;
    c.client_state = "secret";
    return c;
  }
  static std::string Raw(const std::string& body) { return body; }
  static std::string Env(const json& items) { return Raw(json{{"value", items}}.dump()); }

  // Decodes and returns the only item, which must be a dead letter; returns its reason code.
  std::string Reason(const std::string& e, const DecoderConfig& config) {
    const DecodeResult r = NotificationDecoder(config).Decode(e);
    if (r.items.size() != 1 || r.items[0].kind != Kind::kDeadLetter)
      return "not a single dead letter";
    return std::string(ToString(r.items[0].reason));
  }
  std::string Reason(const std::string& e) { return Reason(e, Config()); }

  testing::TestKey key_;
};

TEST_F(DecoderTest, DecryptsAndExtractsContent) {
  const DecodeResult r = NotificationDecoder(Config()).Decode(Env(json::array({Notification()})));
  ASSERT_EQ(r.items.size(), 1u);
  const DecodedItem& d = r.items[0];
  ASSERT_EQ(d.kind, Kind::kContent);
  EXPECT_EQ(d.index, 0);
  EXPECT_EQ(d.info.id, "n1");
  EXPECT_EQ(d.info.subscription_id, "sub1");
  EXPECT_EQ(d.content.resource_type, "chatMessage");
  ASSERT_FALSE(d.content.fields.empty());
  EXPECT_EQ(d.content.fields[0].text, "hello");
  EXPECT_EQ(d.content.metadata.at(kMetaTenantId), "t1");
}

TEST_F(DecoderTest, MalformedJson) { EXPECT_EQ(Reason(Raw("{\"value\": [")), "malformed_json"); }

TEST_F(DecoderTest, NotACollection) {
  EXPECT_EQ(Reason(Raw("{\"values\": []}")), "not_a_collection");
  EXPECT_EQ(Reason(Raw("[1,2]")), "not_a_collection");
  EXPECT_EQ(Reason(Raw("{\"value\": {}}")), "not_a_collection");
}

TEST_F(DecoderTest, Oversized) {
  DecoderConfig c = Config();
  c.max_event_bytes = 100;
  EXPECT_EQ(Reason(Env(json::array({Notification()})), c), "oversized");
}

TEST_F(DecoderTest, InvalidUtf8Body) {
  EXPECT_EQ(Reason(Raw(std::string("{\"value\": [\"\xC3\x28\"]}"))), "invalid_utf8");
}

TEST_F(DecoderTest, InvalidUtf8Resource) {
  EXPECT_EQ(Reason(Env(json::array({Notification(std::string("{\"a\":\"\xFF\"}"))}))),
            "invalid_utf8");
}

TEST_F(DecoderTest, ClientStateMismatchAndMissing) {
  json n = Notification();
  n["clientState"] = "guess";
  EXPECT_EQ(Reason(Env(json::array({n}))), "client_state_mismatch");
  n.erase("clientState");
  EXPECT_EQ(Reason(Env(json::array({n}))), "client_state_mismatch");
  // Per-subscription secrets override the global one.
  DecoderConfig c = Config();
  c.client_state_by_subscription["sub1"] = "per-sub";
  n["clientState"] = "secret";
  EXPECT_EQ(Reason(Env(json::array({n})), c), "client_state_mismatch");
}

TEST_F(DecoderTest, TenantNotAllowed) {
  DecoderConfig c = Config();
  c.allowed_tenants = {"t2"};
  EXPECT_EQ(Reason(Env(json::array({Notification()})), c), "tenant_not_allowed");
}

TEST_F(DecoderTest, UnknownSubscription) {
  DecoderConfig c = Config();
  c.known_subscriptions = {"sub2"};
  EXPECT_EQ(Reason(Env(json::array({Notification()})), c), "unknown_subscription");
}

TEST_F(DecoderTest, MissingEncryptedContent) {
  json n = Notification();
  n.erase("encryptedContent");
  EXPECT_EQ(Reason(Env(json::array({n}))), "missing_encrypted_content");
}

TEST_F(DecoderTest, UnknownCertificate) {
  json n = Notification();
  n["encryptedContent"]["encryptionCertificateId"] = "retired";
  EXPECT_EQ(Reason(Env(json::array({n}))), "unknown_certificate");
}

TEST_F(DecoderTest, ThumbprintMismatch) {
  json n = Notification();
  n["encryptedContent"]["encryptionCertificateThumbprint"] = std::string(40, 'A');
  EXPECT_EQ(Reason(Env(json::array({n}))), "thumbprint_mismatch");
  // Case does not matter.
  std::string lower = key_.keys.Find(key_.id)->thumbprint;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  n["encryptedContent"]["encryptionCertificateThumbprint"] = lower;
  EXPECT_EQ(NotificationDecoder(Config()).Decode(Env(json::array({n}))).items[0].kind,
            Kind::kContent);
}

TEST_F(DecoderTest, SignatureMismatch) {
  json n = Notification();
  std::string sig = *Base64Decode(n["encryptedContent"]["dataSignature"].get<std::string>());
  sig[0] = static_cast<char>(sig[0] ^ 0x80);
  n["encryptedContent"]["dataSignature"] = Base64Encode(sig);
  EXPECT_EQ(Reason(Env(json::array({n}))), "signature_mismatch");
}

TEST_F(DecoderTest, DecryptFailed) {
  json n = Notification();
  std::string k = *Base64Decode(n["encryptedContent"]["dataKey"].get<std::string>());
  k[5] = static_cast<char>(k[5] ^ 0x01);
  n["encryptedContent"]["dataKey"] = Base64Encode(k);
  EXPECT_EQ(Reason(Env(json::array({n}))), "decrypt_failed");
}

TEST_F(DecoderTest, BadPadding) {
  unsigned char key[32];
  RAND_bytes(key, sizeof key);
  const std::string cipher = testing::BadPaddingCiphertext(key);
  json n = Notification();
  n["encryptedContent"]["data"] = Base64Encode(cipher);
  n["encryptedContent"]["dataKey"] = Base64Encode(testing::Wrap(key_.public_key.get(), key, 32));
  n["encryptedContent"]["dataSignature"] = Base64Encode(testing::Hmac(key, cipher));
  EXPECT_EQ(Reason(Env(json::array({n}))), "bad_padding");
}

TEST_F(DecoderTest, MalformedNotification) {
  EXPECT_EQ(Reason(Env(json::array({42}))), "malformed_notification");
  json n = Notification();
  n.erase("subscriptionId");
  EXPECT_EQ(Reason(Env(json::array({n}))), "malformed_notification");
  n = Notification();
  n["encryptedContent"]["data"] = "not base64!";
  EXPECT_EQ(Reason(Env(json::array({n}))), "malformed_notification");
}

TEST_F(DecoderTest, UnsupportedResourceAndNonJsonResource) {
  EXPECT_EQ(Reason(Env(json::array({Notification(R"({"id":"e1","subject":"an event"})")}))),
            "unsupported_resource");
  EXPECT_EQ(Reason(Env(json::array({Notification("not json")}))), "malformed_json");
}

TEST_F(DecoderTest, ProbeIsSkippedAndCounted) {
  const DecodeResult r = NotificationDecoder(Config()).Decode(
      Env(json::array({{{"subscriptionId", "NA"}, {"clientState", "NA"}}, Notification()})));
  EXPECT_EQ(r.probes, 1);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].index, 1);
}

TEST_F(DecoderTest, LifecycleRecord) {
  const DecodeResult r = NotificationDecoder(Config()).Decode(
      Env(json::array({{{"subscriptionId", "sub1"},
                        {"lifecycleEvent", "subscriptionRemoved"},
                        {"clientState", "secret"}}})));
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].kind, Kind::kLifecycle);
  EXPECT_EQ(r.items[0].info.lifecycle_event, "subscriptionRemoved");
}

TEST_F(DecoderTest, SystemEventsAreNotScannedAndFlaggedMessagesCarryTheirViolation) {
  json sys = kMessage;
  sys["messageType"] = "systemEventMessage";
  json flagged = kMessage;
  flagged["policyViolation"] = {{"dlpAction", "BlockAccess"}};
  const DecodeResult r = NotificationDecoder(Config()).Decode(
      Env(json::array({Notification(sys.dump()), Notification(flagged.dump())})));
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].kind, Kind::kNotScanned);
  EXPECT_EQ(r.items[0].not_scanned, "system_event");
  EXPECT_TRUE(r.items[0].content.fields.empty());
  EXPECT_EQ(r.items[1].kind, Kind::kContent);
  EXPECT_FALSE(r.items[1].content.fields.empty());
  ASSERT_TRUE(r.items[1].violation);
  EXPECT_EQ(r.items[1].violation->dlp_action, "BlockAccess");
}

TEST_F(DecoderTest, PayloadsOverOneMegabyteAreFetchedFromTheStore) {
  // As Graph sends it: the properties that made it large are in the storage account.
  json full = Notification();
  json large = full;
  for (const char* k : {"resource", "resourceData", "encryptedContent"}) large.erase(k);
  large["additionalPayloadStorageId"] = "blob-1";
  json stored = {{"resource", full["resource"]}, {"encryptedContent", full["encryptedContent"]}};
  DecoderConfig c = Config();
  EXPECT_EQ(Reason(Env(json::array({large})), c), "payload_store_missing");
  std::vector<std::string> asked;
  c.fetch_payload = [&](const std::string& id) -> Result<std::string> {
    asked.push_back(id);
    if (id == "blob-1") return stored.dump();
    if (id == "blob-bad") return std::string("[1]");
    return Status::NotFound("blob " + id + " not found");
  };
  const DecodeResult r = NotificationDecoder(c).Decode(Env(json::array({large})));
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].kind, Kind::kContent);
  EXPECT_EQ(r.items[0].content.fields[0].text, "hello");
  EXPECT_EQ(r.items[0].info.resource, "chats('19:c@thread.v2')/messages('m1')");
  EXPECT_EQ(asked, std::vector<std::string>{"blob-1"});
  large["additionalPayloadStorageId"] = "blob-gone";
  EXPECT_EQ(Reason(Env(json::array({large})), c), "payload_unavailable");
  large["additionalPayloadStorageId"] = "blob-bad";
  EXPECT_EQ(Reason(Env(json::array({large})), c), "payload_malformed");
  // The clientState is checked before anything is fetched.
  asked.clear();
  large["clientState"] = "forged";
  EXPECT_EQ(Reason(Env(json::array({large})), c), "client_state_mismatch");
  EXPECT_TRUE(asked.empty());
}

TEST_F(DecoderTest, OneBadItemDoesNotStopTheBatch) {
  json bad = Notification();
  bad["clientState"] = "nope";
  const DecodeResult r = NotificationDecoder(Config()).Decode(
      Env(json::array({Notification("", "a"), bad, Notification(kMessage.dump(), "c")})));
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_EQ(r.items[0].kind, Kind::kDeadLetter);  // empty plaintext is not JSON
  EXPECT_EQ(r.items[1].kind, Kind::kDeadLetter);
  EXPECT_EQ(r.items[2].kind, Kind::kContent);
  EXPECT_EQ(r.items[2].info.id, "c");
}

TEST_F(DecoderTest, DeadLettersNeverCarryContent) {
  // A resource that decrypts but is not a chatMessage: its text must not appear anywhere.
  const DecodeResult r = NotificationDecoder(Config()).Decode(
      Env(json::array({Notification(R"({"id":"e1","subject":"TOP-SECRET-PLAN"})")})));
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].detail.find("TOP-SECRET"), std::string::npos);
  EXPECT_TRUE(r.items[0].content.fields.empty());
}

}  // namespace
}  // namespace bulwark::graph
