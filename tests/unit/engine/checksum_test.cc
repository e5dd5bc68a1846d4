#include "detect/checksum.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

TEST(Luhn, AcceptsKnownValidNumbers) {
  EXPECT_TRUE(LuhnValid("4111111111111111"));
  EXPECT_TRUE(LuhnValid("4111 1111 1111 1111"));
  EXPECT_TRUE(LuhnValid("5555-5555-5555-4444"));
  EXPECT_TRUE(LuhnValid("378282246310005"));
  EXPECT_TRUE(LuhnValid("046 454 286"));  // Canadian SIN example
}

TEST(Luhn, RejectsSingleDigitChangesAndTransposition) {
  EXPECT_FALSE(LuhnValid("4111111111111112"));
  EXPECT_FALSE(LuhnValid("4111111111111121"));
  EXPECT_FALSE(LuhnValid("378282246310006"));
  EXPECT_FALSE(LuhnValid("0"));
  EXPECT_FALSE(LuhnValid(""));
}

TEST(Luhn, EveryCheckDigitButOneFails) {
  // For a fixed payload exactly one of the ten check digits passes.
  int passing = 0;
  for (char d = '0'; d <= '9'; ++d) passing += LuhnValid(std::string("401288888888188") + d);
  EXPECT_EQ(passing, 1);
}

TEST(PaymentCard, WrittenWithSeparatorsInAPrintedLayout) {
  EXPECT_TRUE(PaymentCardValid("4012888888881881"));
  EXPECT_TRUE(PaymentCardValid("4012 8888 8888 1881"));
  EXPECT_TRUE(PaymentCardValid("4012-8888-8888-1881"));
  EXPECT_TRUE(PaymentCardValid("3782 822463 10005"));        // Amex 4-6-5
  EXPECT_TRUE(PaymentCardValid("3056 930902 5904"));         // Diners 4-6-4
  EXPECT_TRUE(PaymentCardValid("1199 35181 909370"));        // UATP 4-5-6
  EXPECT_TRUE(PaymentCardValid("6761 8657 9754 3231 944"));  // 19 digits
  // The same Luhn-valid digits in groups no issuer prints.
  EXPECT_FALSE(PaymentCardValid("40128888-8888-1881"));  // a UUID's 8-4-4
  EXPECT_FALSE(PaymentCardValid("4012 888888881881"));
  EXPECT_FALSE(PaymentCardValid("401 2888 8888 81881"));
  EXPECT_FALSE(PaymentCardValid("3782 8224 6310 005"));  // Amex in fours
  EXPECT_FALSE(PaymentCardValid("6761 8657 9754 3231 9 4 4"));
  EXPECT_FALSE(PaymentCardValid("4012 8888 8888 1882"));  // Luhn still decides
}

TEST(Verhoeff, KnownVectors) {
  EXPECT_TRUE(VerhoeffValid("2363"));
  EXPECT_FALSE(VerhoeffValid("2364"));
  EXPECT_TRUE(VerhoeffValid("1428570"));         // 142857 + check 0
  EXPECT_TRUE(VerhoeffValid("2345 6789 0124"));  // Aadhaar-shaped, valid check digit
  EXPECT_FALSE(VerhoeffValid("2345 6789 0123"));
  EXPECT_FALSE(VerhoeffValid("3245 6789 0124"));  // adjacent transposition is caught
}

TEST(Mod97, IbanExamples) {
  EXPECT_TRUE(Mod97Valid("GB82WEST12345698765432"));
  EXPECT_TRUE(Mod97Valid("DE89 3704 0044 0532 0130 00"));
  EXPECT_FALSE(Mod97Valid("GB82WEST12345698765433"));
  EXPECT_FALSE(Mod97Valid("GB82-WEST"));
  EXPECT_FALSE(Mod97Valid("GB8"));
}

TEST(Mod11, NhsNumberComplementMode) {
  Mod11Params nhs;
  nhs.weights = {10, 9, 8, 7, 6, 5, 4, 3, 2};
  nhs.mode = Mod11Params::Mode::kComplement;
  EXPECT_TRUE(Mod11Valid("943 476 5919", nhs));
  EXPECT_FALSE(Mod11Valid("943 476 5918", nhs));
  EXPECT_FALSE(Mod11Valid("943 476 591", nhs));  // too short
}

TEST(Mod11, DutchBsnZeroSumMode) {
  Mod11Params bsn;
  bsn.weights = {9, 8, 7, 6, 5, 4, 3, 2, -1};
  bsn.mode = Mod11Params::Mode::kZeroSum;
  EXPECT_TRUE(Mod11Valid("111222333", bsn));
  EXPECT_FALSE(Mod11Valid("111222334", bsn));
}

TEST(Mod11, IsbnTenWithX) {
  Mod11Params isbn;
  isbn.weights = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  isbn.mode = Mod11Params::Mode::kRemainder;
  isbn.ten_is_x = true;
  EXPECT_TRUE(Mod11Valid("0-306-40615-2", isbn));
  EXPECT_TRUE(Mod11Valid("0-8044-2957-X", isbn));
  EXPECT_FALSE(Mod11Valid("0-8044-2957-9", isbn));
  isbn.ten_is_x = false;
  EXPECT_FALSE(Mod11Valid("0-8044-2957-X", isbn));
}

// Slovenian EMŠO (JMBG): a check of 10 is written 0. 0101006500006 is python-stdnum's example;
// 1112022501620 has a weighted sum = 1 (mod 11), so its check computes to 10.
TEST(Mod11, EmsoTenWrittenZero) {
  Mod11Params emso;
  emso.weights = {7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  emso.mode = Mod11Params::Mode::kComplement;
  EXPECT_TRUE(Mod11Valid("0101006500006", emso));
  EXPECT_FALSE(Mod11Valid("0101006500007", emso));
  EXPECT_FALSE(Mod11Valid("1112022501620", emso));  // 10 is invalid unless written 0 is allowed
  emso.ten_is_zero = true;
  EXPECT_TRUE(Mod11Valid("1112022501620", emso));
  EXPECT_FALSE(Mod11Valid("1112022501621", emso));
  EXPECT_TRUE(Mod11Valid("0101006500006", emso));
}

}  // namespace
}  // namespace bulwark
