#include "detect/pattern_database.h"

#include <gtest/gtest.h>

#include <random>

#include "eval/scanner.h"
#include "policy/compiled.h"
#include "test_util.h"

namespace bulwark {
namespace {

TEST(PatternDatabase, FiresOnlyForPatternsThatMayMatch) {
  std::vector<PatternDatabase::Rejection> rejected;
  auto db = PatternDatabase::Build({"foo\\d+", "(?i)bar", "\\bbaz\\b"}, &rejected);
  ASSERT_TRUE(db.ok());
  EXPECT_TRUE(rejected.empty());
  std::vector<char> fired;
  (*db)->Scan("xx foo12 BAR", &fired);
  EXPECT_EQ(fired, (std::vector<char>{1, 1, 0}));
  (*db)->Scan("foo qux", &fired);
  EXPECT_EQ(fired, (std::vector<char>{0, 0, 0}));
  // Word boundaries are left to RE2 (Hyperscan scans the patterns without them, a superset):
  // "bazaar" may hold \bbaz\b as far as the prefilter knows.
  (*db)->Scan("foo bazaar", &fired);
  EXPECT_EQ(fired, (std::vector<char>{0, 0, 1}));
}

// Class-run patterns a caller does not want are not looked for; the wanted ones, and every
// pattern of the other kinds, come out exactly as in a full scan.
TEST(PatternDatabase, UnwantedClassRunPatternsAreNotLookedFor) {
  std::vector<PatternDatabase::Rejection> rejected;
  auto db =
      PatternDatabase::Build({"\\b([a-f0-9]{32})\\b", "\\b([A-Z0-9]{9})\\b", "dapi[a-f0-9]{32}",
                              "\\b\\d{3}[ -]?\\d{3}[ -]?\\d{4}\\b", "\\b[1-9]\\d{12}\\b"},
                             &rejected);
  ASSERT_TRUE(db.ok());
  ASSERT_EQ((*db)->kind(0), PatternDatabase::Kind::kClassRun);
  ASSERT_EQ((*db)->kind(1), PatternDatabase::Kind::kClassRun);
  const std::string text =
      "md5 9e107d9d372bb6826bd81d3542a419d6 passport X12345678 token "
      "dapi9e107d9d372bb6826bd81d3542a4"
      "19d6 nhs 943 476 5919 cnp 1630615123457";
  Candidates all;
  (*db)->Scan(text, &all);
  ASSERT_EQ(all.fired, (std::vector<char>{1, 1, 1, 1, 1}));
  for (const std::vector<char>& wanted :
       {std::vector<char>{0, 1, 0, 1, 0}, std::vector<char>{1, 0, 1, 0, 1}}) {
    Candidates some;
    (*db)->Scan(text, &some, &wanted);
    for (size_t i = 0; i < wanted.size(); ++i) {
      const PatternDatabase::Kind kind = (*db)->kind(i);
      const bool lazy =
          kind == PatternDatabase::Kind::kClassRun || kind == PatternDatabase::Kind::kDigitWindow;
      if (wanted[i] || !lazy) {  // as in a full scan
        EXPECT_EQ(some.fired[i], all.fired[i]) << i;
        EXPECT_EQ(some.ranges[i], all.ranges[i]) << i;
        EXPECT_EQ(some.bounded[i], all.bounded[i]) << i;
      } else {  // not looked for
        EXPECT_EQ(some.fired[i], 0) << i;
        EXPECT_TRUE(some.ranges[i].empty()) << i;
      }
    }
  }
}

TEST(PatternDatabase, HyperscanGetsThePatternsWithoutWordBoundaries) {
  EXPECT_EQ(WithoutWordBoundaries("\\bfoo\\b"), "foo");
  EXPECT_EQ(WithoutWordBoundaries("(?i:\\bssn\\b|\\bss#)"), "(?i:ssn|ss#)");
  EXPECT_EQ(WithoutWordBoundaries("(?:\\b|_)key\\B"), "(?:|_)key");
  EXPECT_EQ(WithoutWordBoundaries("[\\b]x\\b"), "[\\b]x");    // a class is left alone
  EXPECT_EQ(WithoutWordBoundaries("[]\\b]x\\b"), "[]\\b]x");  // ']' first is a member
  EXPECT_EQ(WithoutWordBoundaries("\\\\bar"), "\\\\bar");     // an escaped backslash, then "bar"
  EXPECT_EQ(WithoutWordBoundaries("\\Q\\b\\E\\b"), "\\Q\\b\\E\\b");  // quoted: kept whole
  EXPECT_EQ(WithoutWordBoundaries("a\\b?c"), "a\\b?c");              // a quantified assertion
  EXPECT_EQ(WithoutWordBoundaries("\\b(?:x)?\\b"), "\\b(?:x)?\\b");  // would match empty
}

TEST(PatternDatabase, RejectedPatternsFallBackToAlwaysFiring) {
  // \C (any byte) is RE2 syntax that Hyperscan does not support in UTF-8 mode.
  std::vector<PatternDatabase::Rejection> rejected;
  auto db = PatternDatabase::Build({"abc", "x\\Cy"}, &rejected);
  ASSERT_TRUE(db.ok());
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].index, 1u);
  EXPECT_FALSE(rejected[0].message.empty());
  EXPECT_EQ((*db)->unfiltered(), std::vector<size_t>{1});
  std::vector<char> fired;
  (*db)->Scan("nothing here", &fired);
  EXPECT_EQ(fired, (std::vector<char>{0, 1}));
}

