#include "detect/pattern_facts.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "bulwark/policy_set.h"
#include "detect/class_run.h"
#include "detect/lazy_re2.h"
#include "detect/pattern_database.h"
#include "engine_internals.h"
#include "policy/compiled.h"
#include "test_util.h"

namespace bulwark {
namespace {

const std::vector<std::string> kPatterns = {
    "\\d*",                             // empty
    "\\b",                              // empty, only in context
    "\\bnpm_[0-9A-Za-z]{36}\\b",        // literal
    "\\bSK[0-9a-fA-F]{32}\\b",          // no 3-character literal
    "(?P<key>[a-z]{4})-(\\d{2,1000})",  // groups
};

// Loads the policies of `dir` with `cache` as the database cache directory.
Result<std::shared_ptr<const PolicySet>> LoadWithCache(const testing::TempDir& dir,
                                                       const testing::TempDir& cache,
                                                       std::vector<Diagnostic>* diags) {
  LoadOptions options;
  options.paths = {dir.path()};
  options.database_cache_dir = cache.path();
  return PolicySet::Load(options, diags);
}

TEST(PatternFacts, RemembersWhatItComputedAcrossInstances) {
  testing::TempDir dir;
  {
    PatternFacts facts(dir.path());
    for (const std::string& p : kPatterns) {
      EXPECT_EQ(facts.CanMatchEmpty(p), PatternCanMatchEmpty(p)) << p;
      EXPECT_EQ(facts.HasRequiredLiteral(p), HasRequiredLiteral(p, 3)) << p;
    }
    RE2 re(kPatterns[4]);
    facts.RememberValid(kPatterns[4], re);
    EXPECT_EQ(facts.computed(), 11);
    facts.Save();
  }
  PatternFacts again(dir.path());
  EXPECT_TRUE(again.CanMatchEmpty("\\d*"));
  EXPECT_TRUE(again.CanMatchEmpty("\\b"));
  EXPECT_FALSE(again.CanMatchEmpty(kPatterns[2]));
  EXPECT_TRUE(again.HasRequiredLiteral(kPatterns[2]));
  EXPECT_FALSE(again.HasRequiredLiteral(kPatterns[3]));
  EXPECT_EQ(again.computed(), 0);  // every answer came from the file
  const PatternFacts::Groups* groups = again.KnownValid(kPatterns[4]);
  ASSERT_NE(groups, nullptr);
  EXPECT_EQ(groups->count, 2);
  EXPECT_EQ(groups->named, (std::map<std::string, int>{{"key", 1}}));
  EXPECT_EQ(again.KnownValid(kPatterns[2]), nullptr);  // never remembered as valid
  // A pattern the file does not hold is computed, not guessed.
  EXPECT_FALSE(again.CanMatchEmpty("abc"));
  EXPECT_EQ(again.computed(), 1);
}

TEST(PatternFacts, RemembersWhichPatternsAreClassRuns) {
  const char* const email =
      "(?:^|[^A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z]{2,})+)\\b";
  const std::vector<std::string> patterns = {email, "(?i)\\bcredit\\s+card\\b", kPatterns[4]};
  ASSERT_TRUE(ClassRunOf(patterns[0]));  // one of each kind
  ASSERT_FALSE(ClassRunOf(patterns[1]));
  testing::TempDir dir;
  {
    PatternFacts facts(dir.path());
    for (const std::string& p : patterns) {
      EXPECT_EQ(facts.ClassRun(p).has_value(), ClassRunOf(p).has_value()) << p;
    }
    EXPECT_EQ(facts.computed(), 3);
    facts.Save();
  }
  PatternFacts again(dir.path());
  for (const std::string& p : patterns) {
    const auto remembered = again.ClassRun(p);
    const auto computed = ClassRunOf(p);
    ASSERT_EQ(remembered.has_value(), computed.has_value()) << p;
    if (computed) {  // a class run is parsed again: the spec is not stored, only that it is one
      EXPECT_EQ(remembered->min_len, computed->min_len);
      EXPECT_EQ(remembered->member, computed->member);
    }
  }
  EXPECT_EQ(again.computed(), 0);
}

TEST(PatternFacts, ADamagedOrForeignFileIsIgnored) {
  testing::TempDir dir;
  {
    PatternFacts facts(dir.path());
    facts.CanMatchEmpty("\\d*");
    RE2 re("(a)(b)");
    facts.RememberValid("(a)(b)", re);
    facts.Save();
  }
  const auto file = dir.path() / "pattern-facts";
  const auto size = std::filesystem::file_size(file);
  for (uintmax_t cut : {uintmax_t{4}, size - 1, size - 6}) {
    std::filesystem::resize_file(file, cut);
    PatternFacts facts(dir.path());
    EXPECT_EQ(facts.KnownValid("(a)(b)"), nullptr) << cut;
    EXPECT_TRUE(facts.CanMatchEmpty("\\d*")) << cut;
    EXPECT_EQ(facts.computed(), 1) << cut;
  }
  {
    std::ofstream o(file, std::ios::binary | std::ios::trunc);
    o << "BWFACTS0\nsomething else";
  }
  PatternFacts facts(dir.path());
  EXPECT_TRUE(facts.CanMatchEmpty("\\d*"));
  EXPECT_EQ(facts.computed(), 1);
}

TEST(LazyRe2, CompilesOnceForEveryThread) {
  LazyRe2 lazy("(?i)token[0-9]{2,400}", RE2::Options());
  std::vector<const RE2*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] { seen[i] = &lazy.get(); });
  }
  for (auto& t : threads) t.join();
  for (const RE2* re : seen) EXPECT_EQ(re, seen[0]);
  EXPECT_TRUE(RE2::PartialMatch("a TOKEN123 b", lazy.get()));
}

