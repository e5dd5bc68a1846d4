// DiffPolicySets: each kind of change gets its level (major: can flag more, minor: only less,
// patch: nothing that decides) and counts for the documents it affects; version bumps are
// checked against the largest change of each document.
#include "bulwark/policy_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace bulwark {
namespace {

using ::testing::HasSubstr;
using testing::LoadYaml;

const std::string kLibrary =
    "apiVersion: bulwark/v1\nkind: DetectorLibrary\nname: lib\nversion: 1.0.0\n"
    "detectors:\n"
    "  - id: card\n"
    "    regex: '\\b\\d{16}\\b'\n"
    "    validator: luhn\n"
    "    allow: ['4111111111111111']\n"
    "    context: {keywords: [visa], window: 50}\n"
    "    confidence: {base: low, with_context: high}\n";

std::string Policy(const std::string& version, const std::string& rules,
                   const std::string& extra = "") {
  return "apiVersion: bulwark/v1\nkind: Policy\nname: p\nversion: " + version + "\n" + extra +
         "rules:\n" + rules;
}

const std::string kRules =
    "  - {id: one, when: {detector: lib.card, min_confidence: high}, action: notify}\n"
    "  - {id: bulk, when: {detector: lib.card, min_count: 3}, action: block}\n";

PolicyDiff Diff(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  auto a = LoadYaml(before);
  auto b = LoadYaml(after);
  EXPECT_TRUE(a && b);
  if (!a || !b) return {};
  return DiffPolicySets(*a, *b);
}

// The one change of `d` (asserting there is exactly one).
const PolicyChange& Only(const PolicyDiff& d) {
  EXPECT_EQ(d.changes.size(), 1u);
  static const PolicyChange kNone{};
  return d.changes.empty() ? kNone : d.changes.front();
}

TEST(PolicyDiff, IdenticalSetsHaveNoChange) {
  const PolicyDiff d =
      Diff({kLibrary, Policy("1.0.0", kRules)}, {kLibrary, Policy("1.0.0", kRules)});
  EXPECT_EQ(d.level, ChangeLevel::kNone);
  EXPECT_TRUE(d.changes.empty());
  for (const VersionCheck& v : d.versions) EXPECT_TRUE(v.ok) << v.document;
}

TEST(PolicyDiff, ConditionThresholdsByDirectionAndUnderNot) {
  const std::string lower =
      "  - {id: one, when: {detector: lib.card, min_confidence: medium}, action: notify}\n"
      "  - {id: bulk, when: {detector: lib.card, min_count: 3}, action: block}\n";
  const PolicyDiff d =
      Diff({kLibrary, Policy("1.0.0", kRules)}, {kLibrary, Policy("2.0.0", lower)});
  const PolicyChange& c = Only(d);
  EXPECT_EQ(c.level, ChangeLevel::kMajor);
  EXPECT_EQ(c.subject, "rule 'p/one'");
  EXPECT_THAT(c.what, HasSubstr("min_confidence high -> medium (flags more)"));
  const std::string higher_count =
      "  - {id: one, when: {detector: lib.card, min_confidence: high}, action: notify}\n"
      "  - {id: bulk, when: {detector: lib.card, min_count: 5}, action: block}\n";
  EXPECT_EQ(
      Only(Diff({kLibrary, Policy("1.0.0", kRules)}, {kLibrary, Policy("1.1.0", higher_count)}))
          .level,
      ChangeLevel::kMinor);
  // Under `not`, a detector that matches more makes the rule flag less.
  auto negated = [](const std::string& conf) {
    return "  - {id: r, when: {all: [lib.card, {not: {detector: lib.card, min_confidence: " + conf +
           "}}]}, action: audit}\n";
  };
  EXPECT_EQ(Only(Diff({kLibrary, Policy("1.0.0", negated("high"))},
                      {kLibrary, Policy("1.1.0", negated("low"))}))
                .level,
            ChangeLevel::kMinor);
}

TEST(PolicyDiff, ActionsRulesModeAndScope) {
  const std::string base = Policy("1.0.0", kRules);
  auto level = [&](const std::string& after) {
    return Diff({kLibrary, base}, {kLibrary, after}).level;
  };
  std::string raised = kRules;
  raised.replace(raised.find("action: notify"), 14, "action: block");
  EXPECT_EQ(level(Policy("2.0.0", raised)), ChangeLevel::kMajor);
  EXPECT_EQ(level(Policy("1.1.0", "  - {id: one, when: lib.card, action: audit}\n")),
            ChangeLevel::kMajor);  // condition floor lowered too
  EXPECT_EQ(level(Policy("1.1.0", kRules + "  - {id: extra, when: lib.card, action: audit}\n")),
            ChangeLevel::kMajor);
  EXPECT_EQ(level(Policy("1.1.0", kRules.substr(0, kRules.find("  - {id: bulk")))),
            ChangeLevel::kMinor);  // a rule removed
  EXPECT_EQ(level(Policy("1.1.0", kRules, "mode: simulate\n")), ChangeLevel::kMinor);
  EXPECT_EQ(level(Policy("1.1.0", kRules, "scope: {resources: [chatMessage]}\n")),
            ChangeLevel::kMinor);
  EXPECT_EQ(Diff({kLibrary, Policy("1.0.0", kRules, "scope: {senders: {exclude: [bot]}}\n")},
                 {kLibrary, base})
                .level,
            ChangeLevel::kMajor);  // an exclusion removed: more senders in scope
  std::string tip = kRules;
  tip.replace(tip.find("action: block"), 13, "action: block, tip: careful");
  EXPECT_EQ(level(Policy("1.0.1", tip)), ChangeLevel::kPatch);
}

TEST(PolicyDiff, DetectorChangesCountForTheLibraryAndThePoliciesUsingIt) {
  std::string no_allow = kLibrary;
  no_allow.erase(no_allow.find("    allow:"),
                 std::string("    allow: ['4111111111111111']\n").size());
  const PolicyDiff d =
      Diff({kLibrary, Policy("1.0.0", kRules)}, {no_allow, Policy("1.0.0", kRules)});
  const PolicyChange& c = Only(d);
  EXPECT_EQ(c.level, ChangeLevel::kMajor);
  EXPECT_EQ(c.what, "1 allowlist entry removed (more values flagged)");
  EXPECT_EQ(c.what.find("4111"), std::string::npos);  // entries are counted, never shown
  EXPECT_EQ(c.documents, (std::vector<std::string>{"lib", "p"}));
  // Neither document bumped its version: both checks fail.
  ASSERT_EQ(d.versions.size(), 2u);
  for (const VersionCheck& v : d.versions) {
    EXPECT_FALSE(v.ok) << v.document;
    EXPECT_EQ(v.needed, ChangeLevel::kMajor);
    EXPECT_EQ(v.message, "a major change needs a major version bump");
  }
  std::string pattern = kLibrary;
  pattern.replace(pattern.find("\\d{16}"), 6, "\\d{15,16}");
  EXPECT_EQ(
      Only(Diff({kLibrary, Policy("1.0.0", kRules)}, {pattern, Policy("1.0.0", kRules)})).what,
      "pattern changed (it may match more)");
  std::string window = kLibrary;
  window.replace(window.find("window: 50"), 10, "window: 20");
  EXPECT_EQ(
      Only(Diff({kLibrary, Policy("1.0.0", kRules)}, {window, Policy("1.0.0", kRules)})).level,
      ChangeLevel::kMinor);
  // Exclude words lower values: adding them can only flag less, removing them more.
  std::string exclude = kLibrary;
  exclude.replace(exclude.find("window: 50"), 10, "window: 50, exclude: [ticket]");
  const PolicyDiff added =
      Diff({kLibrary, Policy("1.0.0", kRules)}, {exclude, Policy("1.0.0", kRules)});
  EXPECT_EQ(Only(added).level, ChangeLevel::kMinor);
  EXPECT_EQ(Only(added).what, "context exclude words added (fewer values above low)");
  const PolicyDiff removed =
      Diff({exclude, Policy("1.0.0", kRules)}, {kLibrary, Policy("1.0.0", kRules)});
  EXPECT_EQ(Only(removed).level, ChangeLevel::kMajor);
  std::string other = exclude;
  other.replace(other.find("[ticket]"), 8, "[order]");
  EXPECT_EQ(Only(Diff({exclude, Policy("1.0.0", kRules)}, {other, Policy("1.0.0", kRules)})).what,
            "context exclude words changed");
  // Requiring context drops the values away from the keywords: narrower; the reverse, wider.
  std::string required = kLibrary;
  required.replace(required.find("window: 50"), 10, "window: 50, required: true");
  const PolicyDiff now_required =
      Diff({kLibrary, Policy("1.0.0", kRules)}, {required, Policy("1.0.0", kRules)});
  EXPECT_EQ(Only(now_required).level, ChangeLevel::kMinor);
  EXPECT_EQ(Only(now_required).what,
            "context now required (values away from its keywords dropped)");
  EXPECT_EQ(
      Only(Diff({required, Policy("1.0.0", kRules)}, {kLibrary, Policy("1.0.0", kRules)})).level,
      ChangeLevel::kMajor);
}

TEST(PolicyDiff, VersionBumpMustCoverTheChange) {
  std::string raised = kRules;
  raised.replace(raised.find("action: notify"), 14, "action: block");
  auto check = [&](const std::string& version) {
    const PolicyDiff d =
        Diff({kLibrary, Policy("1.4.2", kRules)}, {kLibrary, Policy(version, raised)});
    for (const VersionCheck& v : d.versions) {
      if (v.document == "p") return v.ok;
    }
    ADD_FAILURE() << "no version check for p";
    return false;
  };
  EXPECT_TRUE(check("2.0.0"));
  EXPECT_FALSE(check("1.5.0"));
  EXPECT_FALSE(check("1.4.3"));
  EXPECT_FALSE(check("1.4.2"));
  EXPECT_FALSE(check("0.9.0"));
}

}  // namespace
}  // namespace bulwark
