// One test per class of policy error: each asserts the message and the file:line:column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "policy/pattern_cost.h"
#include "policy/yaml_fields.h"
#include "test_util.h"

namespace bulwark {
namespace {

using testing::TempDir;

constexpr char kHeader[] =
    "apiVersion: bulwark/v1\n"
    "kind: Policy\n"
    "name: p\n";

// Loads one file named "p.yaml" and returns its diagnostics as strings with the temp dir
// replaced by "DIR", asserting that the load failed.
std::vector<std::string> Errors(const std::string& yaml) {
  TempDir dir;
  dir.Write("p.yaml", yaml);
  LoadOptions options;
  options.paths = {dir.path()};
  std::vector<Diagnostic> diags;
  auto set = PolicySet::Load(options, &diags);
  EXPECT_FALSE(set.ok());
  std::vector<std::string> out;
  for (const auto& d : diags) {
    if (d.level != Diagnostic::Level::kError) continue;
    std::string s = d.ToString();
    const std::string prefix = dir.path().string();
    if (s.rfind(prefix, 0) == 0) s = "DIR" + s.substr(prefix.size());
    out.push_back(s);
  }
  return out;
}

MATCHER_P(HasError, expected, "") {
  for (const auto& e : arg) {
    if (e == expected) return true;
  }
  *result_listener << "errors were:";
  for (const auto& e : arg) *result_listener << "\n  " << e;
  return false;
}

TEST(PolicyErrors, YamlSyntax) {
  EXPECT_THAT(Errors(std::string(kHeader) + "rules: [\n  - id: x\n"),
              HasError("DIR/p.yaml:5:3: YAML syntax error: illegal block entry"));
}

TEST(PolicyErrors, UnknownKeyWithSuggestion) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - id: d\n"
                                            "    regex: 'x\\d'\n"
                                            "    validater: luhn\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:7:5: policy 'p' detector: unknown key 'validater' (did you "
                       "mean 'validator'?)"));
}

TEST(PolicyErrors, UnknownValidator) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - id: card\n"
                                            "    regex: '\\d{16}'\n"
                                            "    validator: lunh\n"
                                            "rules:\n"
                                            "  - {id: r, when: card, action: block}\n"),
              HasError("DIR/p.yaml:7:16: detector 'card': unknown validator 'lunh' (did you "
                       "mean 'luhn'?)"));
}

TEST(PolicyErrors, InvalidRegexCarriesRe2Message) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - id: d\n"
                                            "    regex: 'a(b'\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:6:12: detector 'd': invalid regex: missing ): a(b"));
}

TEST(PolicyErrors, Re2RejectsBackreferences) {
  // Hyperscan/PCRE syntax that RE2 does not support is an error: RE2 is the contract.
  EXPECT_THAT(
      Errors(std::string(kHeader) + "detectors:\n"
                                    "  - id: d\n"
                                    "    regex: '(a)\\1'\n"
                                    "rules:\n"
                                    "  - {id: r, when: d, action: block}\n"),
      HasError("DIR/p.yaml:6:12: detector 'd': invalid regex: invalid escape sequence: \\1; RE2 "
               "has no backreferences: spell the repeated part out, or check it with a validator"));
}

TEST(PolicyErrors, RegexMatchingEmptyString) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - id: d\n"
                                            "    regex: '\\d*'\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:6:12: detector 'd': regex can match the empty string; every "
                       "match must contain at least one character"));
}

TEST(PolicyErrors, UnknownDetectorReference) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - {id: card-number, regex: '\\d{16}'}\n"
                                            "rules:\n"
                                            "  - id: r\n"
                                            "    when: {detector: card-numbr}\n"
                                            "    action: block\n"),
              HasError("DIR/p.yaml:8:22: rule 'r': unknown detector 'card-numbr' (did you mean "
                       "'card-number'?)"));
}

TEST(PolicyErrors, UnknownAction) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - {id: d, regex: 'x'}\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: deny}\n"),
              HasError("DIR/p.yaml:7:30: rule 'r': unknown action 'deny' (expected one of: allow "
                       "audit notify block)"));
}

TEST(PolicyErrors, UnknownOnIncompleteAction) {
  EXPECT_THAT(Errors(std::string(kHeader) + "on_incomplete: blok\n"
                                            "detectors:\n"
                                            "  - {id: d, regex: 'x'}\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:4:16: policy 'p': unknown on_incomplete action 'blok' (did you "
                       "mean 'block'?)"));
}

