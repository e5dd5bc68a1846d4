// The plugin host against real shared libraries built from tests/plugins/test_plugin.cc and
// the shipped example plugin: loading, refusals, policies using plugin detectors, failures.
#include "bulwark/plugin_host.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "test_util.h"

namespace bulwark {
namespace {

namespace fs = std::filesystem;

fs::path TestPlugin(const std::string& variant) {
  return fs::path(BULWARK_TEST_PLUGIN_DIR) / variant / (variant + ".so");
}

std::string OnlyError(const PluginHost& host) {
  EXPECT_TRUE(host.plugins().empty());
  EXPECT_EQ(host.errors().size(), 1u);
  return host.errors().empty() ? "" : host.errors()[0].message;
}

constexpr char kCanaryPolicy[] =
    "apiVersion: bulwark/v1\nkind: Policy\nname: p\non_incomplete: audit\n"
    "detectors:\n"
    "  - {id: canary, plugin: testkit.canary, config: {confidence: high}}\n"
    "  - {id: card, regex: '\\b4\\d{15}\\b', validator: luhn}\n"
    "rules:\n"
    "  - {id: r1, when: {detector: canary, min_confidence: high}, action: block}\n"
    "  - {id: r2, when: card, action: notify}\n";

TEST(PluginHost, LoadsAPluginAndDescribesIt) {
  auto host = PluginHost::Load({TestPlugin("testkit").parent_path()});
  ASSERT_TRUE(host->errors().empty()) << host->errors()[0].message;
  ASSERT_EQ(host->plugins().size(), 1u);
  const PluginInfo& p = host->plugins()[0];
  EXPECT_EQ(p.name, "testkit");
  EXPECT_EQ(p.version, "0.1.0");
  EXPECT_EQ(p.abi_major, PluginHost::AbiMajor());
  ASSERT_EQ(p.types.size(), 2u);
  EXPECT_EQ(p.types[0].name, "canary");
  EXPECT_EQ(p.types[0].prefilters, (std::vector<std::string>{"canary", "boom", "oob", "slow"}));
  EXPECT_TRUE(p.types[1].prefilters.empty());
}

TEST(PluginHost, RefusesWhatItCannotUse) {
  testing::TempDir dir;
  const fs::path text = dir.Write("notes.so", "this is not an ELF file");
  EXPECT_NE(OnlyError(*PluginHost::LoadFiles({text})).find("not a loadable shared library"),
            std::string::npos);
  EXPECT_NE(OnlyError(*PluginHost::LoadFiles({TestPlugin("no-entry")}))
                .find("no 'bulwark_plugin_entry' symbol"),
            std::string::npos);
  EXPECT_NE(OnlyError(*PluginHost::LoadFiles({TestPlugin("abi-major")}))
                .find("ABI 2.0 is not compatible with the host's ABI 1.0"),
            std::string::npos);
  EXPECT_NE(OnlyError(*PluginHost::LoadFiles({TestPlugin("abi-minor")}))
                .find("ABI 1.99 is newer than the host's ABI 1.0"),
            std::string::npos);
  EXPECT_NE(OnlyError(*PluginHost::LoadFiles({TestPlugin("duplicate")}))
                .find("detector type 'canary': declared twice"),
            std::string::npos);
  // The same plugin twice: the second copy is refused, the first stays.
  auto twice = PluginHost::LoadFiles({TestPlugin("testkit"), TestPlugin("testkit")});
  EXPECT_EQ(twice->plugins().size(), 1u);
  ASSERT_EQ(twice->errors().size(), 1u);
  EXPECT_NE(twice->errors()[0].message.find("already loaded"), std::string::npos);
}

TEST(PluginHost, PolicyUsesAPluginDetector) {
  LoadOptions options;
  options.plugins = PluginHost::LoadFiles({TestPlugin("testkit")});
  auto set = testing::LoadYaml({kCanaryPolicy}, options);
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(testing::TextContent("a canary and a canary"));
  EXPECT_EQ(v.decision, Action::kBlock);
  ASSERT_EQ(v.matches.size(), 1u);
  const Finding& f = v.matches[0].findings[0];
  EXPECT_EQ(f.detector, "p/canary");
  EXPECT_EQ(f.count, 2u);
  EXPECT_EQ(f.confidence, Confidence::kHigh);
  EXPECT_EQ(f.evidence[0].start, 2u);
  EXPECT_EQ(f.evidence[0].end, 8u);
  EXPECT_EQ(f.evidence[0].masked.find("canary"), std::string::npos);  // the host masks
  // Without its prefilter the plugin is not called (it throws if it is).
  EXPECT_EQ(set->Evaluate(testing::TextContent("nothing to see")).decision, Action::kAllow);
  EXPECT_TRUE(set->Evaluate(testing::TextContent("nothing to see")).warnings.empty());
}

TEST(PluginHost, TypesWithoutPrefiltersRunOnEveryField) {
  LoadOptions options;
  options.plugins = PluginHost::LoadFiles({TestPlugin("testkit")});
  auto set = testing::LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
                                "detectors: [{id: x, plugin: testkit.every-field}]\n"
                                "rules: [{id: r, when: x, action: audit}]\n"},
                               options);
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(testing::TextContent("xyz"));
  EXPECT_EQ(v.decision, Action::kAudit);
  EXPECT_TRUE(v.warnings.empty());
}

