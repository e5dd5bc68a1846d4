#include "cli/feedback_report.h"

#include <gtest/gtest.h>

namespace bulwark::cli {
namespace {

std::string Verdict(const std::string& message, const std::string& action, bool enforced = true) {
  return nlohmann::json{
      {"schema", "bulwark.verdict/v1"},
      {"decision", enforced ? action : "allow"},
      {"notification", {{"id", "n-" + message}, {"tenant_id", "t"}}},
      {"resource", {{"message_id", message}, {"chat_id", "c"}}},
      {"matches",
       {{{"policy", "pci"}, {"rule", "cards"}, {"action", action}, {"enforced", enforced}}}}}
      .dump();
}

std::string Feedback(const std::string& message, const std::string& kind, bool with_rule = true) {
  nlohmann::json rules = nlohmann::json::array();
  if (with_rule) rules.push_back({{"policy", "pci"}, {"rule", "cards"}, {"action", "block"}});
  return nlohmann::json{{"schema", "bulwark.feedback/v1"},
                        {"feedback", kind},
                        {"notification", {{"id", "f-" + message}, {"tenant_id", "t"}}},
                        {"resource", {{"message_id", message}, {"chat_id", "c"}}},
                        {"rules", rules}}
      .dump();
}

TEST(FeedbackReport, CountsEachMessageOncePerRuleAndKind) {
  FeedbackReport r;
  for (const char* m : {"m1", "m2", "m3", "m4"}) r.Add(Verdict(m, "block"));
  r.Add(Verdict("m1", "block"));                      // redelivered
  r.Add(Verdict("m9", "block", /*enforced=*/false));  // simulated: not flagged
  r.Add(Feedback("m1", "enforced"));
  r.Add(Feedback("m2", "override"));
  r.Add(Feedback("m2", "override"));  // every later edit of an overridden message
  r.Add(Feedback("m3", "false_positive"));
  r.Add(Feedback("m5", "false_positive"));  // its verdict is in another file
  r.Add(Feedback("m6", "override", /*with_rule=*/false));
  r.Add(R"({"schema":"bulwark.lifecycle/v1"})");
  r.Add("not json");
  const auto& c = r.rules().at({"pci", "cards"});
  EXPECT_EQ(c.blocked.size(), 4u);
  EXPECT_EQ(c.overridden.size(), 1u);
  EXPECT_EQ(c.false_positive.size(), 2u);
  EXPECT_EQ(c.flagged(), 5u);
  EXPECT_DOUBLE_EQ(c.false_positive_rate(), 2.0 / 5.0);
  EXPECT_EQ(r.rules().at({"", ""}).overridden.size(), 1u);
  EXPECT_EQ(r.verdicts(), 6u);
  EXPECT_EQ(r.feedback(), 6u);
  EXPECT_EQ(r.ignored(), 1u);
  EXPECT_EQ(r.invalid(), 1u);
  const auto j = r.Json();
  EXPECT_EQ(j["rules"][1]["rule"], "cards");
  EXPECT_EQ(j["rules"][1]["reported_false_positive"], 2);
  EXPECT_NE(r.Text().find("40.0%"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::cli