TEST(PolicyErrors, UnknownOverrideOption) {
  EXPECT_THAT(
      Errors(std::string(kHeader) + "detectors:\n"
                                    "  - {id: d, regex: 'x'}\n"
                                    "rules:\n"
                                    "  - {id: r, when: d, action: block, allow_override: yes}\n"),
      HasError("DIR/p.yaml:7:53: rule 'r': unknown allow_override 'yes' (expected one of: "
               "none with_justification without_justification)"));
}

TEST(PolicyErrors, WrongType) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - id: d\n"
                                            "    regex: 'x'\n"
                                            "    context: {keywords: [a], window: wide}\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:7:38: detector 'd' context: 'window' must be an integer, "
                       "found 'wide'"));
}

TEST(PolicyErrors, EmptyExcludeList) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - id: d\n"
                                            "    regex: 'x'\n"
                                            "    context: {keywords: [a], exclude: []}\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:7:39: detector 'd' context: 'exclude' must not be empty"));
}

TEST(PolicyErrors, ContextRequiredNeedsABoundedPattern) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - id: d\n"
                                            "    regex: 'ab\\d+'\n"
                                            "    context: {keywords: [a], required: true}\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:6:12: detector 'p/d': context 'required' needs a pattern whose "
                       "matches have a bounded length (no '*', '+' or '{n,}')"));
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - id: d\n"
                                            "    regex: 'ab\\d{2}'\n"
                                            "    context: {keywords: [a], required: yes please}\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:7:40: detector 'd' context: 'required' must be true or false"));
}

TEST(PolicyErrors, MissingRequiredKey) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - {id: d, regex: 'x'}\n"
                                            "rules:\n"
                                            "  - {id: r, when: d}\n"),
              HasError("DIR/p.yaml:7:5: rule 'r': missing required key 'action'"));
}

TEST(PolicyErrors, DuplicateKey) {
  EXPECT_THAT(Errors(std::string(kHeader) + "name: q\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:4:1: policy: duplicate key 'name'"));
}

TEST(PolicyErrors, DuplicateRuleAndDetectorIds) {
  const auto errors = Errors(std::string(kHeader) +
                             "detectors:\n"
                             "  - {id: d, regex: 'x'}\n"
                             "  - {id: d, regex: 'y'}\n"
                             "rules:\n"
                             "  - {id: r, when: d, action: block}\n"
                             "  - {id: r, when: d, action: audit}\n");
  EXPECT_THAT(errors, HasError("DIR/p.yaml:6:5: detector 'd' is defined twice in policy 'p'"));
  EXPECT_THAT(errors, HasError("DIR/p.yaml:9:5: rule 'r' is defined twice in policy 'p'"));
}

TEST(PolicyErrors, DuplicatePolicyNamesAcrossFiles) {
  TempDir dir;
  const std::string body =
      "rules:\n  - {id: r, when: d, action: block}\n"
      "detectors:\n  - {id: d, regex: 'x'}\n";
  dir.Write("a.yaml", std::string(kHeader) + body);
  dir.Write("b.yaml", std::string(kHeader) + body);
  LoadOptions options;
  options.paths = {dir.path()};
  std::vector<Diagnostic> diags;
  ASSERT_FALSE(PolicySet::Load(options, &diags).ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].file, (dir.path() / "b.yaml").string());
  EXPECT_EQ(diags[0].line, 3);
  EXPECT_EQ(diags[0].column, 7);
  EXPECT_EQ(diags[0].message, "name 'p' is already used by the policy at " +
                                  (dir.path() / "a.yaml").string() + ":3:7");
}

TEST(PolicyErrors, BadApiVersionAndKind) {
  EXPECT_THAT(Errors("apiVersion: bulwark/v9\nkind: Policy\nname: p\n"
                     "rules:\n  - {id: r, when: d, action: block}\n"
                     "detectors:\n  - {id: d, regex: 'x'}\n"),
              HasError("DIR/p.yaml:1:13: unsupported apiVersion 'bulwark/v9' (expected "
                       "'bulwark/v1')"));
  EXPECT_THAT(Errors("apiVersion: bulwark/v1\nkind: Polcy\nname: p\n"),
              HasError("DIR/p.yaml:2:7: unknown kind 'Polcy' (did you mean 'Policy'?)"));
}

