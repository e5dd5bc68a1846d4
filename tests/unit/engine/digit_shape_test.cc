#include "detect/digit_shape.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>

namespace bulwark {
namespace {

TEST(DigitShape, AcceptsDigitPatternsWithSingleSeparators) {
  EXPECT_EQ(DigitShapeMinDigits("\\b\\d{3}[- ]?\\d{2}[- ]?\\d{4}\\b"), 9);
  EXPECT_EQ(DigitShapeMinDigits("\\b\\d{4}\\.?\\d{2}\\.?\\d{3}\\b|\\b\\d{9}\\b"), 9);
  EXPECT_EQ(DigitShapeMinDigits("\\b(?:4\\d{3}|5[1-5]\\d{2})(?:[ -]?\\d{4}){3}\\b"), 16);
  EXPECT_EQ(DigitShapeMinDigits("\\b9\\d{2}[- ]?\\d{2}[- ]?\\d{4}\\b"), 9);
}

TEST(DigitShape, RejectsWhatCouldSpanSeveralRuns) {
  EXPECT_FALSE(DigitShapeMinDigits("\\d{3}[ -]?[ -]?\\d{3}"));     // two separators can touch
  EXPECT_FALSE(DigitShapeMinDigits("(?:\\d{3}[ -]?){3}[ -]\\d"));  // repeat end + separator
  EXPECT_FALSE(DigitShapeMinDigits("\\d+"));                       // unbounded
  EXPECT_FALSE(DigitShapeMinDigits("[A-Z]\\d{8}"));                // letters
  EXPECT_FALSE(DigitShapeMinDigits("\\d{3}\\s\\d{3}"));            // \s is more than one separator
  EXPECT_FALSE(DigitShapeMinDigits("\\b"));                        // no digit at all
}

TEST(DigitShape, AcceptsANotAfterPrefixBeforeADigit) {
  // "Not right after '#' or inside a word": one character before the run, then digits.
  EXPECT_EQ(DigitShapeMinDigits("(?:^|[^#\\w])(\\d{3}[ -]?\\d{3}[ -]?\\d{4})\\b"), 10);
  EXPECT_EQ(DigitShapeMinDigits("(?:^|[^#\\w])(\\d{4}\\.?\\d{2}\\.?\\d{3}|\\d{9})\\b"), 9);
  // A separator or nothing after the prefix would start the match two characters early.
  EXPECT_FALSE(DigitShapeMinDigits("(?:^|[^#\\w])([ -]?\\d{9})\\b"));
  EXPECT_FALSE(DigitShapeMinDigits("(?:^|[^#\\w])(\\d{3})?"));
  // Without \\w the class can match a digit or a letter.
  EXPECT_FALSE(DigitShapeMinDigits("(?:^|[^#])(\\d{9})\\b"));
  // Only as the pattern's first element, and not with more alternatives ("ssn#").
  EXPECT_FALSE(DigitShapeMinDigits("\\d(?:^|[^#\\w])(\\d{9})\\b"));
  EXPECT_FALSE(DigitShapeMinDigits("(?:^|[^#\\w]|(?i:ssn?)#)(\\d{9})\\b"));
}

TEST(DigitShape, LongestDigitRun) {
  EXPECT_EQ(LongestDigitRun("no digits"), 0);
  EXPECT_EQ(LongestDigitRun("4111 1111-1111.1111 x"), 16);
  EXPECT_EQ(LongestDigitRun("12  34"), 2);  // two separators end the run
  EXPECT_EQ(LongestDigitRun("1 2 3 4 5, 6 7"), 5);
  EXPECT_EQ(LongestDigitRun("-123-"), 3);
}

TEST(DigitShape, DigitRunsAndTheirRanges) {
  //                       0         1         2
  //                       0123456789012345678901234
  const std::string text = "12 4111 1111-1111.1111 x9";
  std::vector<DigitRun> runs;
  FindDigitRuns(text, &runs);
  ASSERT_EQ(runs.size(), 2u);  // "12 4111 ...1111" is one run; "9"
  EXPECT_EQ(runs[0].begin, 0u);
  EXPECT_EQ(runs[0].end, 22u);
  EXPECT_EQ(runs[0].digits, 18);
  EXPECT_EQ(runs[1].begin, 24u);
  EXPECT_EQ(runs[1].end, 25u);
  int longest = 0;
  for (const DigitRun& r : runs) longest = std::max(longest, r.digits);
  EXPECT_EQ(longest, LongestDigitRun(text));  // the same walk

  // Widened by one byte either side, clamped to the text.
  EXPECT_EQ(DigitRunRange(runs[0], static_cast<uint32_t>(text.size())), (ByteRange{0, 23}));
  EXPECT_EQ(DigitRunRange(runs[1], static_cast<uint32_t>(text.size())), (ByteRange{23, 25}));
}

// FindDigitRuns skips 16 bytes at a time outside runs: runs at every offset of the blocks,
// against the byte-at-a-time LongestDigitRun and a count of the digits.
TEST(DigitShape, DigitRunsAtEveryBlockOffset) {
  std::mt19937 rng(16);
  const std::string pieces[] = {"a", " ", ".", "-", "7", "42", "é", "xxxxxxxxxxxxxxxxxxx"};
  for (int t = 0; t < 3000; ++t) {
    std::string text;
    const int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) text += pieces[rng() % 8];
    std::vector<DigitRun> runs;
    FindDigitRuns(text, &runs);
    int digits = 0;
    int longest = 0;
    for (const DigitRun& r : runs) {
      digits += r.digits;
      longest = std::max(longest, r.digits);
      ASSERT_TRUE(std::isdigit(static_cast<unsigned char>(text[r.begin]))) << text;
      ASSERT_TRUE(std::isdigit(static_cast<unsigned char>(text[r.end - 1]))) << text;
    }
    EXPECT_EQ(digits,
              std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        << text;
    EXPECT_EQ(longest, LongestDigitRun(text)) << text;
    for (size_t k = 0; k + 16 <= text.size(); ++k) {
      size_t first = 16;
      for (size_t j = 0; j < 16 && first == 16; ++j) {
        if (text[k + j] >= '0' && text[k + j] <= '9') first = j;
      }
      ASSERT_EQ(FirstDigitIn16(text, k), first) << text << " at " << k;
    }
  }
}

TEST(DigitShape, GeneralisedPatternsAndRunShapes) {
  EXPECT_EQ(GeneralizeDigits("\\b9\\d{2}[- ]?\\d{2}[- ]?\\d{4}\\b"),
            "\\b\\d\\d{2}[- ]?\\d{2}[- ]?\\d{4}\\b");
  EXPECT_EQ(GeneralizeDigits("(?:4\\d{3}|5[1-5]\\d{2})\\.?[0-9]{4}"),
            "(?:\\d\\d{3}|\\d\\d\\d{2})\\.?\\d{4}");
  const std::string text = "INV4829301756, or #1029-38 é";
  std::vector<DigitRun> runs;
  FindDigitRuns(text, &runs);
  ASSERT_EQ(runs.size(), 2u);
  std::string shape;
  ShapeOf(text, runs[0], &shape);  // the two bytes before and after are kept as classes
  EXPECT_EQ(shape, "aa5555555555, ");
  ShapeOf(text, runs[1], &shape);
  EXPECT_EQ(shape, " ,5555-55 ,");  // "é" is two non-word bytes; only one is in reach
  // Another number of the same layout has the same shape.
  std::vector<DigitRun> other;
  FindDigitRuns("INV1111111111, ", &other);
  std::string other_shape;
  ShapeOf("INV1111111111, ", other[0], &other_shape);
  EXPECT_EQ(other_shape, "aa5555555555, ");
}

TEST(DigitWindow, RangesHoldEveryWindow) {
  const std::vector<uint32_t> positions = {0, 1, 10, 11, 12, 13, 14, 15, 16, 90};
  std::vector<ByteRange> ranges;
  // Three digits within 4 bytes: only among 10..16; each range reaches 4 bytes from both ends.
  DigitWindowRanges(positions, {3, 4}, 4, 100, &ranges);
  EXPECT_EQ(ranges, (std::vector<ByteRange>{{9, 18}}));
  ranges.clear();
  DigitWindowRanges(positions, {3, 4}, 12, 15, &ranges);  // clamped to the text's 15 bytes
  EXPECT_EQ(ranges, (std::vector<ByteRange>{{0, 15}}));
}

TEST(DigitWindow, TokensMixingLettersAndDigits) {
  auto cf = DigitWindowOf("(?i)\\b[A-Z]{6}\\d{2}[A-EHLMPR-T]\\d{2}[A-Z]\\d{3}[A-Z]\\b");
  ASSERT_TRUE(cf);
  EXPECT_EQ(cf->min_digits, 7);
  EXPECT_EQ(cf->max_len, 16);
  EXPECT_FALSE(DigitWindowOf("\\b[A-Z]{2}\\d{2}[A-Z0-9]{11,30}\\b"));  // only 2 digits: too weak
  EXPECT_FALSE(DigitWindowOf("[^a]\\d{8}"));                           // negated class
  EXPECT_FALSE(DigitWindowOf("x.\\d{8}"));                             // any character
  const std::vector<uint32_t> positions = {0, 1, 10, 11, 12, 13, 14, 15, 16};
  EXPECT_TRUE(HasDigitWindow(positions, {7, 7}));
  EXPECT_FALSE(HasDigitWindow(positions, {7, 6}));
  EXPECT_FALSE(HasDigitWindow(positions, {10, 100}));
}

// The longest run of adjacent digits a match can hold, over-approximated from the pattern.
TEST(DigitWindow, LongestDigitRunOfAMatch) {
  auto run = [](const char* pattern) {
    auto w = DigitWindowOf(pattern);
    EXPECT_TRUE(w) << pattern;
    return w ? w->max_run : -1;
  };
  EXPECT_EQ(run("(?i)\\b[A-Z]{6}\\d{2}[A-EHLMPR-T]\\d{2}[A-Z]\\d{3}[A-Z]\\b"), 3);
  // US MBI: a class holding 0-9 next to a digit makes a run of two, no more.
  EXPECT_EQ(run("\\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\\d-?[AC-HJKMNP-RT-Y]"
                "[AC-HJKMNP-RT-Y0-9]\\d-?[AC-HJKMNP-RT-Y]{2}\\d{2}\\b"),
            2);
  EXPECT_EQ(run("\\d{6}/?\\d{4}"), 10);              // the optional separator joins the runs
  EXPECT_EQ(run("[A-Z]\\d{2}[A-Z]{0,3}\\d{4}"), 6);  // zero letters join them too
  EXPECT_EQ(run("[A-Z9]{4}\\d{6}[A-Z]"), 10);        // a class holding one digit counts
  EXPECT_EQ(run("\\w{2}\\d{5}[A-Z]{2}"), 7);         // \\w can be a digit
  EXPECT_EQ(run("(?:\\d{2}|[A-Z]{2})\\d{3}[A-Z]\\d{3}"), 5);
  EXPECT_EQ(run("[!-~]\\d{5}"), 6);  // a range over the digits holds them
}

// Windows of min_digits adjacent digits open no range when no match holds such a run; a
// window across two runs still does.
TEST(DigitWindow, AdjacentDigitsOpenNoRangeWhenMatchesHoldShorterRuns) {
  // "1234567890 ab 12x34" : digits at 0-9, then 14, 15, 17, 18.
  const std::vector<uint32_t> positions = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 17, 18};
  std::vector<ByteRange> ranges;
  DigitWindowRanges(positions, {4, 6, 2}, 6, 30, &ranges);  // runs of at most 2
  EXPECT_EQ(ranges, (std::vector<ByteRange>{{13, 20}}));    // only the 12x34 window
  ranges.clear();
  DigitWindowRanges(positions, {4, 6, 4}, 6, 30, &ranges);  // runs of 4: every window
  EXPECT_EQ(ranges, (std::vector<ByteRange>{{0, 12}, {13, 20}}));
}

}  // namespace
}  // namespace bulwark
