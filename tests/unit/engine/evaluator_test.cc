// Evaluation semantics: rules, counts, confidence, context, allowlists, scope and modes.
#include <gtest/gtest.h>

#include "bulwark/verdict_json.h"
#include "eval/scanner.h"
#include "test_util.h"

namespace bulwark {
namespace {

using testing::LoadYaml;
using testing::TextContent;

// A policy around one card detector, with the rules given.
std::string CardPolicy(const std::string& rules, const std::string& extra_detector_keys = "",
                       const std::string& header_extra = "") {
  return "apiVersion: bulwark/v1\nkind: Policy\nname: pci\n" + header_extra +
         "detectors:\n"
         "  - id: card\n"
         "    regex: '\\b(?:\\d[ -]?){15}\\d\\b'\n"
         "    validator: luhn\n"
         "    context: {keywords: [visa, credit card], window: 20}\n"
         "    confidence: {base: low, with_context: high}\n" +
         extra_detector_keys + "rules:\n" + rules;
}

const Match* FindMatch(const Verdict& v, const std::string& rule) {
  for (const Match& m : v.matches) {
    if (m.rule == rule) return &m;
  }
  return nullptr;
}

TEST(Evaluator, ValidatorDropsFailingCandidates) {
  auto set = LoadYaml({CardPolicy("  - {id: any, when: card, action: notify}\n")});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->Evaluate(TextContent("pay 4111 1111 1111 1112 now")).decision, Action::kAllow);
  const Verdict v = set->Evaluate(TextContent("pay 4111 1111 1111 1111 now"));
  EXPECT_EQ(v.decision, Action::kNotify);
  ASSERT_EQ(v.matches.size(), 1u);
  ASSERT_EQ(v.matches[0].findings.size(), 1u);
  const Finding& f = v.matches[0].findings[0];
  EXPECT_EQ(f.detector, "pci/card");
  EXPECT_EQ(f.count, 1u);
  ASSERT_EQ(f.evidence.size(), 1u);
  EXPECT_EQ(f.evidence[0].start, 4u);
  EXPECT_EQ(f.evidence[0].end, 23u);
  EXPECT_EQ(f.evidence[0].masked, "4111 **** **** 1111");
}

// The scan state is reused per thread across events and policy sets (and let go after a
// field over 1 MB): nothing of one event may leak into the next.
TEST(Evaluator, ReusedScanStateCarriesNothingAcrossEventsOrSets) {
  auto cards = LoadYaml({CardPolicy("  - {id: any, when: card, action: notify}\n")});
  auto words =
      LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: w\ndetectors:\n"
                "  - {id: secret, keywords: [project falcon]}\n"
                "rules:\n  - {id: any, when: secret, action: block}\n"});
  ASSERT_TRUE(cards && words);
  const std::string card = "pay 4111 1111 1111 1111 now";
  const std::string huge = std::string(1500000, 'x') + " " + card;
  for (int round = 0; round < 2; ++round) {
    const Verdict big = cards->Evaluate(TextContent(huge));
    ASSERT_EQ(big.decision, Action::kNotify);
    EXPECT_EQ(big.matches[0].findings[0].evidence[0].start, 1500005u);
    EXPECT_EQ(words->Evaluate(TextContent(card)).decision, Action::kAllow);
    EXPECT_EQ(words->Evaluate(TextContent("about project falcon")).decision, Action::kBlock);
    const Verdict small = cards->Evaluate(TextContent(card));
    ASSERT_EQ(small.decision, Action::kNotify);
    EXPECT_EQ(small.matches[0].findings[0].evidence[0].start, 4u);
    EXPECT_EQ(cards->Evaluate(TextContent("no numbers here")).decision, Action::kAllow);
  }
}

TEST(Evaluator, ContextWithinWindowRaisesConfidence) {
  auto set =
      LoadYaml({CardPolicy("  - {id: hi, when: {detector: card, min_confidence: high}, "
                           "action: block}\n")});
  ASSERT_TRUE(set);
  // "visa" 5 characters before the number: within the 20-character window.
  EXPECT_EQ(set->Evaluate(TextContent("my visa: 4111111111111111")).decision, Action::kBlock);
  // After the number, within the window, case-insensitive, multi-word keyword.
  EXPECT_EQ(set->Evaluate(TextContent("4111111111111111 is my Credit  Card")).decision,
            Action::kBlock);
  // Too far away (more than 20 characters between them).
  EXPECT_EQ(set->Evaluate(TextContent("visa ........................ 4111111111111111")).decision,
            Action::kAllow);
  // Not a whole word.
  EXPECT_EQ(set->Evaluate(TextContent("visas 4111111111111111")).decision, Action::kAllow);
}