TEST(PolicyErrors, BadCaptureGroup) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - {id: d, regex: 'k=(\\w+)', capture: 2}\n"
                                            "rules:\n"
                                            "  - {id: r, when: d, action: block}\n"),
              HasError("DIR/p.yaml:5:20: detector 'd': capture 2 does not exist (the regex has 1 "
                       "groups)"));
}

TEST(PolicyErrors, InvalidName) {
  EXPECT_THAT(Errors("apiVersion: bulwark/v1\nkind: Policy\nname: 'pci dss'\n"
                     "rules:\n  - {id: r, when: d, action: block}\n"
                     "detectors:\n  - {id: d, regex: 'x'}\n"),
              HasError("DIR/p.yaml:3:7: policy name 'pci dss' must match "
                       "[A-Za-z0-9][A-Za-z0-9_-]*"));
}

TEST(PolicyErrors, ConditionWithTwoKinds) {
  EXPECT_THAT(Errors(std::string(kHeader) + "detectors:\n"
                                            "  - {id: d, regex: 'x'}\n"
                                            "rules:\n"
                                            "  - id: r\n"
                                            "    when: {detector: d, any: [d]}\n"
                                            "    action: block\n"),
              HasError("DIR/p.yaml:8:11: rule 'r': a condition has exactly one of 'detector', "
                       "'all', 'any' or 'not'"));
}

TEST(PolicyErrors, MissingPath) {
  LoadOptions options;
  options.paths = {"/nonexistent/bulwark-policies"};
  std::vector<Diagnostic> diags;
  ASSERT_FALSE(PolicySet::Load(options, &diags).ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].ToString(), "/nonexistent/bulwark-policies: no such file or directory");
}

TEST(PolicyErrors, AllErrorsAreReportedNotOnlyTheFirst) {
  const auto errors = Errors(std::string(kHeader) +
                             "detectors:\n"
                             "  - {id: a, regex: 'a(', validator: lunh}\n"
                             "  - {id: b, regex: 'b', colour: red}\n"
                             "rules:\n"
                             "  - {id: r, when: a, action: blok}\n");
  EXPECT_GE(errors.size(), 3u);
}

TEST(PolicyWarnings, UnusedDetectorWarnsButLoads) {
  TempDir dir;
  dir.Write("p.yaml", std::string(kHeader) +
                          "detectors:\n"
                          "  - {id: used, regex: 'x'}\n"
                          "  - {id: spare, regex: 'y'}\n"
                          "rules:\n"
                          "  - {id: r, when: used, action: block}\n");
  LoadOptions options;
  options.paths = {dir.path()};
  std::vector<Diagnostic> diags;
  ASSERT_TRUE(PolicySet::Load(options, &diags).ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].level, Diagnostic::Level::kWarning);
  EXPECT_EQ(diags[0].line, 6);
  EXPECT_EQ(diags[0].message, "detector 'spare' is not used by any rule of policy 'p'");
}

TEST(PolicyErrors, PcreOnlySyntaxGetsTheRe2Alternative) {
  auto first = [](const std::string& regex) {
    const auto errors = Errors(std::string(kHeader) + "detectors:\n  - id: d\n    regex: '" +
                               regex + "'\nrules:\n  - {id: r, when: d, action: block}\n");
    return errors.empty() ? std::string() : errors.front();
  };
  EXPECT_THAT(first("(?<=id:)\\d+"), ::testing::HasSubstr("RE2 has no lookbehind"));
  EXPECT_THAT(first("\\d+(?= EUR)"), ::testing::HasSubstr("RE2 has no lookahead"));
  EXPECT_THAT(first("\\d++"), ::testing::HasSubstr("RE2 has no possessive quantifiers"));
  EXPECT_THAT(first("(?>ab)c"), ::testing::HasSubstr("RE2 has no atomic groups"));
  // An escaped backslash before a digit is not a backreference: no hint, only RE2's message.
  EXPECT_THAT(first("(\\\\1"), ::testing::Not(::testing::HasSubstr("backreferences")));
}

