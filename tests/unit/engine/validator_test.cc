#include "detect/validator.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

TEST(Iban, LengthPerCountry) {
  EXPECT_EQ(IbanLengthForCountry("DE"), 22);
  EXPECT_EQ(IbanLengthForCountry("NO"), 15);
  EXPECT_EQ(IbanLengthForCountry("MT"), 31);
  EXPECT_EQ(IbanLengthForCountry("US"), 0);
  EXPECT_EQ(IbanLengthForCountry("D"), 0);
}

TEST(Iban, ValidatesChecksumAndLength) {
  EXPECT_TRUE(IbanValid("DE89 3704 0044 0532 0130 00"));
  EXPECT_TRUE(IbanValid("GB82WEST12345698765432"));
  EXPECT_TRUE(IbanValid("NO9386011117947"));
  EXPECT_TRUE(IbanValid("fr1420041010050500013m02606"));   // case-insensitive
  EXPECT_FALSE(IbanValid("DE89 3704 0044 0532 0130 01"));  // checksum
  EXPECT_FALSE(IbanValid("DE89 3704 0044 0532 0130"));     // length for DE
  EXPECT_FALSE(IbanValid("US64SVBKUS6S3300958879"));       // no IBAN in the US
  EXPECT_FALSE(IbanValid("1234"));
}

TEST(AbaRouting, ChecksumAndPrefix) {
  EXPECT_TRUE(AbaRoutingValid("011000015"));  // Federal Reserve Bank of Boston
  EXPECT_TRUE(AbaRoutingValid("021000021"));  // JPMorgan Chase
  EXPECT_FALSE(AbaRoutingValid("021000022"));
  EXPECT_FALSE(AbaRoutingValid("0210000210"));
  // Checksum passes but prefix 40 is not assigned.
  EXPECT_FALSE(AbaRoutingValid("400000008"));
}

TEST(UsSsn, StructuralRules) {
  EXPECT_TRUE(UsSsnValid("536-22-8741"));
  EXPECT_TRUE(UsSsnValid("536228741"));
  EXPECT_FALSE(UsSsnValid("000-12-3456"));
  EXPECT_FALSE(UsSsnValid("666-12-3456"));
  EXPECT_FALSE(UsSsnValid("912-12-3456"));
  EXPECT_FALSE(UsSsnValid("536-00-8741"));
  EXPECT_FALSE(UsSsnValid("536-22-0000"));
  EXPECT_FALSE(UsSsnValid("078-05-1120"));
  EXPECT_FALSE(UsSsnValid("123-45-6789"));
  EXPECT_FALSE(UsSsnValid("53-622-874"));  // 8 digits
}

TEST(Validator, MakeByName) {
  for (std::string_view name : Validator::Names()) {
    EXPECT_TRUE(Validator::Make(name).has_value()) << name;
  }
  EXPECT_FALSE(Validator::Make("lunh").has_value());
  auto luhn = Validator::Make("luhn");
  ASSERT_TRUE(luhn);
  EXPECT_TRUE(luhn->Valid("4111 1111 1111 1111"));
  EXPECT_FALSE(luhn->Valid("4111 1111 1111 1112"));
  Mod11Params p;
  p.weights = {10, 9, 8, 7, 6, 5, 4, 3, 2};
  auto nhs = Validator::Make("mod11", p);
  ASSERT_TRUE(nhs);
  EXPECT_TRUE(nhs->Valid("9434765919"));
}

}  // namespace
}  // namespace bulwark