TEST(Evaluator, WindowCountsCharactersNotBytes) {
  auto set =
      LoadYaml({CardPolicy("  - {id: hi, when: {detector: card, min_confidence: high}, "
                           "action: block}\n")});
  ASSERT_TRUE(set);
  // 18 two-byte characters between keyword and number: 18 characters (<= 20), 36 bytes.
  std::string gap;
  for (int i = 0; i < 18; ++i) gap += "\xC3\xA9";
  EXPECT_EQ(set->Evaluate(TextContent("visa" + gap + "4111111111111111")).decision, Action::kBlock);
}

// `context: {required: true}`: values only next to a keyword, none elsewhere, whether the
// pattern is searched only around the keywords (its own) or prefiltered (shared with another
// detector that does not require context).
TEST(Evaluator, ContextRequiredReportsOnlyValuesNearAKeyword) {
  const std::string detectors =
      "apiVersion: bulwark/v1\nkind: Policy\nname: it\n"
      "detectors:\n"
      "  - id: cie\n"
      "    regex: '\\b[A-Z]{2}\\d{5}[A-Z]{2}\\b'\n"
      "    context: {keywords: [carta, CIE], window: 20, required: true}\n"
      "    confidence: {base: low, with_context: medium}\n";
  const std::string rules =
      "rules:\n"
      "  - {id: any, when: {detector: cie}, action: block}\n";
  auto own = LoadYaml({detectors + rules});
  auto shared = LoadYaml({detectors +
                          "  - id: loose\n"
                          "    regex: '\\b[A-Z]{2}\\d{5}[A-Z]{2}\\b'\n" +
                          rules + "  - {id: loose, when: {detector: loose}, action: audit}\n"});
  ASSERT_TRUE(own);
  ASSERT_TRUE(shared);
  EXPECT_EQ(own->stats().near_context, 1u);
  EXPECT_EQ(shared->stats().near_context, 0u);  // "loose" needs it everywhere
  for (const auto& set : {own, shared}) {
    const Verdict near = set->Evaluate(TextContent("Numero carta: CA12345AB, scade 2031"));
    ASSERT_NE(FindMatch(near, "any"), nullptr);
    EXPECT_EQ(FindMatch(near, "any")->findings.size(), 1u);
    EXPECT_EQ(near.decision, Action::kBlock);
    // After the value, and counted in characters: 19 two-byte characters between.
    std::string gap;
    for (int i = 0; i < 19; ++i) gap += "\xC3\xA0";
    EXPECT_NE(FindMatch(set->Evaluate(TextContent("CA12345AB" + gap + "CIE")), "any"), nullptr);
    EXPECT_EQ(FindMatch(set->Evaluate(TextContent("CA12345AB" + gap + "\xC3\xA0\xC3\xA0" + "CIE")),
                        "any"),
              nullptr);
    EXPECT_EQ(FindMatch(set->Evaluate(TextContent("ref CA12345AB")), "any"), nullptr);
    EXPECT_EQ(
        FindMatch(set->Evaluate(TextContent("carta ........................ CA12345AB")), "any"),
        nullptr);
  }
  // The value without a keyword still counts for the detector that does not require one.
  EXPECT_NE(FindMatch(shared->Evaluate(TextContent("ref CA12345AB")), "loose"), nullptr);
  // Explain names why a value was dropped.
  const Explanation e = own->Explain(TextContent("carta ........................ CA12345AB"));
  ASSERT_EQ(e.detectors.size(), 1u);
  ASSERT_EQ(e.detectors[0].candidates.size(), 1u);
  EXPECT_EQ(e.detectors[0].candidates[0].outcome, "no_context");
  EXPECT_EQ(e.detectors[0].candidates[0].reason,
            "context is required, and no keyword is within 20 code points");
  bool noted = false;
  for (const std::string& n : e.detectors[0].notes) {
    noted = noted || n.find("searched only around its context keywords (1 ranges)") != n.npos;
  }
  EXPECT_TRUE(noted);
}

