// The German identifier checks (engine/src/detect/german_checks.h): the issuers' published
// examples pass, and each rule, broken once, fails.
#include "detect/german_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace bulwark {
namespace {

// How many of the ten digits at position `pos` of `value` pass `valid`.
template <typename F>
int PassingDigits(const std::string& value, size_t pos, F valid) {
  int n = 0;
  for (char d = '0'; d <= '9'; ++d) {
    std::string v = value;
    v[pos] = d;
    n += valid(v) ? 1 : 0;
  }
  return n;
}

TEST(GermanChecks, PensionInsuranceNumber) {
  EXPECT_TRUE(DeRvnrValid("15070649C103"));  // VKVV § 4's example
  EXPECT_TRUE(DeRvnrValid("15 070649 C 103"));
  EXPECT_TRUE(DeRvnrValid("65070803a019"));   // the initial typed in lower case
  EXPECT_TRUE(DeRvnrValid("38551285K051"));   // day 55: the 5th + 50
  EXPECT_FALSE(DeRvnrValid("15070649C100"));  // check digit
  EXPECT_FALSE(DeRvnrValid("15070649D103"));  // another initial: the letter is weighted too
  EXPECT_FALSE(DeRvnrValid("15070049C103"));  // month 00
  EXPECT_FALSE(DeRvnrValid("15071349C103"));  // month 13
  EXPECT_FALSE(DeRvnrValid("15420649C103"));  // day 42
  EXPECT_FALSE(DeRvnrValid("15850649C103"));  // day 85 (35 + 50)
  EXPECT_FALSE(DeRvnrValid("150706491103"));  // no initial
  EXPECT_FALSE(DeRvnrValid("15070649C10"));   // short
  EXPECT_EQ(PassingDigits("15070649C103", 11, DeRvnrValid), 1);
}

TEST(GermanChecks, HealthInsuranceNumber) {
  EXPECT_TRUE(DeKvnrValid("A000500015"));  // § 290 SGB V, Anlage 1's examples
  EXPECT_TRUE(DeKvnrValid("C000500021"));
  EXPECT_TRUE(DeKvnrValid("Z999999997"));  // letter 26: both of its digits count
  EXPECT_TRUE(DeKvnrValid("m123456785"));
  EXPECT_FALSE(DeKvnrValid("A000500010"));  // check digit
  EXPECT_FALSE(DeKvnrValid("B000500015"));  // the letter is weighted
  EXPECT_FALSE(DeKvnrValid("1123456780"));  // no letter
  EXPECT_FALSE(DeKvnrValid("A12345678"));   // short
  EXPECT_FALSE(DeKvnrValid("A1234567890"));
  EXPECT_EQ(PassingDigits("A000500015", 9, DeKvnrValid), 1);
}

TEST(GermanChecks, LifetimePhysicianNumber) {
  EXPECT_TRUE(DeLanrValid("123456601"));
  EXPECT_TRUE(DeLanrValid("999999901"));
  EXPECT_TRUE(DeLanrValid("100000601"));
  EXPECT_FALSE(DeLanrValid("123456901"));  // check digit
  EXPECT_FALSE(DeLanrValid("213456601"));  // two digits swapped (weights 4 and 9)
  EXPECT_FALSE(DeLanrValid("000000001"));  // no physician 000000
  EXPECT_FALSE(DeLanrValid("12345660"));
  EXPECT_EQ(PassingDigits("123456601", 6, DeLanrValid), 1);
  // The specialty code is not part of the check.
  EXPECT_EQ(PassingDigits("123456601", 8, DeLanrValid), 10);
}

TEST(GermanChecks, PracticeNumber) {
  EXPECT_TRUE(DeBsnrValid("021234568"));   // Hamburg
  EXPECT_TRUE(DeBsnrValid("711234567"));   // Bayern
  EXPECT_TRUE(DeBsnrValid("351234567"));   // hospitals
  EXPECT_FALSE(DeBsnrValid("991234567"));  // no region 99
  EXPECT_FALSE(DeBsnrValid("041234567"));  // nor 04
  EXPECT_FALSE(DeBsnrValid("111111111"));  // one digit repeated (11 is no region either)
  EXPECT_FALSE(DeBsnrValid("0212345689"));
}

TEST(GermanChecks, IdentityCard) {
  EXPECT_TRUE(DeIdCardValid("L01X00T47"));   // the specimen's number (the policy allows it)
  EXPECT_TRUE(DeIdCardValid("L01X00T471"));  // with its ICAO check digit
  EXPECT_TRUE(DeIdCardValid("t22000129"));
  EXPECT_FALSE(DeIdCardValid("L01X00T472"));  // check digit
  EXPECT_FALSE(DeIdCardValid("C01X00T47"));   // C: a passport number
  EXPECT_FALSE(DeIdCardValid("L01A00T47"));   // A is not in the alphabet
  EXPECT_FALSE(DeIdCardValid("LXXT0XT47"));   // 3 digits
  EXPECT_FALSE(DeIdCardValid("L01X00T4"));    // 8 characters
  EXPECT_FALSE(DeIdCardValid("L01X00T47X"));  // a letter as the check digit
  EXPECT_EQ(PassingDigits("L01X00T471", 9, DeIdCardValid), 1);
}

TEST(GermanChecks, TaxNumber) {
  EXPECT_TRUE(DeSteuernummerValid("181/815/08155"));   // FFF/BBB/UUUUP
  EXPECT_TRUE(DeSteuernummerValid("21/815/08150"));    // FF/BBB/UUUUP
  EXPECT_TRUE(DeSteuernummerValid("133/8150/8159"));   // FFF/BBBB/UUUP (NRW)
  EXPECT_TRUE(DeSteuernummerValid("4151081508156"));   // federal form, Thüringen (41)
  EXPECT_TRUE(DeSteuernummerValid("9181081508155"));   // federal form, Bayern (9)
  EXPECT_FALSE(DeSteuernummerValid("12/345/6789"));    // 2/3/4
  EXPECT_FALSE(DeSteuernummerValid("12/3456/7890"));   // 2/4/4
  EXPECT_FALSE(DeSteuernummerValid("181/815"));        // two groups
  EXPECT_FALSE(DeSteuernummerValid("4151181508156"));  // the 5th digit is not 0
  EXPECT_FALSE(DeSteuernummerValid("1781508150001"));  // 17: no Land
  EXPECT_FALSE(DeSteuernummerValid("415108150815"));   // 12 digits
}

}  // namespace
}  // namespace bulwark