// Policy errors that depend on a pattern's facts are reported whether or not the facts were
// remembered by an earlier load of the same files.
TEST(PatternFacts, ALoadWithRememberedFactsReportsTheSameErrors) {
  testing::TempDir dir;
  testing::TempDir cache;
  dir.Write("lib.yaml",
            "apiVersion: bulwark/v1\nkind: DetectorLibrary\nname: lib\n"
            "detectors:\n"
            "  - {id: good, regex: '\\bab(?P<v>[0-9]{2,900})\\b', capture: v}\n"
            "  - {id: group, regex: '\\bcd(?P<v>[0-9]{4})\\b', capture: w}\n"
            "  - {id: index, regex: '\\bef([0-9]{4})\\b', capture: '2'}\n"
            "  - {id: empty, regex: '\\b(?:x)?'}\n"
            "  - {id: bad, regex: '(?<=a)b'}\n");
  std::vector<std::string> first;
  for (int run = 0; run < 2; ++run) {
    std::vector<Diagnostic> diags;
    auto set = LoadWithCache(dir, cache, &diags);
    EXPECT_FALSE(set.ok());
    std::vector<std::string> messages;
    messages.reserve(diags.size());
    for (const Diagnostic& d : diags) messages.push_back(std::to_string(d.line) + ": " + d.message);
    ASSERT_EQ(messages.size(), 4u) << run;
    if (run == 0) {
      first = messages;
      // The valid patterns' facts are remembered, so the second load compiles none of them
      // and resolves the captures from the facts; the invalid ones are never remembered.
      PatternFacts facts(cache.path());
      EXPECT_NE(facts.KnownValid("\\bab(?P<v>[0-9]{2,900})\\b"), nullptr);
      EXPECT_NE(facts.KnownValid("\\bcd(?P<v>[0-9]{4})\\b"), nullptr);
      EXPECT_NE(facts.KnownValid("\\bef([0-9]{4})\\b"), nullptr);
      EXPECT_EQ(facts.KnownValid("\\b(?:x)?"), nullptr);
      EXPECT_EQ(facts.KnownValid("(?<=a)b"), nullptr);
    } else {
      EXPECT_EQ(messages, first);
    }
  }
}

// With the facts remembered, a load compiles no RE2 until a pattern is confirmed, unless asked
// to compile every pattern (the service does, so that its workers never pay for it).
TEST(PatternFacts, AWarmLoadCompilesPatternsOnFirstUseOrAllWhenAsked) {
  testing::TempDir dir;
  testing::TempDir cache;
  dir.Write(
      "p.yaml",
      "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
      "detectors:\n"
      "  - {id: a, regex: '\\bkeya_[a-z]{20,900}\\b', context: {keywords: [vault, \"key a\"]}}\n"
      "  - {id: b, regex: '\\bkeyb_[a-z]{20,900}\\b'}\n"
      "rules: [{id: r, when: {any: [a, b]}, action: block}]\n");
  const auto compiled = [](const PolicySet& set) {  // the detectors', then the context list
    std::vector<bool> out;
    for (const auto& re : EngineInternals::Of(set).pattern_re) out.push_back(re->compiled());
    for (const auto& re : EngineInternals::Of(set).context_re) out.push_back(re->compiled());
    return out;
  };
  LoadOptions options;
  options.paths = {dir.path()};
  options.database_cache_dir = cache.path();
  auto cold = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(cold.ok());
  EXPECT_EQ(compiled(**cold), (std::vector<bool>{true, true, true}));  // checked, so compiled
  auto warm = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(warm.ok());
  EXPECT_EQ(compiled(**warm), (std::vector<bool>{false, false, false}));
  EXPECT_EQ((*warm)->Evaluate(testing::TextContent("x keyb_abcdefghijklmnopqrstuvwxyz y")).decision,
            Action::kBlock);
  EXPECT_EQ(compiled(**warm), (std::vector<bool>{false, true, false}));  // only what was confirmed
  EXPECT_EQ(
      (*warm)->Evaluate(testing::TextContent("vault keya_abcdefghijklmnopqrstuvwxyz")).decision,
      Action::kBlock);
  EXPECT_EQ(compiled(**warm), (std::vector<bool>{true, true, true}));  // the context list too
  options.compile_every_pattern = true;
  auto eager = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(eager.ok());
  EXPECT_EQ(compiled(**eager), (std::vector<bool>{true, true, true}));
}