// A literal-free pattern whose hits no rule counts without context gets no Hyperscan pass: it
// is searched around its keywords (or over the field when its width is unbounded). Verdicts are
// those of the prefiltered pattern, and PolicySet::Detect still finds every hit.
TEST(Evaluator, PatternsTheRulesCountOnlyWithContextAreSearchedNearTheirKeywords) {
  const auto policy = [](const std::string& regex, const std::string& extra_rule) {
    return "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
           "detectors:\n"
           "  - id: code\n"
           "    regex: '" +
           regex +
           "'\n"
           "    context: {keywords: [access code], window: 20}\n"
           "    confidence: {base: low, with_context: high}\n"
           "rules:\n"
           "  - {id: hi, when: {detector: code, min_confidence: high}, action: block}\n" +
           extra_rule;
  };
  const std::string bounded = "\\b[A-Z]{3}[a-z]{2} [A-Z]{2}\\b";
  const std::string unbounded = "\\b[A-Z]{3}[a-z]+ [A-Z]{2}\\b";
  const std::string low_rule = "  - {id: lo, when: code, action: audit}\n";
  auto near = LoadYaml({policy(bounded, "")});
  auto near_unbounded = LoadYaml({policy(unbounded, "")});
  auto prefiltered = LoadYaml({policy(bounded, low_rule)});
  ASSERT_TRUE(near && near_unbounded && prefiltered);
  EXPECT_EQ(near->stats().near_context, 1u);
  EXPECT_EQ(near_unbounded->stats().near_context, 1u);
  EXPECT_EQ(prefiltered->stats().near_context, 0u);  // a rule counts its hits at low
  EXPECT_EQ(prefiltered->stats().prefiltered, 1u);
  for (const char* text : {"access code ABCde FG", "ABCde FG is the access code", "ABCde FG",
                           "access code ............................ ABCde FG",
                           "access code ABCdefgh FG", "access code abcde fg"}) {
    const Verdict a = near->Evaluate(TextContent(text));
    EXPECT_EQ(a.decision, prefiltered->Evaluate(TextContent(text)).decision == Action::kBlock
                              ? Action::kBlock
                              : Action::kAllow)
        << text;
    EXPECT_EQ(FindMatch(a, "hi") != nullptr,
              FindMatch(prefiltered->Evaluate(TextContent(text)), "hi") != nullptr)
        << text;
  }
  EXPECT_EQ(near->Evaluate(TextContent("access code ABCde FG")).decision, Action::kBlock);
  EXPECT_EQ(near->Evaluate(TextContent("ABCde FG")).decision, Action::kAllow);
  EXPECT_EQ(near_unbounded->Evaluate(TextContent("access code ABCdefgh FG")).decision,
            Action::kBlock);
  EXPECT_EQ(near_unbounded->Evaluate(TextContent("ABCdefgh FG")).decision, Action::kAllow);
  // Detect reports every hit at any confidence, with or without context.
  for (const auto& set : {near, near_unbounded}) {
    const auto hits =
        set->Detect(TextContent("ABCde FG, then much later in this message: access code ABCde FG"));
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].confidence, Confidence::kLow);
    EXPECT_EQ(hits[1].confidence, Confidence::kHigh);
  }
}

// `context: {acronyms: [...]}`: matched as written, whole words; keywords stay case-blind.
TEST(Evaluator, ContextAcronymsAreCaseSensitiveWholeWords) {
  auto set =
      LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: ph\n"
                "detectors:\n"
                "  - id: tin\n"
                "    regex: '\\b\\d{3}-\\d{3}-\\d{3}\\b'\n"
                "    context: {keywords: [taxpayer number], acronyms: [TIN, BIR], window: 20}\n"
                "    confidence: {base: low, with_context: high}\n"
                "rules:\n"
                "  - {id: hi, when: {detector: tin, min_confidence: high}, action: block}\n"});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->Evaluate(TextContent("TIN 123-456-789")).decision, Action::kBlock);
  EXPECT_EQ(set->Evaluate(TextContent("BIR form, 123-456-789")).decision, Action::kBlock);
  EXPECT_EQ(set->Evaluate(TextContent("Taxpayer  Number 123-456-789")).decision, Action::kBlock);
  EXPECT_EQ(set->Evaluate(TextContent("tin 123-456-789")).decision, Action::kAllow);
  EXPECT_EQ(set->Evaluate(TextContent("Tin 123-456-789")).decision, Action::kAllow);
  EXPECT_EQ(set->Evaluate(TextContent("TINS 123-456-789")).decision, Action::kAllow);
  EXPECT_EQ(set->Evaluate(TextContent("MARTIN 123-456-789")).decision, Action::kAllow);
}