TEST(PolicyErrors, EveryErrorOfTheSetInOneRunSortedWithoutCascades) {
  TempDir dir;
  // b.yaml sorts after a.yaml; within a.yaml the parser's error (line 8) comes before the
  // compiler's (line 6 and 11) only if nothing sorts them.
  dir.Write("a.yaml", std::string(kHeader) +
                          "detectors:\n"
                          "  - {id: lb, regex: '(?<=x)y'}\n"               // 5: compile error
                          "  - id: bad\n"                                  // 6
                          "    regex: '\\d{4}'\n"                          // 7
                          "    validator: lunh\n"                          // 8: parse error
                          "rules:\n"                                       // 9
                          "  - {id: r1, when: lb, action: block}\n"        // 10
                          "  - {id: r2, when: bad, action: block}\n"       // 11: no cascade
                          "  - {id: r3, when: nosuch, action: block}\n");  // 12: compile error
  dir.Write("b.yaml",
            "apiVersion: bulwark/v1\nkind: Policy\nname: b\n"
            "rules:\n  - {id: r, when: x, action: blok}\n");
  LoadOptions options;
  options.paths = {dir.path()};
  std::vector<Diagnostic> diags;
  ASSERT_FALSE(PolicySet::Load(options, &diags).ok());
  std::vector<std::pair<std::string, int>> where;
  for (const Diagnostic& d : diags) {
    if (d.level != Diagnostic::Level::kError) continue;
    where.emplace_back(std::filesystem::path(d.file).filename().string(), d.line);
  }
  const std::vector<std::pair<std::string, int>> expected = {
      {"a.yaml", 5}, {"a.yaml", 8}, {"a.yaml", 12}, {"b.yaml", 5}};
  EXPECT_EQ(where, expected);
}

// Loads `yaml` as p.yaml and returns its warnings, asserting that it loads.
std::vector<std::string> Warnings(const std::string& yaml) {
  TempDir dir;
  dir.Write("p.yaml", yaml);
  LoadOptions options;
  options.paths = {dir.path()};
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(PolicySet::Load(options, &diags).ok());
  std::vector<std::string> out;
  for (const auto& d : diags) {
    if (d.level == Diagnostic::Level::kWarning) out.push_back(d.message);
  }
  return out;
}

TEST(PolicyWarnings, ConditionAboveTheDetectorsBestConfidenceCanNeverHold) {
  const std::string det =
      "detectors:\n  - id: d\n    regex: 'ab\\d{3}'\n    confidence: {base: low}\n";
  EXPECT_THAT(Warnings(std::string(kHeader) + det +
                       "rules:\n  - {id: r, when: {detector: d, min_confidence: high}, "
                       "action: block}\n"),
              ::testing::ElementsAre(
                  "rule 'r': detector 'd' reaches at most confidence 'low' (base low, no "
                  "context), so min_confidence 'high' can never hold"));
  // Context can raise it to high: nothing to warn about.
  EXPECT_THAT(Warnings(std::string(kHeader) +
                       "detectors:\n  - id: d\n    regex: 'ab\\d{3}'\n"
                       "    confidence: {base: low}\n    context: {keywords: [code]}\n"
                       "rules:\n  - {id: r, when: {detector: d, min_confidence: high}, "
                       "action: block}\n"),
              ::testing::IsEmpty());
}

TEST(PolicyWarnings, MaskWiderThanHalfTheLongestValueIsCutBack) {
  const std::string rules = "rules:\n  - {id: r, when: d, action: block}\n";
  EXPECT_THAT(Warnings(std::string(kHeader) +
                       "detectors:\n  - id: d\n    regex: 'ab[a-f]{6}'\n"
                       "    mask: {keep_start: 3, keep_end: 3}\n" +
                       rules),
              ::testing::ElementsAre(
                  "detector 'p/d': mask keeps 6 characters, but its values are at most 8 bytes "
                  "and a mask shows at most half of a value: fewer are shown"));
  EXPECT_THAT(Warnings(std::string(kHeader) +
                       "detectors:\n  - id: d\n    regex: 'ab[a-f]{6}'\n"
                       "    mask: {keep_start: 2, keep_end: 2}\n" +
                       rules),
              ::testing::IsEmpty());
}