TEST(PatternDatabase, TheCacheGivesTheSameDatabaseAndSurvivesCorruption) {
  testing::TempDir dir;
  const std::vector<std::string> patterns = {"foo\\d+", "x\\Cy", "(?i)bar"};
  std::vector<PatternDatabase::Rejection> first_rejected;
  auto first = PatternDatabase::Build(patterns, &first_rejected, dir.path());
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE((*first)->from_cache());
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);

  std::vector<PatternDatabase::Rejection> rejected;
  auto cached = PatternDatabase::Build(patterns, &rejected, dir.path());
  ASSERT_TRUE(cached.ok());
  EXPECT_TRUE((*cached)->from_cache());
  ASSERT_EQ(rejected.size(), 1u);  // the rejection (and its reason) comes back too
  EXPECT_EQ(rejected[0].index, 1u);
  EXPECT_EQ(rejected[0].message, first_rejected[0].message);
  for (const char* text : {"xx foo12 BAR", "nothing", "foo bar"}) {
    std::vector<char> a, b;
    (*first)->Scan(text, &a);
    (*cached)->Scan(text, &b);
    EXPECT_EQ(a, b) << text;
  }
  for (size_t i = 0; i < patterns.size(); ++i) {  // the width bounds come back too
    EXPECT_EQ((*first)->reach(i), (*cached)->reach(i)) << i;
  }
  EXPECT_GT((*cached)->reach(2), 0u);
  // Other patterns: another file, not this one.
  auto other = PatternDatabase::Build({"foo\\d+"}, nullptr, dir.path());
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE((*other)->from_cache());

  // A damaged file is ignored, rebuilt and replaced.
  for (size_t cut : {size_t{3}, size_t{20}, size_t{400}}) {
    std::filesystem::resize_file(files[0], cut);
    auto rebuilt = PatternDatabase::Build(patterns, nullptr, dir.path());
    ASSERT_TRUE(rebuilt.ok());
    EXPECT_FALSE((*rebuilt)->from_cache()) << cut;
    std::vector<char> fired;
    (*rebuilt)->Scan("xx foo12 BAR", &fired);
    EXPECT_EQ(fired, (std::vector<char>{1, 1, 1}));
    auto again = PatternDatabase::Build(patterns, nullptr, dir.path());
    EXPECT_TRUE((*again)->from_cache()) << cut;
  }
}

TEST(PatternDatabase, RejectedPatternStillDetectsThroughThePolicySet) {
  std::vector<Diagnostic> diags;
  testing::TempDir dir;
  dir.Write("p.yaml",
            "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
            "detectors: [{id: d, regex: 'x\\Cy'}]\n"
            "rules: [{id: r, when: d, action: block}]\n");
  LoadOptions options;
  options.paths = {dir.path()};
  auto set = PolicySet::Load(options, &diags);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].level, Diagnostic::Level::kWarning);
  EXPECT_EQ(diags[0].line, 4);
  EXPECT_NE(diags[0].message.find("Hyperscan cannot prefilter this pattern"), std::string::npos);
  EXPECT_EQ((*set)->stats().unfiltered, 1u);
  EXPECT_EQ((*set)->Evaluate(testing::TextContent("a x-y b")).decision, Action::kBlock);
}