void FailuresYieldNoFindingsAWarningAndEventuallyQuarantine() {
  LoadOptions options;
  options.plugins = PluginHost::LoadFiles({TestPlugin("testkit")});
  auto set = testing::LoadYaml({kCanaryPolicy}, options);
  ASSERT_TRUE(set);
  // The plugin throws; the other detector of the message still reports.
  Verdict v = set->Evaluate(testing::TextContent("boom canary 4111111111111111"));
  EXPECT_EQ(v.decision, Action::kNotify);
  ASSERT_EQ(v.incomplete.size(), 1u);  // the field was not examined for the canary
  EXPECT_EQ(v.incomplete[0].reason, "plugin_failed");
  EXPECT_NE(v.incomplete[0].detector.find("canary"), std::string::npos);
  EXPECT_EQ(v.incomplete[0].field, "text");
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(v.warnings[0].find("plugin 'testkit.canary' failed"), std::string::npos);
  EXPECT_EQ(v.warnings[0].find("boom"), std::string::npos);  // the plugin's text stays out
  // ...but its reason (from last_error) is kept for interactive tools.
  ASSERT_EQ(set->PluginStats().size(), 1u);
  EXPECT_EQ(set->PluginStats()[0].errors, 1u);
  EXPECT_EQ(set->PluginStats()[0].last_error, "boom");
  // A finding out of bounds is a failure too: nothing from that scan is kept.
  v = set->Evaluate(testing::TextContent("oob canary"));
  EXPECT_EQ(v.decision, Action::kAudit);  // on_incomplete: audit; the only match
  ASSERT_EQ(v.matches.size(), 1u);
  EXPECT_EQ(v.matches[0].rule, kIncompleteRule);
  EXPECT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(set->PluginStats()[0].last_error.find("outside the scanned text"), std::string::npos);
  // A success resets the count; then kPluginQuarantineAfter failures in a row quarantine it.
  EXPECT_EQ(set->Evaluate(testing::TextContent("canary")).decision, Action::kBlock);
  for (uint32_t i = 0; i < kPluginQuarantineAfter; ++i) {
    set->Evaluate(testing::TextContent("boom"));
  }
  v = set->Evaluate(testing::TextContent("canary"));
  EXPECT_EQ(v.decision, Action::kAudit);  // quarantined: no longer called, which is reported
  ASSERT_EQ(v.incomplete.size(), 1u);
  EXPECT_EQ(v.incomplete[0].reason, "plugin_quarantined");
}

// On a thread of its own: a throwing plugin keeps its message in the SDK's thread_local, and
// GCC 12's LeakSanitizer can crash at exit reading the main thread's dynamic TLS of a plugin
// (the leak check then never runs). A finished thread's TLS is gone before that check.
TEST(PluginHost, FailuresYieldNoFindingsAWarningAndEventuallyQuarantine) {
  std::thread(FailuresYieldNoFindingsAWarningAndEventuallyQuarantine).join();
}

