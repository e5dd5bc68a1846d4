// PolicySet::Explain: the decision trace agrees with Evaluate() and names the step that accepted
// or rejected each candidate, every condition's value and each policy's scope.
#include <gtest/gtest.h>

#include "bulwark/explanation_json.h"
#include "bulwark/verdict_json.h"
#include "test_util.h"

namespace bulwark {
namespace {

using testing::LoadYaml;
using testing::TextContent;

const std::string kPolicy =
    "apiVersion: bulwark/v1\nkind: Policy\nname: pci\n"
    "scope:\n"
    "  senders: {exclude: [Build Bot]}\n"
    "detectors:\n"
    "  - id: card\n"
    "    regex: '\\b(?:\\d[ -]?){15}\\d\\b'\n"
    "    validator: luhn\n"
    "    allow: ['4012 8888 8888 1881', {regex: '5555.*'}]\n"
    "    context: {keywords: [visa], window: 20}\n"
    "    confidence: {base: low, with_context: high}\n"
    "  - id: code\n"
    "    keywords: [bluebird]\n"
    "rules:\n"
    "  - {id: high, when: {detector: card, min_confidence: high}, action: block}\n"
    "  - {id: two, when: {detector: card, min_count: 2}, action: notify}\n"
    "  - {id: named, when: {all: [code, {not: card}]}, action: audit}\n";

const DetectorTrace& Detector(const Explanation& e, const std::string& name) {
  for (const DetectorTrace& d : e.detectors) {
    if (d.detector == name) return d;
  }
  ADD_FAILURE() << "no trace for " << name;
  static const DetectorTrace kNone;
  return kNone;
}

const RuleTrace& Rule(const Explanation& e, const std::string& id) {
  for (const RuleTrace& r : e.policies.at(0).rules) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "no rule " << id;
  static const RuleTrace kNone;
  return kNone;
}

TEST(Explain, VerdictEqualsEvaluateAndEveryCandidateHasItsStep) {
  auto set = LoadYaml({kPolicy});
  ASSERT_TRUE(set);
  // A valid card with "visa" 4 code points before it; one failing Luhn; one allowlisted exactly;
  // one allowlisted by regex; a valid card with its keyword far away (no context).
  const std::string text =
      "visa 4111 1111 1111 1111 / 4111 1111 1111 1112 / 4012 8888 8888 1881 / "
      "5555555555554444 / 378282246310005 .......... 4242424242424242";
  const Content content = TextContent(text);
  const Explanation e = set->Explain(content);
  EXPECT_EQ(VerdictToJson(e.verdict).dump(), [&] {
    Verdict v = set->Evaluate(content);
    v.latency_us = e.verdict.latency_us;
    return VerdictToJson(v).dump();
  }());
  EXPECT_EQ(e.verdict.decision, Action::kBlock);

  const DetectorTrace& card = Detector(e, "pci/card");
  EXPECT_TRUE(card.used);
  EXPECT_EQ(card.validator, "luhn");
  ASSERT_EQ(card.candidates.size(), 5u);  // the 15-digit Amex is not matched by the pattern
  EXPECT_EQ(card.candidates[0].outcome, "accepted");
  EXPECT_EQ(card.candidates[0].confidence, Confidence::kHigh);
  EXPECT_EQ(card.candidates[0].masked, "4111 **** **** 1111");
  ASSERT_TRUE(card.candidates[0].context_distance);
  EXPECT_EQ(*card.candidates[0].context_distance, 1u);  // "visa" then one space
  EXPECT_EQ(card.candidates[0].context_keyword, "visa");
  EXPECT_EQ(card.candidates[0].context_window, 20u);
  EXPECT_EQ(card.candidates[1].outcome, "validator_failed");
  EXPECT_EQ(card.candidates[1].reason, "validator luhn rejected it");
  EXPECT_EQ(card.candidates[2].outcome, "allowlisted");
  EXPECT_EQ(card.candidates[2].reason, "an exact allowlist entry");
  EXPECT_EQ(card.candidates[3].outcome, "allowlisted");
  EXPECT_EQ(card.candidates[3].reason, "allowlist regex 5555.*");
  const CandidateTrace& far = card.candidates[4];
  EXPECT_EQ(far.outcome, "accepted");
  EXPECT_EQ(far.confidence, Confidence::kLow);
  ASSERT_TRUE(far.context_distance);
  EXPECT_GT(*far.context_distance, far.context_window);
  EXPECT_EQ(far.confidence_steps.back(), "no context within 20 code points");

  // Conditions carry their values: two accepted cards, one of them high.
  const RuleTrace& high = Rule(e, "high");
  EXPECT_TRUE(high.fired);
  EXPECT_EQ(high.when.count, 1u);
  EXPECT_EQ(high.when.best, Confidence::kHigh);
  const RuleTrace& two = Rule(e, "two");
  EXPECT_TRUE(two.fired);
  EXPECT_EQ(two.when.count, 2u);
  // `all` records every child even after one fails: code found nothing, card held.
  const RuleTrace& named = Rule(e, "named");
  EXPECT_FALSE(named.fired);
  ASSERT_EQ(named.when.children.size(), 2u);
  EXPECT_FALSE(named.when.children[0].held);
  EXPECT_EQ(named.when.children[0].count, 0u);
  EXPECT_EQ(named.when.children[1].kind, "not");
  EXPECT_FALSE(named.when.children[1].held);
  EXPECT_TRUE(named.when.children[1].children.at(0).held);
  EXPECT_EQ(Detector(e, "pci/code").notes,
            std::vector<std::string>{"field 'text': the prefilter found no possible match"});
}

// A detector whose hits count only with context is not scanned in a field without its context
// keywords, and says so; a rule that counts it without context brings the scan back.
TEST(Explain, ContextOnlyDetectorsAreSkippedWhereNoContextKeywordIs) {
  const std::string head =
      "apiVersion: bulwark/v1\nkind: Policy\nname: acct\n"
      "detectors:\n"
      "  - id: number\n"
      "    regex: '\\b\\d{8}\\b'\n"
      "    context: {keywords: [account], window: 20}\n"
      "    confidence: {base: low, with_context: high}\n"
      "rules:\n"
      "  - {id: high, when: {detector: number, min_confidence: high}, action: block}\n";
  auto set = LoadYaml({head});
  ASSERT_TRUE(set);
  const Explanation none = set->Explain(TextContent("order 12345678 shipped"));
  EXPECT_EQ(none.verdict.decision, Action::kAllow);
  const DetectorTrace& skipped = Detector(none, "acct/number");
  EXPECT_TRUE(skipped.used);
  EXPECT_TRUE(skipped.candidates.empty());
  ASSERT_FALSE(skipped.notes.empty());
  EXPECT_NE(skipped.notes[0].find("no context keyword"), std::string::npos) << skipped.notes[0];
  EXPECT_EQ(set->Evaluate(TextContent("order 12345678 shipped")).decision, Action::kAllow);
  // With the keyword in the field (even out of the window) the detector runs.
  const Explanation far = set->Explain(
      TextContent("account closed. ............................ order 12345678 shipped"));
  EXPECT_EQ(Detector(far, "acct/number").candidates.size(), 1u);
  EXPECT_EQ(far.verdict.decision, Action::kAllow);
  EXPECT_EQ(set->Evaluate(TextContent("account 12345678")).decision, Action::kBlock);

  // Another rule counts the low-confidence hits: no skipping then.
  auto both = LoadYaml({head + "  - {id: any, when: number, action: notify}\n"});
  ASSERT_TRUE(both);
  const Verdict v = both->Evaluate(TextContent("order 12345678 shipped"));
  EXPECT_EQ(v.decision, Action::kNotify);
  ASSERT_EQ(v.matches.size(), 1u);
  EXPECT_EQ(v.matches[0].rule, "any");
}

TEST(Explain, ExcludeWordsLowerAValueUnlessItsContextIsNearToo) {
  auto set = LoadYaml(
      {"apiVersion: bulwark/v1\nkind: Policy\nname: ex\n"
       "detectors:\n"
       "  - id: number\n"
       "    regex: '\\b\\d{8}\\b'\n"
       "    context: {keywords: [account], window: 20, exclude: [ticket]}\n"
       "    confidence: {base: medium, with_context: high}\n"
       "rules:\n"
       "  - {id: any, when: {detector: number, min_confidence: medium}, action: notify}\n"});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->Evaluate(TextContent("ref 12345678")).decision, Action::kNotify);
  EXPECT_EQ(set->Evaluate(TextContent("ticket 12345678")).decision, Action::kAllow);
  // Out of the window the exclude word does nothing; the value's own words still raise it.
  EXPECT_EQ(set->Evaluate(TextContent("ticket ..................... 12345678")).decision,
            Action::kNotify);
  EXPECT_EQ(set->Evaluate(TextContent("ticket for account 12345678")).decision, Action::kNotify);
  const Explanation e = set->Explain(TextContent("ticket 12345678"));
  const DetectorTrace& d = Detector(e, "ex/number");
  ASSERT_EQ(d.candidates.size(), 1u);
  EXPECT_EQ(d.candidates[0].confidence, Confidence::kLow);
  bool step = false;
  for (const std::string& s : d.candidates[0].confidence_steps) {
    step = step || s == "exclude word within 20 code points: low";
  }
  EXPECT_TRUE(step);
}

TEST(Explain, OutOfScopeNamesTheEntryAndNothingIsScanned) {
  auto set = LoadYaml({kPolicy});
  ASSERT_TRUE(set);
  Content c = TextContent("visa 4111 1111 1111 1111", "chatMessage");
  c.metadata[kMetaSenderName] = "build bot";
  const Explanation e = set->Explain(c);
  EXPECT_EQ(e.verdict.decision, Action::kAllow);
  ASSERT_EQ(e.policies.size(), 1u);
  EXPECT_FALSE(e.policies[0].in_scope);
  EXPECT_EQ(e.policies[0].scope,
            "the sender is excluded by scope.senders.exclude entry 'build bot'");
  EXPECT_TRUE(e.policies[0].rules.empty());
  EXPECT_FALSE(Detector(e, "pci/card").used);
  EXPECT_TRUE(Detector(e, "pci/card").candidates.empty());
}

TEST(Explain, NormalizedCandidatesAreTracedOnceWithTheirTransformations) {
  auto set = LoadYaml({kPolicy});
  ASSERT_TRUE(set);
  // Fullwidth digits: found only in the normalized form; the ASCII card once, not twice.
  const std::string fullwidth =
      "\xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"  // 4111
      "\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"  // 1111
      "\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91"  // 1111
      "\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91";
  const Explanation e = set->Explain(TextContent("4242424242424242 and " + fullwidth));
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_FALSE(e.fields[0].normalizations.empty());
  EXPECT_LT(e.fields[0].normalized_bytes, e.fields[0].bytes);
  const DetectorTrace& card = Detector(e, "pci/card");
  ASSERT_EQ(card.candidates.size(), 2u);
  EXPECT_TRUE(card.candidates[0].normalizations.empty());
  EXPECT_FALSE(card.candidates[1].normalizations.empty());
  EXPECT_EQ(card.candidates[1].start, 21u);
  EXPECT_EQ(card.candidates[1].end, 21u + fullwidth.size());
  EXPECT_EQ(card.candidates[1].outcome, "accepted");
  ASSERT_EQ(e.verdict.matches.size(), 1u);  // rule "two": both cards
  EXPECT_EQ(e.verdict.matches[0].rule, "two");
}

TEST(Explain, JsonHoldsNoPlaintext) {
  auto set = LoadYaml({kPolicy});
  ASSERT_TRUE(set);
  const std::string value = "4111 1111 1111 1111";
  const std::string json =
      ExplanationToJson(set->Explain(TextContent("visa " + value + " and 4242424242424242")))
          .dump();
  EXPECT_EQ(json.find(value), std::string::npos);
  EXPECT_EQ(json.find("4242424242424242"), std::string::npos);
  const auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["schema"], kExplanationSchema);
  EXPECT_EQ(j["verdict"]["decision"], "block");
  EXPECT_EQ(j["detectors"][0]["candidates"][0]["masked"], "4111 **** **** 1111");
  EXPECT_EQ(j["detectors"][0]["candidates"][0]["context"]["distance"], 1);
  EXPECT_EQ(j["policies"][0]["rules"][0]["when"]["count"], 1);
}

}  // namespace
}  // namespace bulwark