TEST(Evaluator, MinCountAndDistinct) {
  auto set = LoadYaml(
      {CardPolicy("  - {id: three, when: {detector: card, min_count: 3}, action: block}\n"
                  "  - {id: three-distinct, when: {detector: card, min_count: 3, distinct: true}, "
                  "action: block}\n")});
  ASSERT_TRUE(set);
  // The same number three times, formatted differently: 3 occurrences, 1 distinct value.
  const Verdict same =
      set->Evaluate(TextContent("4111111111111111 4111 1111 1111 1111 4111-1111-1111-1111"));
  EXPECT_NE(FindMatch(same, "three"), nullptr);
  EXPECT_EQ(FindMatch(same, "three-distinct"), nullptr);
  const Verdict diff =
      set->Evaluate(TextContent("4111111111111111 5555555555554444 4012888888881881"));
  ASSERT_NE(FindMatch(diff, "three-distinct"), nullptr);
  EXPECT_EQ(FindMatch(diff, "three-distinct")->findings[0].distinct, 3u);
}

TEST(Evaluator, AllAnyNot) {
  const std::string policy =
      "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
      "detectors:\n"
      "  - {id: a, keywords: [alpha]}\n"
      "  - {id: b, keywords: [beta]}\n"
      "  - {id: c, keywords: [gamma]}\n"
      "rules:\n"
      "  - {id: all-ab, when: {all: [a, b]}, action: block}\n"
      "  - {id: any-bc, when: {any: [b, c]}, action: notify}\n"
      "  - {id: a-not-c, when: {all: [a, {not: c}]}, action: audit}\n";
  auto set = LoadYaml({policy});
  ASSERT_TRUE(set);
  auto rules = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const Match& m : set->Evaluate(TextContent(text)).matches) out.push_back(m.rule);
    return out;
  };
  EXPECT_EQ(rules("alpha beta"), (std::vector<std::string>{"all-ab", "any-bc", "a-not-c"}));
  EXPECT_EQ(rules("alpha gamma"), (std::vector<std::string>{"any-bc"}));
  EXPECT_EQ(rules("alpha"), (std::vector<std::string>{"a-not-c"}));
  EXPECT_EQ(rules("nothing"), (std::vector<std::string>{}));
  // Evidence of `not` branches is never reported; `all` reports both detectors.
  const Verdict v = set->Evaluate(TextContent("alpha beta"));
  EXPECT_EQ(FindMatch(v, "all-ab")->findings.size(), 2u);
  EXPECT_EQ(FindMatch(v, "a-not-c")->findings.size(), 1u);
}

// With no hit at all, a rule holds only through `not` (worked out at load): the same rules fire
// as when every condition is walked, as Explain does.
TEST(Evaluator, RulesWithoutAnyHitHoldOnlyThroughNot) {
  const std::string policy =
      "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
      "detectors:\n"
      "  - {id: a, keywords: [alpha]}\n"
      "  - {id: b, keywords: [beta]}\n"
      "rules:\n"
      "  - {id: plain, when: a, action: block}\n"
      "  - {id: none-of-them, when: {all: [{not: a}, {not: b}]}, action: audit}\n"
      "  - {id: either-or-not, when: {any: [a, {not: b}]}, action: notify}\n"
      "  - {id: not-not, when: {not: {not: b}}, action: notify}\n";
  auto set = LoadYaml({policy});
  ASSERT_TRUE(set);
  auto rules = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const Match& m : set->Evaluate(TextContent(text)).matches) {
      out.push_back(m.rule);
      EXPECT_TRUE(m.findings.empty() || text != "nothing") << m.rule;
    }
    return out;
  };
  EXPECT_EQ(rules("nothing"), (std::vector<std::string>{"none-of-them", "either-or-not"}));
  EXPECT_EQ(rules("beta"), (std::vector<std::string>{"not-not"}));
  EXPECT_EQ(rules("alpha"), (std::vector<std::string>{"plain", "either-or-not"}));
  // Explain walks every condition: the same decision.
  EXPECT_EQ(set->Explain(TextContent("nothing")).verdict.decision,
            set->Evaluate(TextContent("nothing")).decision);
}

