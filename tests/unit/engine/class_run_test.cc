#include "detect/class_run.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

namespace bulwark {
namespace {

bool Member(const ClassRunSpec& s, char c) { return s.member[static_cast<unsigned char>(c)]; }

uint32_t Need(const ClassRunSpec& s, char c) {
  for (const auto& [b, n] : s.need) {
    if (b == static_cast<unsigned char>(c)) return n;
  }
  return 0;
}

const char* const kEmail =
    "(?:^|[^A-Za-z0-9._%+:/-])(?:[A-Za-z]+:)?([A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*"
    "[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,})\\b";
const char* const kIpv4 = "(?:^|[^0-9.])((?:\\d{1,3}\\.){3}\\d{1,3})(?:$|[^0-9.]|\\.(?:$|[^0-9]))";
const char* const kAwsSecret = "(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)";

TEST(ClassRun, ReadsWhatEveryMatchIsMadeOf) {
  auto email = ClassRunOf(kEmail);
  ASSERT_TRUE(email);
  EXPECT_TRUE(Member(*email, 'a') && Member(*email, 'Z') && Member(*email, '@') &&
              Member(*email, ':') && Member(*email, '.'));
  EXPECT_FALSE(Member(*email, ' ') || Member(*email, '/') || Member(*email, ','));
  EXPECT_EQ(email->anchor, '@');  // rarer in prose than '.'
  EXPECT_EQ(Need(*email, '@'), 1u);
  EXPECT_EQ(Need(*email, '.'), 1u);
  EXPECT_EQ(email->min_len, 6u);      // a@b.cd
  EXPECT_EQ(email->slack_left, 4u);   // the leading (?:^|[^...]): one code point
  EXPECT_EQ(email->slack_right, 0u);  // \b takes nothing

  auto ipv4 = ClassRunOf(kIpv4);
  ASSERT_TRUE(ipv4);
  EXPECT_EQ(ipv4->min_digits, 4u);
  EXPECT_EQ(Need(*ipv4, '.'), 3u);
  EXPECT_EQ(ipv4->slack_right, 8u);  // \.(?:$|[^0-9]): two code points

  auto aws = ClassRunOf(kAwsSecret);
  ASSERT_TRUE(aws);
  EXPECT_EQ(aws->min_len, 40u);
  EXPECT_EQ(aws->anchor, 0);  // no punctuation every match holds: probe every 40th byte
  EXPECT_FALSE(Member(*aws, '='));

  // Alternatives combine: the weaker minimum, the union of bytes.
  auto alt = ClassRunOf("\\b[A-Z]{6}\\d{2}\\b|\\b\\d{9}\\b");
  ASSERT_TRUE(alt);
  EXPECT_EQ(alt->min_len, 8u);
  EXPECT_EQ(alt->min_digits, 2u);
  EXPECT_EQ(alt->min_letters, 0u);
}

TEST(ClassRun, CaseFoldingTakesTheNonAsciiFormsOfKAndS) {
  auto spec = ClassRunOf("(?i)\\bsk[0-9a-f]{32}\\b");
  ASSERT_TRUE(spec);
  EXPECT_TRUE(Member(*spec, 'S') && Member(*spec, 'k'));
  // KELVIN SIGN (E2 84 AA) and LONG S (C5 BF) match k and s under (?i): in the run, and then
  // the ASCII letter count proves nothing.
  for (unsigned char b : {0xE2, 0x84, 0xAA, 0xC5, 0xBF}) EXPECT_TRUE(spec->member[b]);
  EXPECT_EQ(spec->min_letters, 0u);
  auto plain = ClassRunOf("\\bSK[0-9a-f]{32}\\b");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->min_letters, 2u);
  EXPECT_FALSE(plain->member[0xE2]);
}

TEST(ClassRun, RefusesWhatItCannotBound) {
  EXPECT_FALSE(ClassRunOf("a[^b]{2}c"));                     // foreign bytes inside the body
  EXPECT_FALSE(ClassRunOf("[^a]+b@c"));                      // an unbounded foreign edge
  EXPECT_FALSE(ClassRunOf(".*@example\\.com"));              // '.' repeated without bound
  EXPECT_FALSE(ClassRunOf("(?i)password\\s*=\\s*\\w{8,}"));  // prose: letters and spaces
  EXPECT_FALSE(ClassRunOf("\\d{3} \\d{3} \\d{4}"));          // the space, and nothing rare to find
  EXPECT_FALSE(ClassRunOf("\\p{L}{4}"));       // Unicode classes are not in the subset
  EXPECT_FALSE(ClassRunOf("(?P<x>\\d{6})"));   // named groups
  EXPECT_FALSE(ClassRunOf("[[:upper:]]{6}"));  // POSIX classes
  EXPECT_FALSE(ClassRunOf("\\bZ\\b"));         // a single byte: every probe would hit
  EXPECT_FALSE(ClassRunOf("ab(?i)cd"));        // inline flags past the start
  // With a rare byte to search for, the space is fine.
  EXPECT_TRUE(ClassRunOf("\\+\\d{2} \\d{4} \\d{4}"));
}

TEST(ClassRun, RangesAreTheQualifyingRunsWidened) {
  auto spec = ClassRunOf(kIpv4);
  ASSERT_TRUE(spec);
  //                       0         1         2         3         4
  //                       01234567890123456789012345678901234567890123456789
  const std::string text = "v1.2.3 at 10.0.0.1; then 1.2.3, or 192.168.1.300x.";
  std::vector<ByteRange> ranges;
  ClassRunRanges(text, *spec, &ranges);
  // "1.2.3" (two dots) does not qualify; "10.0.0.1" (10..18) and "192.168.1.300" (35..48) do,
  // widened by 4 bytes on the left and 8 on the right (to the end of the text).
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0], (ByteRange{6, 26}));
  EXPECT_EQ(ranges[1], (ByteRange{31, 50}));
}

