#include "detect/masking.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

TEST(Masking, CardKeepsFirstAndLastFour) {
  EXPECT_EQ(MaskValue("4111 1111 1111 1111"), "4111 **** **** 1111");
  EXPECT_EQ(MaskValue("4111111111111111"), "4111********1111");
}

TEST(Masking, SecretsLoseTheirShape) {
  EXPECT_EQ(MaskValue("Tr0ub4dor&3x", 0, 0), "*********&**");
  EXPECT_EQ(MaskValue("Tr0ub4dor&3x", 0, 0, false), "************");
  EXPECT_EQ(MaskValue("sk_live_abcdefgh", 3, 0, false), "sk_*************");
}

TEST(Masking, MediumValuesKeepLastFour) { EXPECT_EQ(MaskValue("536-22-8741"), "***-**-8741"); }

TEST(Masking, ShortValuesRevealLittle) {
  EXPECT_EQ(MaskValue("secret"), "*****t");  // 6 chars: keep 6/4 = 1
  EXPECT_EQ(MaskValue("abc"), "***");
}

TEST(Masking, NeverRevealsMoreThanHalf) {
  EXPECT_EQ(MaskValue("abcdefgh", 4, 4), "ab****gh");
  EXPECT_EQ(MaskValue("AKIA2E3MZQ7HT5LRXV4N", 4, 0), "AKIA****************");
}

TEST(Masking, NonAsciiIsMaskedPerCodePoint) {
  // "Müller-Lüdenscheidt" has 18 maskable characters (ü counts once): keep 4 + 4.
  EXPECT_EQ(MaskValue("Müller-Lüdenscheidt"), "Müll**-********eidt");
}

TEST(Masking, OutputNeverContainsTheMaskedMiddle) {
  const std::string v = "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";
  const std::string m = MaskValue(v);
  EXPECT_EQ(m.size(), v.size());
  EXPECT_EQ(m.find("Kq9LmN4v"), std::string::npos);
}

}  // namespace
}  // namespace bulwark
