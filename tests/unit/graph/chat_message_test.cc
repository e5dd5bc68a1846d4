#include "graph/chat_message.h"

#include <gtest/gtest.h>

namespace bulwark::graph {
namespace {

using nlohmann::json;

TEST(ChatMessage, ExtractsFieldsAndMetadata) {
  const json j = json::parse(R"({
    "id": "1700000000002", "chatId": "19:abc@thread.v2", "messageType": "message",
    "createdDateTime": "2026-11-20T09:15:41.002Z", "subject": "Trip",
    "from": {"user": {"id": "u1", "displayName": "Adele Vance", "userIdentityType": "aadUser",
                      "tenantId": "t1"}},
    "body": {"contentType": "html", "content": "<p>my <b>visa</b></p>"},
    "attachments": [{"name": "cards.xlsx"}, {"id": "no-name"}]
  })");
  ASSERT_TRUE(IsChatMessage(j));
  auto c = ChatMessageToContent(j);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->resource_type, "chatMessage");
  ASSERT_EQ(c->fields.size(), 3u);
  EXPECT_EQ(c->fields[0].name, "body");
  EXPECT_EQ(c->fields[0].text, "my visa");
  EXPECT_EQ(c->fields[1].name, "subject");
  EXPECT_EQ(c->fields[2].name, "attachment.name");
  EXPECT_EQ(c->fields[2].text, "cards.xlsx");
  EXPECT_EQ(c->metadata.at("chat_id"), "19:abc@thread.v2");
  EXPECT_EQ(c->metadata.at(kMetaSenderId), "u1");
  EXPECT_EQ(c->metadata.at(kMetaSenderName), "Adele Vance");
  EXPECT_EQ(c->metadata.at(kMetaTenantId), "t1");
}

TEST(ChatMessage, ChannelMessageFromApplicationWithTextBody) {
  const json j = json::parse(R"({
    "id": "m2", "channelIdentity": {"teamId": "team1", "channelId": "19:chan@thread.tacv2"},
    "from": {"application": {"id": "app1", "displayName": "Build Bot"}},
    "body": {"contentType": "text", "content": "<not html> 5 < 6"}
  })");
  auto c = ChatMessageToContent(j);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->fields[0].text, "<not html> 5 < 6");
  EXPECT_EQ(c->metadata.at("team_id"), "team1");
  EXPECT_EQ(c->metadata.at("channel_id"), "19:chan@thread.tacv2");
  EXPECT_EQ(c->metadata.at("sender_type"), "application");
}

TEST(ChatMessage, AdaptiveCardTextAndHtmlAttachments) {
  const json card = {
      {"type", "AdaptiveCard"},
      {"body", json::array({{{"type", "TextBlock"}, {"text", "Deploy key"}},
                            {{"type", "FactSet"},
                             {"facts", json::array({{{"title", "id"}, {"value", "AKIA1"}}})}}})},
      {"actions", json::array({{{"type", "Action.OpenUrl"}, {"url", "https://x"}}})}};
  const json j = {
      {"body", {{"contentType", "html"}, {"content", "<attachment id=\"a\"></attachment>"}}},
      {"attachments",
       json::array(
           {{{"id", "a"},
             {"contentType", "application/vnd.microsoft.card.adaptive"},
             {"content", card.dump()}},
            {{"id", "b"}, {"contentType", "text/html"}, {"content", "<b>bold</b> &amp; more"}}})}};
  auto c = ChatMessageToContent(j);
  ASSERT_TRUE(c.ok());
  std::vector<std::string> texts;
  for (const auto& f : c->fields) {
    if (f.name == "attachment.content") texts.push_back(f.text);
  }
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0], "Deploy key\nid\nAKIA1");  // text values only: no types, no urls
  EXPECT_EQ(texts[1], "bold & more");
}

TEST(ChatMessage, CardTextNestedTooDeepIsReportedNotDropped) {
  // A card whose text sits 100 levels down: what is read stops at the depth bound, and the part
  // left unread is named (the verdict is then incomplete: fail closed).
  std::string card;
  for (int i = 0; i < 100; ++i) card += "{\"body\":";
  card += "{\"text\":\"deep\"}";
  for (int i = 0; i < 100; ++i) card += "}";
  const json j = {
      {"body", {{"contentType", "text"}, {"content", "hi"}}},
      {"attachments", json::array({{{"id", "a"},
                                    {"contentType", "application/vnd.microsoft.card.adaptive"},
                                    {"content", "{\"text\":\"shallow\",\"x\":" + card + "}"}}})}};
  auto c = ChatMessageToContent(j);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->not_extracted, std::vector<std::string>{"attachment.content"});
  ASSERT_EQ(c->fields.size(), 2u);
  EXPECT_EQ(c->fields[1].text, "shallow");
  // Within the bound nothing is reported.
  const json shallow = {{"body", {{"contentType", "text"}, {"content", "hi"}}},
                        {"attachments", json::array({{{"id", "a"},
                                                      {"contentType", "application/json"},
                                                      {"content", "{\"text\":\"ok\"}"}}})}};
  EXPECT_TRUE(ChatMessageToContent(shallow)->not_extracted.empty());
}

TEST(ChatMessage, NotScannedReasons) {
  EXPECT_EQ(NotScannedReason(json::parse(R"({"messageType":"message","policyViolation":null})")),
            "");
  EXPECT_EQ(NotScannedReason(json::parse(R"({"messageType":"systemEventMessage"})")),
            "system_event");
  // A flagged message is evaluated again (the feedback step decides what it means).
  EXPECT_EQ(NotScannedReason(json::parse(R"({"messageType":"message","policyViolation":{}})")), "");
}

TEST(ChatMessage, PolicyViolationIsRead) {
  EXPECT_FALSE(ReadPolicyViolation(json::parse(R"({"policyViolation":null})")));
  EXPECT_FALSE(ReadPolicyViolation(json::parse(R"({"policyViolation":{"dlpAction":"none"}})")));
  auto own = ReadPolicyViolation(json::parse(
      R"({"policyViolation":{"dlpAction":"blockAccess","verdictDetails":"allowFalsePositiveOverride",
          "userAction":"none","justificationText":null}})"));
  ASSERT_TRUE(own);
  EXPECT_EQ(own->dlp_action, "blockAccess");
  EXPECT_FALSE(own->overridden());
  EXPECT_FALSE(own->reported_false_positive());
  auto over = ReadPolicyViolation(json::parse(
      R"({"policyViolation":{"dlpAction":"BlockAccess","userAction":"Override",
          "justificationText":"customer asked"}})"));
  ASSERT_TRUE(over);
  EXPECT_TRUE(over->overridden());
  EXPECT_EQ(over->justification, "customer asked");
  auto fp = ReadPolicyViolation(json::parse(
      R"({"policyViolation":{"dlpAction":"none","userAction":"reportFalsePositive"}})"));
  ASSERT_TRUE(fp);
  EXPECT_TRUE(fp->reported_false_positive());
}

TEST(ChatMessage, RejectsOtherJson) {
  EXPECT_FALSE(IsChatMessage(json::parse(R"({"body": "string"})")));
  EXPECT_FALSE(IsChatMessage(json::parse(R"([1, 2])")));
  EXPECT_FALSE(ChatMessageToContent(json::parse(R"({"value": []})")).ok());
}

}  // namespace
}  // namespace bulwark::graph