TEST(Evaluator, AllowlistExactCanonicalAndRegex) {
  auto set = LoadYaml({CardPolicy("  - {id: any, when: card, action: notify}\n",
                                  "    allow: ['4111 1111 1111 1111', {regex: '5555.*'}]\n")});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->Evaluate(TextContent("4111 1111 1111 1111")).decision, Action::kAllow);
  EXPECT_EQ(set->Evaluate(TextContent("4111-1111-1111-1111")).decision, Action::kAllow);
  EXPECT_EQ(set->Evaluate(TextContent("5555555555554444")).decision, Action::kAllow);
  EXPECT_EQ(set->Evaluate(TextContent("4012888888881881")).decision, Action::kNotify);
}

TEST(Evaluator, OptionalValidatorRaisesConfidence) {
  const std::string policy =
      "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
      "detectors:\n"
      "  - id: num\n"
      "    regex: '\\b\\d{16}\\b'\n"
      "    validator: {name: luhn, required: false}\n"
      "    confidence: {base: low, with_validator: high}\n"
      "rules:\n"
      "  - {id: hi, when: {detector: num, min_confidence: high}, action: block}\n"
      "  - {id: lo, when: num, action: audit}\n";
  auto set = LoadYaml({policy});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->Evaluate(TextContent("4111111111111111")).decision, Action::kBlock);
  EXPECT_EQ(set->Evaluate(TextContent("4111111111111112")).decision, Action::kAudit);
}

TEST(Evaluator, DecisionIsMostRestrictiveAndSimulateIsNotEnforced) {
  const std::string enforce =
      "apiVersion: bulwark/v1\nkind: Policy\nname: e\n"
      "detectors: [{id: k, keywords: [secret]}]\n"
      "rules: [{id: r, when: k, action: notify}]\n";
  const std::string simulate =
      "apiVersion: bulwark/v1\nkind: Policy\nname: s\nmode: simulate\n"
      "detectors: [{id: k, keywords: [secret]}]\n"
      "rules: [{id: r, when: k, action: block}]\n";
  auto set = LoadYaml({enforce, simulate});
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(TextContent("top secret"));
  EXPECT_EQ(v.decision, Action::kNotify);
  EXPECT_EQ(v.simulated_decision, Action::kBlock);
  ASSERT_EQ(v.matches.size(), 2u);

  LoadOptions all_sim;
  all_sim.force_simulate = true;
  auto sim = LoadYaml({enforce, simulate}, all_sim);
  const Verdict vs = sim->Evaluate(TextContent("top secret"));
  EXPECT_EQ(vs.mode, PolicyMode::kSimulate);
  EXPECT_EQ(vs.decision, Action::kAllow);
  EXPECT_EQ(vs.simulated_decision, Action::kBlock);
}

TEST(Evaluator, SenderOptionsOfTheRuleReachTheMatchAndTheVerdict) {
  auto set = LoadYaml({CardPolicy(
      "  - {id: strict, when: card, action: block, allow_override: none,\n"
      "     allow_false_positive_report: false}\n"
      "  - {id: lenient, when: card, action: notify, allow_override: with_justification}\n"
      "  - {id: silent, when: card, action: audit}\n")});
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(TextContent("pay 4111 1111 1111 1111 now"));
  const Match* strict = FindMatch(v, "strict");
  const Match* lenient = FindMatch(v, "lenient");
  const Match* silent = FindMatch(v, "silent");
  ASSERT_TRUE(strict && lenient && silent);
  EXPECT_EQ(strict->allow_override, "none");
  EXPECT_EQ(strict->allow_false_positive_report, std::optional<bool>(false));
  EXPECT_EQ(lenient->allow_override, "with_justification");
  EXPECT_FALSE(lenient->allow_false_positive_report.has_value());
  EXPECT_EQ(silent->allow_override, "");  // unset: the enforcing sink's default applies
  const auto j = VerdictToJson(v);
  for (const auto& m : j["matches"]) {
    if (m["rule"] == "strict") {
      EXPECT_EQ(m["allow_override"], "none");
      EXPECT_EQ(m["allow_false_positive_report"], false);
    }
    if (m["rule"] == "silent") {
      EXPECT_FALSE(m.contains("allow_override"));
      EXPECT_FALSE(m.contains("allow_false_positive_report"));
    }
  }
}

