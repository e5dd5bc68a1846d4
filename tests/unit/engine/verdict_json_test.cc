#include "bulwark/verdict_json.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace bulwark {
namespace {

TEST(VerdictJson, ShapeAndNoPlaintext) {
  LoadOptions options;
  options.paths = {BULWARK_POLICY_DIR};
  auto set = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(set.ok());
  const std::string secret_card = "5555 5555 5555 4444";
  const std::string text = "please charge my mastercard " + secret_card + " and " +
                           "4012 8888 8888 1881 and 378282246310005, key AKIA2E3MZQ7HT5LRXV4N";
  const Verdict v = (*set)->Evaluate(testing::TextContent(text));
  const auto j = VerdictToJson(v);
  EXPECT_EQ(j["schema"], "bulwark.verdict/v1");
  EXPECT_EQ(j["decision"], "block");
  EXPECT_EQ(j["mode"], "enforce");
  EXPECT_EQ(j["policy_set"], (*set)->id());
  ASSERT_TRUE(j["matches"].is_array());
  ASSERT_FALSE(j["matches"].empty());
  const auto& m = j["matches"][0];
  for (const char* key : {"policy", "rule", "action", "severity", "enforced", "findings"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
  const auto& e = m["findings"][0]["evidence"][0];
  for (const char* key : {"field", "start", "end", "masked"}) EXPECT_TRUE(e.contains(key)) << key;
  // The serialized verdict never contains a matched value or its unmasked middle.
  const std::string dump = j.dump();
  EXPECT_EQ(dump.find(secret_card), std::string::npos);
  EXPECT_EQ(dump.find("5555555555554444"), std::string::npos);
  EXPECT_EQ(dump.find("8888 8888"), std::string::npos);
  EXPECT_EQ(dump.find("AKIA2E3MZQ7HT5LRXV4N"), std::string::npos);
  EXPECT_EQ(dump.find("mastercard"), std::string::npos);
}

TEST(VerdictJson, AllowVerdictHasEmptyMatches) {
  Verdict v;
  v.policy_set = "sha256:00";
  const auto j = VerdictToJson(v);
  EXPECT_EQ(j.dump(),
            "{\"schema\":\"bulwark.verdict/v1\",\"decision\":\"allow\",\"mode\":\"enforce\","
            "\"matches\":[],\"policy_set\":\"sha256:00\",\"latency_us\":0}");
}

TEST(VerdictJson, IncompleteIsListedWhenPresentOnly) {
  Verdict v;
  EXPECT_FALSE(VerdictToJson(v).contains("incomplete"));
  v.incomplete.push_back({"candidate_cap", "p/tok", "body"});
  const auto j = VerdictToJson(v);
  ASSERT_TRUE(j["incomplete"].is_array());
  ASSERT_EQ(j["incomplete"].size(), 1u);
  EXPECT_EQ(j["incomplete"][0]["reason"], "candidate_cap");
  EXPECT_EQ(j["incomplete"][0]["detector"], "p/tok");
  EXPECT_EQ(j["incomplete"][0]["field"], "body");
}

}  // namespace
}  // namespace bulwark