TEST(PatternDatabase, CaselessPatternsFireOnUnicodeFoldsToAscii) {
  // RE2 folds U+212A KELVIN SIGN to 'k' and U+017F LONG S to 's'. Hyperscan in UTF-8 mode
  // folds them too; the engine relies on it (the differential test covers it as well).
  auto db = PatternDatabase::Build({"(?i)key", "key", "(?i:secret)"}, nullptr);
  ASSERT_TRUE(db.ok());
  std::vector<char> fired;
  (*db)->Scan(
      "\xE2\x84\xAA"
      "ey",
      &fired);
  EXPECT_TRUE(fired[0]);
  EXPECT_FALSE(fired[1]);
  (*db)->Scan(
      "\xC5\xBF"
      "ecret",
      &fired);
  EXPECT_TRUE(fired[2]);
}

TEST(PatternDatabase, RangesHoldEveryMatchAndOnlyBoundedPatternsHaveThem) {
  // 0: bounded (Hyperscan width 3..6 bytes); 1: digit-shaped (digit runs); 2: unbounded.
  auto db = PatternDatabase::Build({"foo\\d{1,3}", "\\b\\d{4}-\\d{4}\\b", "x.*y"}, nullptr);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->reach(0), 6u);
  EXPECT_EQ((*db)->reach(1), 0u);  // not in the Hyperscan database
  EXPECT_EQ((*db)->reach(2), 0u);
  //                        0         1         2         3         4
  //                        01234567890123456789012345678901234567890
  const std::string text = "a foo1 b foo123foo9 x 1234-5678 yy 12 foo";
  Candidates c;
  (*db)->Scan(text, &c);
  EXPECT_EQ(c.fired, (std::vector<char>{1, 1, 1}));
  EXPECT_EQ(c.bounded, (std::vector<char>{1, 1, 0}));
  // Every match lies in one range; ranges are sorted and disjoint, and none is far from a match.
  // foo1 ends at 6; foo1/foo12/foo123 end at 13/14/15 and foo9 at 19: merged into one range.
  EXPECT_EQ(c.ranges[0], (std::vector<ByteRange>{{0, 6}, {7, 19}}));
  // The 8-digit run widened by a byte each side; "12" is too short for the pattern.
  EXPECT_EQ(c.ranges[1], (std::vector<ByteRange>{{21, 32}}));
  EXPECT_TRUE(c.ranges[2].empty());
  // The same object is reused: nothing of the previous text is left.
  (*db)->Scan("nothing", &c);
  EXPECT_EQ(c.fired, (std::vector<char>{0, 0, 0}));
  for (const auto& r : c.ranges) EXPECT_TRUE(r.empty());
}

TEST(ByteRange, AppendMergedAndSortAndMerge) {
  std::vector<ByteRange> r;
  EXPECT_TRUE(AppendMerged(&r, {5, 10}));
  EXPECT_TRUE(AppendMerged(&r, {8, 12}));   // overlaps: merged
  EXPECT_TRUE(AppendMerged(&r, {12, 14}));  // touches: merged
  EXPECT_TRUE(AppendMerged(&r, {20, 22}));
  EXPECT_EQ(r, (std::vector<ByteRange>{{5, 14}, {20, 22}}));
  EXPECT_FALSE(AppendMerged(&r, {0, 6}));  // out of order: appended, caller re-sorts
  SortAndMerge(&r);
  EXPECT_EQ(r, (std::vector<ByteRange>{{0, 14}, {20, 22}}));
}

TEST(PatternDatabase, EmptyMatchDetection) {
  EXPECT_TRUE(PatternCanMatchEmpty("\\d*"));
  EXPECT_TRUE(PatternCanMatchEmpty("\\b"));
  EXPECT_FALSE(PatternCanMatchEmpty("\\d+"));
}

