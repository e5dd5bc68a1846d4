#include "detect/eu_id_checks.h"

#include <gtest/gtest.h>

#include "detect/vat_checks.h"

namespace bulwark {
namespace {

TEST(EuIdChecks, FrenchSpiIsItsFirstTenDigitsMod511) {
  EXPECT_TRUE(FrSpiValid("30 23 217 600 053"));  // the European Commission's TIN example
  EXPECT_TRUE(FrSpiValid("3023217600053"));
  EXPECT_FALSE(FrSpiValid("30 23 217 600 054"));  // check digits changed
  EXPECT_FALSE(FrSpiValid("30 23 217 601 053"));  // a body digit changed
  // First digit 4-9 is not issued, whatever the check: 4023217600 mod 511 = 136.
  EXPECT_FALSE(FrSpiValid("4023217600136"));
  EXPECT_FALSE(FrSpiValid("302321760005"));  // 12 digits
  // Check digits below 100 are written with their leading zeros: 0000000511 mod 511 = 0.
  EXPECT_TRUE(FrSpiValid("0000000511000"));
}

TEST(EuIdChecks, AustrianSteuernummer) {
  EXPECT_TRUE(AtTaxNumberValid("59-119/9013"));  // python-stdnum's example (St. Veit Wolfsberg)
  EXPECT_TRUE(AtTaxNumberValid("591199013"));
  EXPECT_FALSE(AtTaxNumberValid("591199014"));  // check digit changed
  EXPECT_FALSE(AtTaxNumberValid("591199103"));  // two digits swapped
  // Office 58 does not exist: its check digit (5) holds, the office does not.
  EXPECT_FALSE(AtTaxNumberValid("581199015"));
  EXPECT_FALSE(AtTaxNumberValid("5911990130"));
}

TEST(EuIdChecks, SpanishSocialSecurityNumber) {
  EXPECT_TRUE(EsSocialSecurityValid("28/12345678/40"));  // 2812345678 mod 97 = 40
  EXPECT_TRUE(EsSocialSecurityValid("281234567840"));
  EXPECT_FALSE(EsSocialSecurityValid("28/12345678/41"));
  // A 7-digit number: 28 * 10^7 + 1234567 mod 97 = 42, written in 11 or 12 digits.
  EXPECT_TRUE(EsSocialSecurityValid("28 1234567 42"));
  EXPECT_TRUE(EsSocialSecurityValid("28 01234567 42"));
  // ... or with the check of the 10 leading digits read as one number (= 85).
  EXPECT_TRUE(EsSocialSecurityValid("28 01234567 85"));
  EXPECT_FALSE(EsSocialSecurityValid("28 01234567 43"));
  // Province 00 and 54-65 are not issued (the check digits hold).
  EXPECT_FALSE(EsSocialSecurityValid("001234567803"));
  EXPECT_FALSE(EsSocialSecurityValid("601234567813"));
}

TEST(EuIdChecks, SpanishNif) {
  EXPECT_TRUE(EsNifValid("B64717838"));  // python-stdnum's examples
  EXPECT_TRUE(EsNifValid("J99216582"));
  EXPECT_TRUE(EsNifValid("M-1234567-L"));
  EXPECT_TRUE(EsNifValid("X-5253868-R"));
  EXPECT_FALSE(EsNifValid("B64717839"));
  EXPECT_FALSE(EsNifValid("J99216583"));
  EXPECT_FALSE(EsNifValid("O1234567L"));  // O is no entity type
}

TEST(EuIdChecks, FrenchIdentityCardByStructure) {
  EXPECT_TRUE(FrCniValid("880692310285"));    // issued June 1988, department 92
  EXPECT_TRUE(FrCniValid("0312 2A0 12345"));  // Corse-du-Sud
  EXPECT_TRUE(FrCniValid("X4RTBPFW4"));       // the card issued since 2021
  EXPECT_FALSE(FrCniValid("881392310285"));   // month 13
  EXPECT_FALSE(FrCniValid("880600310285"));   // department 00
  EXPECT_FALSE(FrCniValid("8806923102AB"));   // letters in the serial
  EXPECT_FALSE(FrCniValid("DOCUMENTS"));      // nine letters, no digit
  EXPECT_FALSE(FrCniValid("123456789"));      // nine digits, no letter
}

}  // namespace
}  // namespace bulwark
