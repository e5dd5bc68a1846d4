// One test per class of policy error: each asserts the message and the file:line:column.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
      HasError("DIR/p.yaml:6:12: detector 'd': invalid regex: invalid escape sequence: \\1"));
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
