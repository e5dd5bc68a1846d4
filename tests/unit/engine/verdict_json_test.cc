#include "bulwark/verdict_json.h"

#include <gtest/gtest.h>

#include "test_util.h"
#include "util/json_writer.h"

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

// The reference for the writer's escaping: nlohmann's own serializer, replacing invalid UTF-8.
std::string NlohmannString(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Written(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

TEST(JsonWriter, EscapesEveryByteAndEveryPairAsNlohmannDoes) {
  for (int a = 0; a < 256; ++a) {
    const std::string one = "x" + std::string(1, static_cast<char>(a)) + "y";
    ASSERT_EQ(Written(one), NlohmannString(one)) << a;
    for (int b = 0; b < 256; ++b) {
      const std::string two = std::string(1, static_cast<char>(a)) + static_cast<char>(b);
      ASSERT_EQ(Written(two), NlohmannString(two)) << a << " " << b;
    }
  }
}

TEST(JsonWriter, EscapesMixedValidAndInvalidUtf8AsNlohmannDoes) {
  // Pieces that make up valid text, truncated and overlong sequences, surrogates, stray
  // continuation bytes and code points past U+10FFFF, joined at random.
  const std::vector<std::string> pieces = {"a",
                                           "\"",
                                           "\\",
                                           "\n",
                                           "\x01",
                                           "\x7f",
                                           "\xc3\xa9",
                                           "\xe2\x82\xac",
                                           "\xf0\x9f\x98\x80",
                                           "\xc3",
                                           "\xe2\x82",
                                           "\xf0\x9f\x98",
                                           "\xc0\x80",
                                           "\xe0\x80\xaf",
                                           "\xed\xa0\x80",
                                           "\xf4\x90\x80\x80",
                                           "\x80",
                                           "\xbf",
                                           "\xff",
                                           "\xf8\x88\x80\x80\x80"};
  uint32_t seed = 7;
  auto next = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (uint32_t k = next() % 8; k > 0; --k) s += pieces[next() % pieces.size()];
    ASSERT_EQ(Written(s), NlohmannString(s)) << ::testing::PrintToString(s);
  }
}

TEST(JsonWriter, NestingAndCommasAsADump) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(-1);
  w.Uint(18446744073709551615u);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Bool(false);
  w.EndArray();
  w.Key("m");
  w.Raw("1");
  w.Key("n");
  w.Raw("[2]");
  w.Key("b");
  w.Raw("{\"c\":null}");
  w.EndObject();
  EXPECT_EQ(out, R"({"a":[-1,18446744073709551615,{},[],false],"m":1,"n":[2],"b":{"c":null}})");
  EXPECT_EQ(nlohmann::ordered_json::parse(out).dump(), out);
}

TEST(JsonWriter, WritesADocumentAsItsDump) {
  auto j = nlohmann::ordered_json::parse(
      R"({"z":1,"a":[true,null,-5,18446744073709551615,"\u00e9\n\"",{"k":[]}],"f":1.5,"e":{}})");
  j["bad"] = std::string("\xc3(\xff");  // invalid UTF-8: replaced as dump() replaces it
  std::string out;
  JsonWriter w(&out);
  WriteJson(j, &w);
  EXPECT_EQ(out, j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  // A context object's members land after "mode", in their order.
  Verdict v;
  nlohmann::ordered_json context;
  context["source"] = {{"kind", "file"}};
  context["notification"] = {{"id", "n"}};
  EXPECT_EQ(VerdictJsonText(v, context),
            R"({"schema":"bulwark.verdict/v1","decision":"allow","mode":"enforce",)"
            R"("source":{"kind":"file"},"notification":{"id":"n"},"matches":[],)"
            R"("policy_set":"","latency_us":0})");
  EXPECT_EQ(VerdictJsonText(v, nlohmann::ordered_json()), VerdictJsonText(v));
}

TEST(VerdictJson, TextIsTheDocumentsDumpWithEveryOptionalMember) {
  Verdict v;
  v.decision = Action::kAudit;
  v.simulated_decision = Action::kBlock;
  v.mode = PolicyMode::kSimulate;
  v.policy_set = "sha256:ab";
  v.latency_us = 1234;
  v.warnings = {"a \"quoted\" warning", "line\nbreak"};
  v.incomplete.push_back({"time_budget", "cards/pan", "body"});
  Match m;
  m.policy = "pci";
  m.policy_version = "3";
  m.rule = "cards";
  m.action = Action::kBlock;
  m.severity = Severity::kHigh;
  m.mode = PolicyMode::kSimulate;
  m.tip = "Remove the card number \xe2\x80\x94 or use the vault.";
  m.allow_override = "with_justification";
  m.allow_false_positive_report = true;
  Finding f;
  f.detector = "cards/pan";
  f.count = 3;
  f.distinct = 2;
  f.confidence = Confidence::kHigh;
  Evidence e;
  e.field = "body";
  e.start = 4;
  e.end = 23;
  e.masked = "4111 **** **** 1111";
  e.fingerprint = "hmac-sha256:00ff";
  e.normalizations = {"fullwidth", "zero_width"};
  f.evidence = {e, Evidence{}};
  m.findings = {f};
  v.matches = {m, Match{}};
  nlohmann::ordered_json context;
  context["notification"] = {{"id", "n1"}};
  context["source"] = {{"line", 2}};
  const std::string text = VerdictJsonText(v, context);
  const auto j = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(j.dump(), text);  // compact, and in the order written
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "decision", "mode", "simulated_decision",
                                            "notification", "source", "matches", "policy_set",
                                            "latency_us", "warnings", "incomplete"}));
  const auto& jm = j["matches"][0];
  EXPECT_EQ(jm["policy_version"], "3");
  EXPECT_EQ(jm["enforced"], false);
  EXPECT_EQ(jm["allow_false_positive_report"], true);
  EXPECT_EQ(jm["tip"], m.tip);
  const auto& je = jm["findings"][0]["evidence"][0];
  EXPECT_EQ(je["masked"], "4111 **** **** 1111");
  EXPECT_EQ(je["normalized"], nlohmann::json({"fullwidth", "zero_width"}));
  EXPECT_EQ(je["fingerprint"], "hmac-sha256:00ff");
  EXPECT_FALSE(jm["findings"][0]["evidence"][1].contains("fingerprint"));
  EXPECT_FALSE(j["matches"][1].contains("tip"));
  EXPECT_EQ(j["warnings"][1], "line\nbreak");
  EXPECT_EQ(j["latency_us"], 1234);
  EXPECT_EQ(VerdictToJson(v)["simulated_decision"], "block");
}

}  // namespace
}  // namespace bulwark