TEST(Evaluator, ScopeOnResourceTenantAndSender) {
  const std::string policy =
      "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
      "scope:\n"
      "  resources: [chatMessage]\n"
      "  tenants: [t1]\n"
      "  senders: {exclude: [Build Bot]}\n"
      "detectors: [{id: k, keywords: [secret]}]\n"
      "rules: [{id: r, when: k, action: block}]\n";
  auto set = LoadYaml({policy});
  ASSERT_TRUE(set);
  Content c = TextContent("secret", "chatMessage");
  c.metadata[kMetaTenantId] = "t1";
  c.metadata[kMetaSenderName] = "Adele Vance";
  EXPECT_EQ(set->Evaluate(c).decision, Action::kBlock);
  c.metadata[kMetaSenderName] = "build bot";  // case-insensitive exclusion
  EXPECT_EQ(set->Evaluate(c).decision, Action::kAllow);
  c.metadata[kMetaSenderName] = "Adele Vance";
  c.metadata[kMetaTenantId] = "t2";
  EXPECT_EQ(set->Evaluate(c).decision, Action::kAllow);
  c.metadata[kMetaTenantId] = "t1";
  c.resource_type = "text";
  EXPECT_EQ(set->Evaluate(c).decision, Action::kAllow);
}

// Which detectors an event needs depends on the policies in scope, and is kept per thread for
// the last combination: alternating events of different scope must each get their own.
TEST(Evaluator, DetectorsNeededFollowThePoliciesInScopeEventByEvent) {
  const std::string scoped =
      "apiVersion: bulwark/v1\nkind: Policy\nname: t1only\n"
      "scope: {tenants: [t1]}\n"
      "detectors: [{id: k, keywords: [secret], context: {keywords: [vault], window: 20}, "
      "confidence: {base: low, with_context: high}}]\n"
      "rules: [{id: r, when: {detector: k, min_confidence: high}, action: block}]\n";
  const std::string everywhere =
      "apiVersion: bulwark/v1\nkind: Policy\nname: all\n"
      "detectors: [{id: k, keywords: [secret]}]\n"
      "rules: [{id: r, when: k, action: notify}]\n";
  auto set = LoadYaml({scoped, everywhere});
  ASSERT_TRUE(set);
  Content c = TextContent("vault secret");
  for (int round = 0; round < 2; ++round) {
    c.metadata[kMetaTenantId] = "t1";
    EXPECT_EQ(set->Evaluate(c).decision, Action::kBlock) << round;
    c.metadata[kMetaTenantId] = "t2";
    EXPECT_EQ(set->Evaluate(c).decision, Action::kNotify) << round;
  }
  // The same event against another set, then the first again.
  auto other = LoadYaml({everywhere});
  ASSERT_TRUE(other);
  c.metadata[kMetaTenantId] = "t1";
  EXPECT_EQ(other->Evaluate(c).decision, Action::kNotify);
  EXPECT_EQ(set->Evaluate(c).decision, Action::kBlock);
}

TEST(Evaluator, LibraryDetectorsAreSharedAcrossPolicies) {
  const std::string lib =
      "apiVersion: bulwark/v1\nkind: DetectorLibrary\nname: common\n"
      "detectors: [{id: word, keywords: [confidential]}]\n";
  const std::string p1 =
      "apiVersion: bulwark/v1\nkind: Policy\nname: p1\n"
      "rules: [{id: r, when: common.word, action: audit}]\n";
  const std::string p2 =
      "apiVersion: bulwark/v1\nkind: Policy\nname: p2\n"
      "rules: [{id: r, when: {detector: common.word, min_count: 2}, action: block}]\n";
  auto set = LoadYaml({lib, p1, p2});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->stats().detectors, 1u);
  EXPECT_EQ(set->Evaluate(TextContent("CONFIDENTIAL")).decision, Action::kAudit);
  EXPECT_EQ(set->Evaluate(TextContent("confidential, Confidential")).decision, Action::kBlock);
}

TEST(Evaluator, CaptureGroupIsTheValue) {
  const std::string policy =
      "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
      "detectors: [{id: pw, regex: '(?i)password\\s*=\\s*(\\S{8,})', capture: 1}]\n"
      "rules: [{id: r, when: pw, action: block}]\n";
  auto set = LoadYaml({policy});
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(TextContent("db Password = hunter2hunter2"));
  ASSERT_EQ(v.decision, Action::kBlock);
  const Evidence& e = v.matches[0].findings[0].evidence[0];
  EXPECT_EQ(e.start, 14u);
  EXPECT_EQ(e.end, 28u);
}

