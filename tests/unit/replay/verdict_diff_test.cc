// VerdictDiff: decisions by kind of change, rules gained and lost, findings per detector, and
// examples that do not depend on the order notifications come in.
#include "replay/verdict_diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace bulwark::replay {
namespace {

using nlohmann::json;

json Verdict(const std::string& decision, const std::vector<std::string>& rules,
             const std::string& detector = "d", int count = 1) {
  json v = {{"schema", "bulwark.verdict/v1"}, {"decision", decision}, {"matches", json::array()}};
  for (const std::string& r : rules) {
    const size_t slash = r.find('/');
    v["matches"].push_back({{"policy", r.substr(0, slash)},
                            {"rule", r.substr(slash + 1)},
                            {"findings", {{{"detector", detector}, {"count", count}}}}});
  }
  return v;
}

TEST(VerdictDiff, CountsDecisionsRulesAndDetectors) {
  VerdictDiff diff(2);
  diff.Add("a", Verdict("allow", {}), Verdict("block", {"p/new"}, "d", 3));
  diff.Add("b", Verdict("notify", {"p/old"}), Verdict("allow", {}));
  diff.Add("c", Verdict("notify", {"p/old"}), Verdict("notify", {"p/old"}));
  diff.Add("d", json{{"schema", "bulwark.deadletter/v1"}},
           json{{"schema", "bulwark.deadletter/v1"}});
  diff.AddOnlyCandidate("e");
  const auto j = diff.ToJson();
  EXPECT_EQ(j["compared"], 3);
  EXPECT_EQ(j["changed"], 2);
  EXPECT_EQ(j["unchanged"], 1);
  EXPECT_EQ(j["not_evaluated"], 1);
  EXPECT_EQ(j["only_in_candidate"]["count"], 1);
  EXPECT_EQ(j["decisions"]["allow->block"]["examples"], nlohmann::ordered_json::array({"a"}));
  EXPECT_EQ(j["decisions"]["notify->allow"]["count"], 1);
  EXPECT_EQ(j["rules"]["p/new"]["gained"]["count"], 1);
  EXPECT_EQ(j["rules"]["p/old"]["lost"]["count"], 1);
  EXPECT_EQ(j["rules"]["p/old"]["gained"]["count"], 0);
  EXPECT_EQ(j["detectors"]["d"]["baseline"], 2);   // b and c
  EXPECT_EQ(j["detectors"]["d"]["candidate"], 4);  // a (3) and c
  EXPECT_TRUE(diff.decisions_changed());
  const std::string md = diff.ToMarkdown();
  EXPECT_NE(md.find("| allow → block | 1 | `a` |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `p/old` | 0 | 1 | lost: `b` |"), std::string::npos) << md;
}

TEST(VerdictDiff, ExamplesAreTheSmallestKeysWhateverTheOrder) {
  std::vector<std::string> keys = {"k5", "k1", "k4", "k2", "k3"};
  std::string first;
  do {
    VerdictDiff diff(2);
    for (const std::string& k : keys) diff.Add(k, Verdict("allow", {}), Verdict("block", {}));
    const std::string out = diff.ToJson().dump();
    if (first.empty()) first = out;
    EXPECT_EQ(out, first);
  } while (std::next_permutation(keys.begin(), keys.end()));
  EXPECT_NE(first.find(R"("examples":["k1","k2"])"), std::string::npos) << first;
}

TEST(VerdictDiff, KeyPairsNotificationAndMessage) {
  EXPECT_EQ(VerdictKey(json{{"notification", {{"id", "n1"}}}, {"resource", {{"message_id", "m"}}}}),
            "n1#m");
  EXPECT_EQ(VerdictKey(json{{"source", {{"file", "c.jsonl"}, {"line", 7}}}}), "c.jsonl:7");
}

}  // namespace
}  // namespace bulwark::replay