TEST(PatternCost, ReasonsAndClasses) {
  EXPECT_THAT(PatternCostReasons("sk_live_[0-9a-zA-Z]{24}"), ::testing::IsEmpty());
  EXPECT_THAT(PatternCostReasons("abc[a-z]{1,500}xyz"),
              ::testing::ElementsAre(::testing::HasSubstr("a counted repeat of up to 500")));
  EXPECT_THAT(PatternCostReasons("\\b[a-z]+@[a-z]+\\.com"),
              ::testing::Contains(::testing::HasSubstr("starts with an unbounded class repeat")));
  EXPECT_THAT(PatternCostReasons("[0-9a-f]{2}:[0-9a-f]{2}"),
              ::testing::ElementsAre(::testing::HasSubstr("no literal")));

  auto set = ::bulwark::testing::LoadYaml(
      {std::string(kHeader) +
       "detectors:\n"
       "  - {id: token, regex: 'tok_[a-z0-9]{20}'}\n"
       "  - {id: ssn, regex: '\\b\\d{3}-\\d{2}-\\d{4}\\b'}\n"
       "  - {id: mail, regex: '[a-z]+@[a-z]+\\.[a-z]+'}\n"
       "  - {id: words, regex: '[a-z ]+@[a-z]+\\.[a-z]+'}\n"
       "rules:\n  - {id: r, when: {any: [token, ssn, mail, words]}, action: block}\n"});
  ASSERT_TRUE(set);
  std::map<std::string, std::string> cost;
  for (const auto& c : set->Costs()) cost[c.detector] = c.cost;
  EXPECT_EQ(cost["p/token"], "low");
  EXPECT_EQ(cost["p/ssn"], "low");  // digit runs stand in for a literal
  // Class runs stand in for a literal ('@' is searched for); the leading repeat remains.
  EXPECT_EQ(cost["p/mail"], "medium");
  EXPECT_EQ(cost["p/words"], "high");  // prose bytes: Hyperscan, unbounded, leading class
}

TEST(LoadDocuments, SplitsLikeLoadAllKeepsLinesAndDoesNotLoopOnMalformedInput) {
  using policy::LoadDocuments;
  const auto docs = LoadDocuments("a: 1\n---\nb: 2\n...\n# only a comment\n--- {c: 3}\n");
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0]["a"].as<int>(), 1);
  EXPECT_EQ(docs[1]["b"].as<int>(), 2);
  EXPECT_EQ(docs[2]["c"].as<int>(), 3);
  EXPECT_EQ(docs[2].Mark().line, 5);  // marks are those of the whole text
  EXPECT_TRUE(LoadDocuments("# nothing but a comment\n\n").empty());
  EXPECT_EQ(LoadDocuments("a: 1\n---\n").size(), 2u);  // an explicit empty document: null
  // yaml-cpp 0.7's LoadAll allocates forever on this (found by fuzz_policy); here it is an
  // error at the document's first line.
  try {
    LoadDocuments("a: 1\n---\n, distinct: true }\n    action: block\n");
    ADD_FAILURE() << "no exception";
  } catch (const YAML::ParserException& e) {
    EXPECT_EQ(e.mark.line, 1);
  }
  EXPECT_THAT(Errors(std::string(kHeader) + "rules: []\n---\n,\n"),
              HasError("DIR/p.yaml:5:1: YAML syntax error: this document could not be parsed"));
}

// The documents of `text` as yaml-cpp's LoadAll reads them, dumped.
std::string DumpAll(const std::vector<YAML::Node>& docs) {
  std::string out;
  for (const YAML::Node& d : docs) out += YAML::Dump(d) + "\n---\n";
  return out;
}

