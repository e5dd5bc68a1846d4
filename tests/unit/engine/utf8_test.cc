#include "util/utf8.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

TEST(Utf8, Validity) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("a\xFFz"));
}

TEST(Utf8, ReplaceKeepsOffsets) {
  const std::string in = "a\xFF\xC3\xA9z\xC3";
  const std::string out = ReplaceInvalidUtf8(in);
  EXPECT_EQ(out.size(), in.size());
  EXPECT_EQ(out, "a?\xC3\xA9z?");
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(Utf8, CountCodePoints) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC b";
  EXPECT_EQ(CountCodePoints(s, 0, s.size()), 5u);
  EXPECT_EQ(CountCodePoints(s, 1, 3), 1u);
}

TEST(Utf8, AtMostCodePointsAgreesWithCounting) {
  // ASCII, 2-, 3- and 4-byte sequences: the byte shortcut and the bounded count must give
  // exactly CountCodePoints(...) <= limit for every range and limit.
  const std::string s = "ab\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 z\xC3\xA9\xC3\xA9";
  for (size_t b = 0; b <= s.size(); ++b) {
    for (size_t e = b; e <= s.size(); ++e) {
      for (size_t limit = 0; limit <= 12; ++limit) {
        EXPECT_EQ(AtMostCodePoints(s, b, e, limit), CountCodePoints(s, b, e) <= limit)
            << b << ".." << e << " limit " << limit;
      }
    }
  }
  EXPECT_TRUE(AtMostCodePoints(s, 5, 2, 0));  // an empty or reversed range holds none
}

}  // namespace
}  // namespace bulwark