// The naive answer: every maximal run, checked and widened, merged.
std::vector<ByteRange> NaiveRanges(const std::string& text, const ClassRunSpec& spec) {
  std::vector<ByteRange> out;
  size_t k = 0;
  while (k < text.size()) {
    if (!spec.member[static_cast<unsigned char>(text[k])]) {
      ++k;
      continue;
    }
    size_t e = k;
    while (e < text.size() && spec.member[static_cast<unsigned char>(text[e])]) ++e;
    uint32_t digits = 0, letters = 0;
    bool need = true;
    for (size_t j = k; j < e; ++j) {
      digits += text[j] >= '0' && text[j] <= '9';
      letters += (text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z');
    }
    for (const auto& [c, n] : spec.need) {
      uint32_t count = 0;
      for (size_t j = k; j < e; ++j) count += static_cast<unsigned char>(text[j]) == c;
      need = need && count >= n;
    }
    if (e - k >= spec.min_len && digits >= spec.min_digits && letters >= spec.min_letters && need) {
      size_t from = k > spec.slack_left ? k - spec.slack_left : 0;
      while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
      AppendMerged(&out,
                   ByteRange{static_cast<uint32_t>(from),
                             static_cast<uint32_t>(std::min(text.size(), e + spec.slack_right))});
    }
    k = e;
  }
  return out;
}

// Random texts over an alphabet that makes runs of every length, at every offset (the probing
// and the memchr paths both), and every match of the pattern must lie inside a range.
TEST(ClassRun, ProbingFindsWhatTheNaiveWalkFindsAndRangesHoldEveryMatch) {
  const std::vector<std::string> patterns = {
      kEmail,
      kIpv4,
      kAwsSecret,
      "\\b[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\\b",
      "(?i)(?:\\b[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){2}|::[0-9a-f]{1,4})(?::{1,2}[0-9a-f]{1,4})*\\b",
      "\\+[1-9]\\d{0,2}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{1,4}){1,4}\\b",
      "(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{6}==)",
      "(?i)\\bsk[0-9a-f]{4}\\b"};
  const std::vector<std::string> pieces = {"a",          "B",           "k",
                                           "S",          "7",           "42",
                                           ".",          ":",           "::",
                                           "@",          "+",           "=",
                                           "/",          " ",           "-",
                                           "(",          ")",           "\xE2\x84\xAA",
                                           "\xC5\xBF",   "é",           "\n",
                                           "ab12CD34ef", "x@y.io",      "1.2.3.4",
                                           "SK",         "fe80",        "Zx9/Kq+7Lm2Nb4Vc6Xz8",
                                           "DEUTDEFF",   "BANKGB2L500", "aB3/x+",
                                           "=="};
  std::mt19937 rng(20261203);
  for (const std::string& p : patterns) {
    auto spec = ClassRunOf(p);
    ASSERT_TRUE(spec) << p;
    RE2 re(p);
    ASSERT_TRUE(re.ok()) << p;
    const std::string general = GeneralizeClasses(p);
    ASSERT_FALSE(general.empty()) << p;
    RE2 shape_re(general);
    ASSERT_TRUE(shape_re.ok()) << general;
    RE2::Options longest_options;
    longest_options.set_longest_match(true);
    RE2 longest(p, longest_options);
    size_t matched = 0;
    for (int t = 0; t < 600; ++t) {
      std::string text;
      const int n = 1 + static_cast<int>(rng() % 60);
      for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
      std::vector<ByteRange> ranges;
      ClassRunRanges(text, *spec, &ranges);
      ASSERT_EQ(ranges, NaiveRanges(text, *spec)) << p << " on '" << text << "'";
      // Every match, from every start, leftmost-first and longest, lies in one range.
      for (size_t s = 0; s <= text.size(); ++s) {
        for (const RE2* r : {&re, &longest}) {
          re2::StringPiece m;
          if (!r->Match(text, s, text.size(), RE2::ANCHOR_START, &m, 1)) continue;
          ++matched;
          const auto b = static_cast<uint32_t>(m.data() - text.data());
          const auto e = b + static_cast<uint32_t>(m.size());
          bool inside = false;
          for (const ByteRange& g : ranges) {
            if (g.begin > b || e > g.end) continue;
            inside = true;
            // The range's shape must hold a match of the generalised pattern.
            std::string shape;
            ClassShapeOf(text, g.begin, g.end, &shape);
            ASSERT_TRUE(RE2::PartialMatch(shape, shape_re))
                << p << ": the shape '" << shape << "' of a range of '" << text
                << "' holding a match does not match " << general;
          }
          ASSERT_TRUE(inside) << p << ": match [" << b << "," << e << ") of '" << text
                              << "' outside the ranges";
        }
      }
    }
    EXPECT_GT(matched, 10u) << p << ": the texts never matched; the test proves nothing";
  }
}

TEST(ClassRun, ShapesAndGeneralisedPatterns) {
  std::string shape;
  //                         0123456789
  const std::string text = "ab C9.x\xC3\xA9-";  // é is one character
  ClassShapeOf(text, 3, 6, &shape);             // "C9." and a character either side
  EXPECT_EQ(shape, " A5.a");
  ClassShapeOf(text, 0, text.size(), &shape);
  EXPECT_EQ(shape, "aa A5.a\x01-");
  EXPECT_EQ(GeneralizeClasses("\\b[CFGHJK][0-9CFGHJK]{8}\\b"), "\\b[A][5A]{8}\\b");
  EXPECT_EQ(GeneralizeClasses("(?i)sk(\\d+)"), "[\\x01Aa][\\x01Aa](?:[5]+)");
  // A negated class takes every shape but those of what it excludes, and \x01.
  EXPECT_EQ(
      GeneralizeClasses("(?:^|[^0-9])\\d{3}"),
      "(?:^|[\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x09\\x0a\\x0b\\x0c\\x0d\\x0e\\x0f"
      "\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f\\x20"
      "\\x21\\x22\\x23\\x24\\x25\\x26\\x27\\x28\\x29\\x2a\\x2b\\x2c\\x2d\\x2e\\x2f\\x3a\\x3b"
      "\\x3c\\x3d\\x3e\\x3f\\x40A\\x5b\\x5c\\x5d\\x5e\\x5f\\x60a\\x7b\\x7c\\x7d\\x7e\\x7f])[5]{3}");
  EXPECT_EQ(GeneralizeClasses("\\p{L}"), "");  // outside the subset
  // A ten-digit invoice number cannot be a passport: decided on the shape alone.
  RE2 passport(GeneralizeClasses(
      "\\b(?:[A-Z]{0,2}\\d{6,9}|\\d{2}[A-Z]{2}\\d{5}|[CFGHJK][0-9CFGHJKLMNPRTVWXYZ]{8})\\b"));
  ClassShapeOf("invoice 4829301756.", 8, 18, &shape);
  EXPECT_FALSE(RE2::PartialMatch(shape, passport)) << shape;
  ClassShapeOf("passport C01X00T47 ok", 9, 18, &shape);
  EXPECT_TRUE(RE2::PartialMatch(shape, passport)) << shape;
}

TEST(ClassRun, RequiredLiterals) {
  EXPECT_TRUE(HasRequiredLiteral("\\bnpm_[0-9A-Za-z]{36}\\b", 3));
  EXPECT_TRUE(HasRequiredLiteral("(?:AKIA|ASIA)[A-Z2-7]{16}", 3));
  EXPECT_FALSE(HasRequiredLiteral("\\bSK[0-9a-fA-F]{32}\\b", 3));  // "SK" is two characters
  EXPECT_FALSE(HasRequiredLiteral(kEmail, 3));
}

}  // namespace
}  // namespace bulwark