TEST(PatternDatabase, SingleWhitespaceBoundsOnlyWhatItCan) {
  using R = std::optional<std::pair<std::string, uint32_t>>;
  EXPECT_EQ(SingleWhitespace("\\bcall\\s+me\\b|\\bfax\\b"), R({"\\bcall\\sme\\b|\\bfax\\b", 1}));
  EXPECT_EQ(SingleWhitespace("a\\s*b\\s+?c"), R({"a\\s?b\\sc", 2}));
  EXPECT_EQ(SingleWhitespace("(?:a\\s+b)?c"), R({"(?:a\\sb)?c", 1}));
  EXPECT_EQ(SingleWhitespace("(?:a(?:\\s+b))+"), std::nullopt);  // repeated: runs add up
  EXPECT_EQ(SingleWhitespace("(?:a\\s+b){2}"), std::nullopt);
  EXPECT_EQ(SingleWhitespace("[\\s+]x"), std::nullopt);  // in a class: not a run
  EXPECT_EQ(SingleWhitespace("\\\\s+"), std::nullopt);   // an escaped backslash, then s+
  EXPECT_EQ(SingleWhitespace("\\Qa\\s+\\E"), std::nullopt);
  EXPECT_EQ(LongestWhitespaceRun("a  b\t\n\v\f\r c"), 6u);
  EXPECT_EQ(LongestWhitespaceRun("abc"), 0u);
  // The 16-byte blocks against a byte loop, at every length and with runs across every seam.
  std::mt19937 rng(3);
  const char alphabet[] = {' ', '\t', '\n', '\v', '\f', '\r', 'a', 'b', 'c', '\x0e', '\x08'};
  for (int t = 0; t < 20000; ++t) {
    std::string text(rng() % 80, 'x');
    const size_t space_odds = 1 + rng() % 6;
    for (char& c : text)
      c = rng() % space_odds == 0 ? alphabet[rng() % 6] : alphabet[6 + rng() % 5];
    uint32_t best = 0, run = 0;
    for (char c : text) {
      run = (c == ' ' || (c >= '\t' && c <= '\r')) ? run + 1 : 0;
      best = std::max(best, run);
    }
    ASSERT_EQ(LongestWhitespaceRun(text), best) << ::testing::PrintToString(text);
  }
}

// Keyword lists with several words (`credit\s+card`) have no width bound of their own; in a
// text they are bounded by its longest whitespace run, and every match still lies in a range.
TEST(PatternDatabase, WhitespaceRunsBoundKeywordListsAndRangesHoldEveryMatch) {
  const std::vector<std::string> patterns = {
      KeywordsToRegex({"credit card", "card", "social security number"}, false, true),
      KeywordsToRegex({"call me", "reach me"}, false, true),
      "x.*y",  // unbounded for another reason: never bounded
  };
  testing::TempDir cache;
  for (int load = 0; load < 2; ++load) {  // compiled, then from the cache
    auto db = PatternDatabase::Build(patterns, nullptr, cache.path());
    ASSERT_TRUE(db.ok());
    EXPECT_EQ((*db)->from_cache(), load == 1);
    std::mt19937 rng(7 + load);
    const char* words[] = {"credit", "card",   "social", "security", "number", "call",         "me",
                           "reach",  "CREDIT", "Card",   "x",        "y",      "\xE2\x80\xAF", "é"};
    const char* spaces[] = {" ", "\t", "\n", "\v", "\f", "\r", "  "};
    size_t fired = 0, bounded = 0;  // of the keyword lists, in texts without long runs
    for (int t = 0; t < 400; ++t) {
      std::string text;
      const bool long_runs = t % 2 == 1;
      const int n = 30 + static_cast<int>(rng() % 60);
      for (int w = 0; w < n; ++w) {
        text += words[rng() % std::size(words)];
        const size_t run = long_runs && rng() % 8 == 0 ? 1 + rng() % 300 : 1 + rng() % 3;
        for (size_t k = 0; k < run; ++k) text += spaces[rng() % std::size(spaces)];
      }
      Candidates c;
      (*db)->Scan(text, &c);
      for (size_t i = 0; i < patterns.size(); ++i) {
        const RE2 re(patterns[i]);
        bool truncated = false;
        const auto oracle = FindAllSpans(re, 0, text, 1u << 20, &truncated);
        const auto fast = FindCandidateSpans(re, 0, text, c, i, 1u << 20, &truncated);
        ASSERT_EQ(fast, oracle) << "pattern " << i << " text #" << t;
        if (i < 2 && !long_runs) {
          fired += c.fired[i];
          bounded += c.bounded[i];
        }
      }
      EXPECT_FALSE(c.bounded[2]);
    }
    EXPECT_GT(fired, 100u);
    EXPECT_EQ(bounded, fired);
  }
}

}  // namespace
}  // namespace bulwark