TEST(PluginHost, ConfigIsCheckedAgainstTheSchemaWithItsLocation) {
  LoadOptions options;
  options.plugins = PluginHost::LoadFiles({TestPlugin("testkit")});
  testing::TempDir dir;
  dir.Write("p.yaml",
            "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
            "detectors:\n"
            "  - id: c\n"
            "    plugin: testkit.canary\n"
            "    config: {confidence: certain, min_length: 0}\n"
            "  - {id: d, plugin: testkit.canary, config: {confidence: low, min_length: 99}}\n"
            "  - {id: e, plugin: testkit.canari}\n"
            "rules: [{id: r, when: c, action: audit}]\n");
  options.paths = {dir.path()};
  std::vector<Diagnostic> diags;
  auto set = PolicySet::Load(options, &diags);
  ASSERT_FALSE(set.ok());
  std::string all;
  for (const Diagnostic& d : diags) all += d.ToString() + "\n";
  EXPECT_NE(all.find("p.yaml:7:13: detector 'c': config of 'testkit.canary' at '/confidence': "
                     "must be one of [\"low\",\"medium\",\"high\"]"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("at '/min_length': must be at least 1"), std::string::npos) << all;
  EXPECT_NE(all.find("p.yaml:8:"), std::string::npos) << all;
  EXPECT_NE(all.find("refused its config: min_length 99 is refused by the plugin itself"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("unknown plugin detector type 'testkit.canari' (did you mean "
                     "'testkit.canary'?)"),
            std::string::npos)
      << all;
}

TEST(PluginHost, WithoutPluginsAPluginDetectorIsAClearError) {
  testing::TempDir dir;
  dir.Write("p.yaml",
            "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
            "detectors: [{id: c, plugin: se-id.personnummer}]\n"
            "rules: [{id: r, when: c, action: audit}]\n");
  LoadOptions options;
  options.paths = {dir.path()};
  std::vector<Diagnostic> diags;
  ASSERT_FALSE(PolicySet::Load(options, &diags).ok());
  ASSERT_FALSE(diags.empty());
  EXPECT_NE(diags[0].ToString().find("no plugins are loaded"), std::string::npos);
}

TEST(ShippedPlugins, SwedishPersonnummer) {
  LoadOptions options;
  options.plugins = PluginHost::Load({BULWARK_SHIPPED_PLUGIN_DIR});
  ASSERT_TRUE(options.plugins->errors().empty());
  auto set = testing::LoadYaml(
      {"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
       "detectors:\n"
       "  - {id: pnr, plugin: se-id.personnummer}\n"
       "  - {id: bare, plugin: se-id.personnummer, config: {require_separator: false}}\n"
       "rules: [{id: r, when: pnr, action: audit}, {id: s, when: bare, action: notify}]\n"},
      options);
  ASSERT_TRUE(set);
  auto count = [&](const std::string& text, const std::string& detector) {
    for (const auto& h : set->Detect(testing::TextContent(text))) {
      if (h.detector == detector) return 1;
    }
    return 0;
  };
  // Valid: Skatteverket's example 811218-9876, 12-digit form, '+', samordningsnummer (day+60).
  EXPECT_EQ(count("personnummer 811218-9876", "p/pnr"), 1);
  EXPECT_EQ(count("19811218-9876", "p/pnr"), 1);
  EXPECT_EQ(count("811218+9876", "p/pnr"), 1);
  EXPECT_EQ(count("121212-1212", "p/pnr"), 1);
  EXPECT_EQ(count("811278-9873", "p/pnr"), 1);  // samordningsnummer: day 78 = 18 + 60
  EXPECT_EQ(count("811278-9874", "p/pnr"), 0);  // its check digit off by one
  EXPECT_EQ(count("811218-9877", "p/pnr"), 0);  // check digit
  EXPECT_EQ(count("811318-9876", "p/pnr"), 0);  // month 13
  EXPECT_EQ(count("8112189876", "p/pnr"), 0);   // bare: needs require_separator: false
  EXPECT_EQ(count("8112189876", "p/bare"), 1);
  EXPECT_EQ(count("1811218-98765", "p/pnr"), 0);  // part of a longer number
}

TEST(ShippedPlugins, HighEntropyTokens) {
  LoadOptions options;
  options.plugins = PluginHost::Load({BULWARK_SHIPPED_PLUGIN_DIR});
  auto set = testing::LoadYaml(
      {"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
       "detectors:\n"
       "  - {id: e, plugin: entropy.high-entropy}\n"
       "  - {id: short, plugin: entropy.high-entropy, config: {min_length: 8, ignore_after: "
       "[build]}}\n"
       "rules: [{id: r, when: e, action: notify}, {id: s, when: short, action: audit}]\n"},
      options);
  ASSERT_TRUE(set);
  auto found = [&](const std::string& text, const std::string& detector = "p/e") {
    for (const auto& h : set->Detect(testing::TextContent(text))) {
      if (h.detector == detector) return true;
    }
    return false;
  };
  // Random secrets (generated for this test): base64, base64url, hex.
  EXPECT_TRUE(found("key: q8Zt3Lm0Pw9Xv2Bn7Ks4Hd1Fj6Rc5Ya0Ge8Ui3Oo"));
  EXPECT_TRUE(found("token=Vb7_Xk2-Pq9zLm4NwR8tYc3HdF6sJa1G"));
  EXPECT_TRUE(found("api secret 9f2c7e1ab48d36f05e9c2b7a1d4f8e63"));
  EXPECT_TRUE(found("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  // Not secrets: a GUID, a digest after a hash word, paths, words, identifiers, numbers.
  EXPECT_FALSE(found("id 3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
  EXPECT_FALSE(found("sha256: 9f2c7e1ab48d36f05e9c2b7a1d4f8e639f2c7e1ab48d36f05e9c2b7a1d4f8e63"));
  EXPECT_FALSE(found("commit 9f2c7e1ab48d36f05e9c2b7a1d4f8e63"));
  EXPECT_FALSE(found("see /usr/local/share/bulwark/policies/secrets.yaml"));
  EXPECT_FALSE(found("src/main/java/com/contoso/payments/CardTokenizer"));
  EXPECT_FALSE(found("internationalization-and-localization"));
  EXPECT_FALSE(found("ThisIsAVeryLongCamelCaseIdentifierName"));
  EXPECT_FALSE(found("order 12345678901234567890123"));
  EXPECT_FALSE(found("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1A"));
  // Config: shorter tokens, and a custom word before which hex is not a secret.
  EXPECT_FALSE(found("pw Xk9#mP2vLq", "p/e"));
  EXPECT_TRUE(found("pw Xk9mP2vLq7", "p/short"));
  EXPECT_FALSE(found("build 9f2c7e1ab48d36f0", "p/short"));
}

TEST(PluginHost, ACallOverItsTimeBudgetKeepsFindingsButIsIncompleteAndCountsTowardQuarantine) {
  LoadOptions options;
  options.plugins = PluginHost::LoadFiles({TestPlugin("testkit")});
  options.plugin_time_budget = std::chrono::milliseconds(10);  // "slow" takes 30 ms
  auto set = testing::LoadYaml({kCanaryPolicy}, options);
  ASSERT_TRUE(set);
  Verdict v = set->Evaluate(testing::TextContent("slow canary"));
  EXPECT_EQ(v.decision, Action::kBlock);  // its finding counts: it did finish
  ASSERT_EQ(v.incomplete.size(), 1u);
  EXPECT_EQ(v.incomplete[0].reason, "plugin_time_budget");
  EXPECT_EQ(v.incomplete[0].detector, "p/canary");
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(v.warnings[0].find("took longer than 10 ms"), std::string::npos) << v.warnings[0];
  EXPECT_EQ(set->PluginStats()[0].errors, 1u);
  EXPECT_NE(set->PluginStats()[0].last_error.find("over the plugin time budget of 10 ms"),
            std::string::npos);
  // Within budget: nothing to report.
  v = set->Evaluate(testing::TextContent("canary"));
  EXPECT_TRUE(v.incomplete.empty());
  // A plugin that overruns every time stops being called, like one that fails.
  for (uint32_t i = 0; i < kPluginQuarantineAfter; ++i) {
    set->Evaluate(testing::TextContent("slow"));
  }
  v = set->Evaluate(testing::TextContent("canary"));
  ASSERT_EQ(v.incomplete.size(), 1u);
  EXPECT_EQ(v.incomplete[0].reason, "plugin_quarantined");
}

TEST(PluginHost, WithoutAPluginTimeBudgetASlowCallIsComplete) {
  LoadOptions options;
  options.plugins = PluginHost::LoadFiles({TestPlugin("testkit")});
  options.plugin_time_budget = std::chrono::milliseconds(0);
  auto set = testing::LoadYaml({kCanaryPolicy}, options);
  ASSERT_TRUE(set);
  const Verdict v = set->Evaluate(testing::TextContent("slow canary"));
  EXPECT_EQ(v.decision, Action::kBlock);
  EXPECT_TRUE(v.incomplete.empty());
  EXPECT_TRUE(v.warnings.empty());
}

TEST(PluginHost, PastTheEventTimeBudgetTheRestIsNotScannedAndTheVerdictSaysSo) {
  LoadOptions options;
  options.plugins = PluginHost::LoadFiles({TestPlugin("testkit")});
  options.event_time_budget = std::chrono::milliseconds(5);  // the plugin's 30 ms uses it up
  options.plugin_time_budget = std::chrono::milliseconds(0);
  auto set = testing::LoadYaml({kCanaryPolicy}, options);
  ASSERT_TRUE(set);
  Content c = testing::TextContent("slow canary 4111111111111111");
  c.fields.push_back(Field{"subject", "4111111111111111"});
  const Verdict v = set->Evaluate(c);
  // The plugin ran first and its finding stands; the card detector never ran, in either field.
  EXPECT_EQ(v.decision, Action::kBlock);
  std::vector<Incomplete> expected = {{"time_budget", "p/card", "subject"},
                                      {"time_budget", "p/card", "text"},
                                      {"time_budget", "p/canary", "subject"}};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(v.incomplete, expected);
  bool card_found = false, incomplete_match = false;
  for (const Match& m : v.matches) {
    card_found = card_found || m.rule == "r2";
    incomplete_match =
        incomplete_match || (m.rule == kIncompleteRule && m.action == Action::kAudit);
  }
  EXPECT_FALSE(card_found);
  EXPECT_TRUE(incomplete_match);  // on_incomplete: audit
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(v.warnings[0].find("event time budget of 5 ms ran out: 3 detector scans"),
            std::string::npos)
      << v.warnings[0];
}

}  // namespace
}  // namespace bulwark
