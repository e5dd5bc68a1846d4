#include "bulwark/parse_number.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace bulwark {
namespace {

TEST(ParseInteger, AcceptsOnlyAWholeNumberInRange) {
  EXPECT_EQ(ParseInteger<int>("42"), 42);
  EXPECT_EQ(ParseInteger<int>("-7"), -7);
  EXPECT_EQ(ParseInteger<int>("0", 0, 10), 0);
  EXPECT_EQ(ParseInteger<int>("10", 0, 10), 10);
  EXPECT_FALSE(ParseInteger<int>("11", 0, 10));
  EXPECT_FALSE(ParseInteger<int>("-1", 0, 10));
  for (const char* bad : {"", " 1", "1 ", "+1", "1x", "0x10", "1.5", "--1", "٣"}) {
    EXPECT_FALSE(ParseInteger<int>(bad)) << "'" << bad << "'";
  }
}

TEST(ParseInteger, UnsignedNeverWrapsANegative) {
  // atoi("-1") cast to unsigned was 4,294,967,295 threads.
  EXPECT_FALSE(ParseInteger<unsigned>("-1"));
  EXPECT_FALSE(ParseInteger<uint64_t>("-0"));
  EXPECT_EQ(ParseInteger<unsigned>("4294967295"), 4294967295u);
  EXPECT_FALSE(ParseInteger<unsigned>("4294967296"));  // out of the type's range
  EXPECT_FALSE(ParseInteger<int64_t>("9223372036854775808"));
}

TEST(ParseDecimal, FiniteNumbersInRange) {
  EXPECT_EQ(ParseDecimal("0.5"), 0.5);
  EXPECT_EQ(ParseDecimal("-2e3"), -2000.0);
  EXPECT_EQ(ParseDecimal("3", 0, 3), 3.0);
  EXPECT_FALSE(ParseDecimal("3.01", 0, 3));
  for (const char* bad : {"", "nan", "inf", "1,5", " 1", "1 ", "0x1p3x"}) {
    EXPECT_FALSE(ParseDecimal(bad)) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace bulwark