TEST(Evaluator, EvidenceIsCappedButCountIsExact) {
  LoadOptions options;
  options.max_evidence = 2;
  auto set = LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
                       "detectors: [{id: k, keywords: [x]}]\n"
                       "rules: [{id: r, when: k, action: audit}]\n"},
                      options);
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(TextContent("x x x x x"));
  EXPECT_EQ(v.matches[0].findings[0].count, 5u);
  EXPECT_EQ(v.matches[0].findings[0].evidence.size(), 2u);
}

TEST(Evaluator, FingerprintIsKeyedAndFormatIndependent) {
  LoadOptions options;
  options.fingerprint_key = "test-only-key";
  auto set = LoadYaml({CardPolicy("  - {id: any, when: card, action: notify}\n")}, options);
  ASSERT_TRUE(set);
  const Verdict a = set->Evaluate(TextContent("4111 1111 1111 1111"));
  const Verdict b = set->Evaluate(TextContent("4111-1111-1111-1111"));
  const std::string fa = a.matches[0].findings[0].evidence[0].fingerprint;
  EXPECT_EQ(fa.rfind("hmac-sha256:", 0), 0u);
  EXPECT_EQ(fa.size(), 12u + 64u);
  EXPECT_EQ(fa, b.matches[0].findings[0].evidence[0].fingerprint);
  options.fingerprint_key = "another-key";
  auto other = LoadYaml({CardPolicy("  - {id: any, when: card, action: notify}\n")}, options);
  EXPECT_NE(fa, other->Evaluate(TextContent("4111 1111 1111 1111"))
                    .matches[0]
                    .findings[0]
                    .evidence[0]
                    .fingerprint);
}

TEST(Evaluator, InvalidUtf8IsScannedWithStableOffsets) {
  auto set =
      LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
                "detectors: [{id: k, keywords: [secret]}]\n"
                "rules: [{id: r, when: k, action: audit}]\n"});
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(TextContent("\xFF\xFE secret"));
  ASSERT_EQ(v.decision, Action::kAudit);
  EXPECT_EQ(v.matches[0].findings[0].evidence[0].start, 3u);
}

TEST(Evaluator, MultipleFieldsReportTheirNames) {
  auto set =
      LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
                "detectors: [{id: k, keywords: [secret]}]\n"
                "rules: [{id: r, when: {detector: k, min_count: 2}, action: audit}]\n"});
  ASSERT_TRUE(set);
  Content c;
  c.resource_type = "chatMessage";
  c.fields = {{"subject", "secret plan"}, {"body", "the secret"}};
  const Verdict v = set->Evaluate(c);
  ASSERT_EQ(v.decision, Action::kAudit);
  const auto& ev = v.matches[0].findings[0].evidence;
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].field, "subject");
  EXPECT_EQ(ev[1].field, "body");
  EXPECT_EQ(ev[1].start, 4u);
}

// A context-required detector looks only near its keywords: past the keyword cap, values near
// the rest are not looked for, and the field is not fully examined (fail closed).
TEST(Evaluator, ContextRequiredPastTheKeywordCapFailsClosed) {
  auto set =
      LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: it\n"
                "detectors:\n"
                "  - id: cie\n"
                "    regex: '\\b[A-Z]{2}\\d{5}[A-Z]{2}\\b'\n"
                "    context: {acronyms: [CIE], window: 20, required: true}\n"
                "rules:\n"
                "  - {id: r, when: cie, action: audit}\n"});
  ASSERT_TRUE(set);
  std::string text;
  for (size_t i = 0; i < kMaxCandidatesPerField; ++i) text += "CIE ";
  const Verdict at_cap = set->Evaluate(TextContent(text + "CA12345AB"));
  EXPECT_TRUE(at_cap.incomplete.empty());
  EXPECT_EQ(at_cap.decision, Action::kAudit);
  const Verdict past = set->Evaluate(TextContent(text + "CIE CA12345AB"));
  ASSERT_EQ(past.incomplete.size(), 1u);
  EXPECT_EQ(past.incomplete[0].reason, "candidate_cap");
  EXPECT_EQ(past.incomplete[0].detector, "it/cie");
  EXPECT_EQ(past.decision, Action::kBlock);  // on_incomplete's default
}