TEST(PatternDatabase, ShapeFiltersAreCompiledOnFirstUseOrAllWhenAsked) {
  testing::TempDir dir;
  testing::TempDir cache;
  dir.Write("p.yaml",
            "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
            "detectors:\n"
            "  - {id: card, regex: '\\b\\d{4}[ -]?\\d{4}[ -]?\\d{4}[ -]?\\d{4}\\b'}\n"
            "  - {id: ssn, regex: '\\b\\d{3}-\\d{2}-\\d{4}\\b'}\n"
            "  - {id: key, regex: '(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)',"
            " capture: 1}\n"
            "rules: [{id: r, when: {any: [card, ssn, key]}, action: block}]\n");
  LoadOptions options;
  options.paths = {dir.path()};
  options.database_cache_dir = cache.path();
  auto set = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(set.ok());
  const PatternDatabase& db = *EngineInternals::Of(**set).database;
  ASSERT_EQ(db.kind(0), PatternDatabase::Kind::kDigitRun);
  ASSERT_EQ(db.kind(2), PatternDatabase::Kind::kClassRun);
  EXPECT_EQ(db.CompiledShapeFilters(), 0u);
  EXPECT_EQ((*set)->Evaluate(testing::TextContent("ssn 536-22-8741")).decision, Action::kBlock);
  const size_t after_one = db.CompiledShapeFilters();
  EXPECT_GE(after_one, 1u);
  EXPECT_LT(after_one, 3u);
  options.compile_every_pattern = true;
  auto eager = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(eager.ok());
  EXPECT_EQ(EngineInternals::Of(**eager).database->CompiledShapeFilters(), 3u);
}

TEST(PatternFacts, AWarmLoadFindsWhatAColdOneFinds) {
  testing::TempDir dir;
  testing::TempDir cache;
  dir.Write("p.yaml",
            "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
            "detectors:\n"
            "  - {id: tok, regex: '\\bab(?P<v>[0-9A-F]{20,900})\\b', capture: v}\n"
            "  - {id: key, regex: '\\bSK[0-9a-fA-F]{32}\\b'}\n"
            "rules: [{id: r, when: {any: [tok, key]}, action: block}]\n");
  const std::string text = "x abDEADBEEF0123456789ABCD y SK0123456789abcdef0123456789abcdef z";
  std::vector<std::string> evidence;
  for (int run = 0; run < 2; ++run) {
    std::vector<Diagnostic> diags;
    auto set = LoadWithCache(dir, cache, &diags);
    ASSERT_TRUE(set.ok()) << run;
    EXPECT_EQ((*set)->stats().database_from_cache, run == 1);
    const Verdict v = (*set)->Evaluate(testing::TextContent(text));
    EXPECT_EQ(v.decision, Action::kBlock);
    std::string all;
    for (const auto& m : v.matches) {
      for (const auto& f : m.findings) {
        for (const auto& e : f.evidence) all += f.detector + "@" + std::to_string(e.start) + " ";
      }
    }
    evidence.push_back(all);
    if (run == 0) {
      PatternFacts facts(cache.path());
      const PatternFacts::Groups* g = facts.KnownValid("\\bab(?P<v>[0-9A-F]{20,900})\\b");
      ASSERT_NE(g, nullptr);
      EXPECT_EQ(g->named.at("v"), 1);
    }
  }
  EXPECT_FALSE(evidence[0].empty());
  EXPECT_EQ(evidence[0], evidence[1]);
}

// Facts that a later RE2 contradicts (another library version, a damaged cache) make the field
// incomplete for the detector, and policies fail closed on it.
TEST(PatternFacts, AFactTheCompiledPatternContradictsFailsClosed) {
  testing::TempDir dir;
  testing::TempDir cache;
  const std::string pattern = "\\bzz([0-9]{4})\\b";
  {
    PatternFacts facts(cache.path());
    const RE2 two_groups("(a)(b)");
    facts.RememberValid(pattern, two_groups);  // a lie: the pattern has one group
    facts.Save();
  }
  dir.Write("p.yaml",
            "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
            "detectors: [{id: d, regex: '\\bzz([0-9]{4})\\b', capture: '2'}]\n"
            "rules: [{id: r, when: d, action: audit}]\n");
  LoadOptions options;
  options.paths = {dir.path()};
  options.database_cache_dir = cache.path();
  auto set = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(set.ok());  // the load believed the facts
  const Verdict v = (*set)->Evaluate(testing::TextContent("ref zz1234"));
  ASSERT_EQ(v.incomplete.size(), 1u);
  EXPECT_EQ(v.incomplete[0].reason, "pattern_invalid");
  EXPECT_EQ(v.decision, Action::kBlock);  // on_incomplete: block by default
  // Without the cache the same policy is refused at load: capture 2 does not exist.
  options.database_cache_dir.clear();
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(PolicySet::Load(options, &diags).ok());
}

}  // namespace
}  // namespace bulwark