TEST(LoadDocuments, BlanksCommentLinesOnlyOutsideScalars) {
  using policy::CommentOnlyLines;
  using policy::LoadDocuments;
  const std::vector<std::string> texts = {
      "a: |\n  # kept: block scalar content\n  text\n# a comment\nb: 1\n",
      "a: >-\n  x\n  # kept\n\n  y\nb: 2\n",
      "- |+2\n    # kept\n- x # trailing\n  # a comment\n",
      "a: \"x\n  # kept: inside double quotes \\\" still\n  y\"\nb: 1\n",
      "a: 'x\n  # kept: inside single quotes\n  it''s'\n# a comment\n",
      "a: don't # trailing\n# a comment\nb: it's 'quoted' # c\n   # a comment\nc: 3\n",
      "k: [a,\n  # a comment inside a flow sequence\n  'b # not a comment', c]\n",
      "x:\n  - {id: a, regex: '\\b#\\d+'}  # '#' inside quotes\n  # a comment\n",
  };
  for (const std::string& t : texts) {
    EXPECT_EQ(DumpAll(LoadDocuments(t)), DumpAll(YAML::LoadAll(t))) << t;
  }
  const auto marked = [](const std::string& t) {
    std::vector<std::string_view> lines;
    std::string_view rest(t);
    for (size_t nl; (nl = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(nl + 1)) {
      lines.push_back(rest.substr(0, nl));
    }
    std::vector<int> out;
    const std::vector<bool> c = CommentOnlyLines(lines);
    for (size_t i = 0; i < c.size(); ++i) {
      if (c[i]) out.push_back(static_cast<int>(i));
    }
    return out;
  };
  EXPECT_EQ(marked(texts[0]), (std::vector<int>{3}));
  EXPECT_EQ(marked(texts[2]), (std::vector<int>{3}));
  EXPECT_EQ(marked(texts[3]), (std::vector<int>{}));
  EXPECT_EQ(marked(texts[4]), (std::vector<int>{3}));
  EXPECT_EQ(marked(texts[5]), (std::vector<int>{1, 3}));
  EXPECT_EQ(marked(texts[6]), (std::vector<int>{1}));
  // A quote left open: the tracking cannot be trusted, so nothing is blanked.
  EXPECT_EQ(marked("a: 'open\n# x\n"), (std::vector<int>{}));
}

TEST(LoadDocuments, ReadsTheShippedPoliciesAndTheirTestsAsLoadAllDoes) {
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(BULWARK_POLICY_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(DumpAll(policy::LoadDocuments(text.str())), DumpAll(YAML::LoadAll(text.str())))
        << entry.path();
    ++files;
  }
  EXPECT_GE(files, 29);  // 19 policy and library files, 10 test files
}

// Every `detector:` value under `node`.
void CollectDetectorRefs(const YAML::Node& node, std::set<std::string>* out) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      if (kv.first.as<std::string>() == "detector" && kv.second.IsScalar()) {
        out->insert(kv.second.as<std::string>());
      } else {
        CollectDetectorRefs(kv.second, out);
      }
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) CollectDetectorRefs(item, out);
  }
}

TEST(ShippedPolicies, EveryDetectorIsUsedAndCredentialsCoverEverySecret) {
  std::vector<std::string> detectors;                 // library.id
  std::map<std::string, std::set<std::string>> refs;  // policy name -> detectors its rules use
  for (const auto& entry : std::filesystem::directory_iterator(BULWARK_POLICY_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    for (const YAML::Node& doc : policy::LoadDocuments(text.str())) {
      const std::string name = doc["name"].as<std::string>();
      if (doc["kind"].as<std::string>() == "DetectorLibrary") {
        for (const auto& d : doc["detectors"]) {
          detectors.push_back(name + "." + d["id"].as<std::string>());
        }
      } else {
        CollectDetectorRefs(doc["rules"], &refs[name]);
      }
    }
  }
  ASSERT_GE(detectors.size(), 150u);
  ASSERT_EQ(refs.count("credentials"), 1u);
  std::set<std::string> used;
  for (const auto& [policy, ds] : refs) used.insert(ds.begin(), ds.end());
  for (const std::string& d : detectors) {
    // A detector no shipped rule counts is never scanned: dead weight, or a forgotten rule.
    EXPECT_EQ(used.count(d), 1u) << d << " is used by no shipped policy";
    if (d.rfind("secrets.", 0) == 0 || d.rfind("tokens.", 0) == 0) {
      EXPECT_EQ(refs["credentials"].count(d), 1u) << d << " is not in the credentials policy";
    }
  }
}

TEST(ShippedPolicies, LoadWithoutErrorsOrWarnings) {
  LoadOptions options;
  options.paths = {BULWARK_POLICY_DIR};
  std::vector<Diagnostic> diags;
  auto set = PolicySet::Load(options, &diags);
  std::string all;
  for (const auto& d : diags) all += d.ToString() + "\n";
  ASSERT_TRUE(set.ok()) << all;
  EXPECT_TRUE(diags.empty()) << all;
  EXPECT_EQ((*set)->stats().unfiltered, 0u) << "every shipped pattern should be prefiltered";
}

}  // namespace
}  // namespace bulwark