TEST(Evaluator, AFieldNotFullyExaminedFailsClosed) {
  // More candidates than the scanner examines in one field: the verdict says so, and each
  // policy using that detector applies its on_incomplete action (block unless it says otherwise).
  std::string text;
  for (size_t i = 0; i <= kMaxCandidatesPerField; ++i) text += "tok-" + std::to_string(i) + " ";
  const std::string detectors =
      "detectors:\n  - {id: tok, regex: 'tok-\\d+'}\n  - {id: other, keywords: [nothing]}\n";
  auto policy = [&](const std::string& name, const std::string& extra, const std::string& uses) {
    return "apiVersion: bulwark/v1\nkind: Policy\nname: " + name + "\n" + extra + detectors +
           "rules:\n  - {id: r, when: {detector: " + uses +
           ", min_count: 1000000}, action: audit}\n";
  };
  struct Case {
    std::string extra;
    std::string uses;
    Action decision;
    Action simulated;
    size_t matches;
  };
  for (const Case& c : std::vector<Case>{
           {"", "tok", Action::kBlock, Action::kBlock, 1},  // the shipped default: fail closed
           {"on_incomplete: notify\n", "tok", Action::kNotify, Action::kNotify, 1},
           {"on_incomplete: allow\n", "tok", Action::kAllow, Action::kAllow, 0},
           {"mode: simulate\n", "tok", Action::kAllow, Action::kBlock, 1},
       }) {
    auto set = testing::LoadYaml({policy("p", c.extra, c.uses)});
    ASSERT_TRUE(set);
    const Verdict v = set->Evaluate(testing::TextContent(text));
    ASSERT_EQ(v.incomplete.size(), 1u) << c.extra;
    EXPECT_EQ(v.incomplete[0].reason, "candidate_cap");
    EXPECT_EQ(v.incomplete[0].detector, "p/tok");
    EXPECT_EQ(v.incomplete[0].field, "text");
    EXPECT_EQ(v.decision, c.decision) << c.extra << c.uses;
    EXPECT_EQ(v.simulated_decision, c.simulated) << c.extra << c.uses;
    ASSERT_EQ(v.matches.size(), c.matches) << c.extra << c.uses;
    if (c.matches == 1) {
      EXPECT_EQ(v.matches[0].rule, kIncompleteRule);
      EXPECT_TRUE(v.matches[0].findings.empty());
    }
  }
  // Under the cap nothing is incomplete.
  auto set = testing::LoadYaml({policy("p", "", "tok")});
  EXPECT_TRUE(set->Evaluate(testing::TextContent("tok-1 tok-2")).incomplete.empty());
  // A policy that does not use the capped detector neither scans it nor fails closed on it,
  // while another in the same set does.
  set = testing::LoadYaml(
      {policy("uses-other", "", "other"),
       "apiVersion: bulwark/v1\nkind: Policy\nname: uses-tok\ndetectors:\n"
       "  - {id: tok, regex: 'tok-\\d+'}\nrules:\n  - {id: r, when: {detector: tok, min_count: "
       "1000000}, action: audit}\n"});
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(testing::TextContent(text));
  ASSERT_EQ(v.matches.size(), 1u);
  EXPECT_EQ(v.matches[0].policy, "uses-tok");
  EXPECT_EQ(v.decision, Action::kBlock);
}

TEST(Evaluator, ContentNotExtractedMakesEveryPolicyInScopeFailClosed) {
  auto set = testing::LoadYaml(
      {"apiVersion: bulwark/v1\nkind: Policy\nname: a\non_incomplete: notify\n"
       "detectors: [{id: w, keywords: [alpha]}]\nrules: [{id: r, when: w, action: audit}]\n",
       "apiVersion: bulwark/v1\nkind: Policy\nname: b\non_incomplete: allow\n"
       "detectors: [{id: w, keywords: [beta]}]\nrules: [{id: r, when: w, action: audit}]\n"});
  ASSERT_TRUE(set);
  Content c = testing::TextContent("nothing here");
  c.not_extracted = {"attachment.content"};
  const Verdict v = set->Evaluate(c);
  ASSERT_EQ(v.incomplete.size(), 1u);
  EXPECT_EQ(v.incomplete[0].reason, "not_extracted");
  EXPECT_EQ(v.incomplete[0].detector, "");
  EXPECT_EQ(v.incomplete[0].field, "attachment.content");
  ASSERT_EQ(v.matches.size(), 1u);  // b says allow on incomplete: no match from it
  EXPECT_EQ(v.matches[0].policy, "a");
  EXPECT_EQ(v.matches[0].rule, kIncompleteRule);
  EXPECT_EQ(v.decision, Action::kNotify);
  // Fully extracted: nothing.
  EXPECT_TRUE(set->Evaluate(testing::TextContent("nothing here")).matches.empty());
}

}  // namespace
}  // namespace bulwark
