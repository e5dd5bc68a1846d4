#include "detect/vat_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace bulwark {
namespace {

// The published examples of each member state's number (python-stdnum's documentation, which
// quotes the tax authorities' own), prefix added where the example had none. The random
// numbers of every scheme are compared with python-stdnum by
// tests/integration/national_ids_test.py.
TEST(VatChecks, EveryMemberStatesExample) {
  for (const char* vat :
       {"ATU13585627",    "BE0428759497",   "BG175074752",    "CY10259033P",   "CZ25123891",
        "CZ7103192745",   "CZ640903926",    "DE136695976",    "DK13585628",    "EE100594102",
        "EL094259216",    "ESB64717838",    "FI20774740",     "FR23334175221", "HR33392005961",
        "HU12892312",     "IE6433435F",     "IE6433435OA",    "IE8D79739I",    "IT00743110157",
        "LT119511515",    "LT100001919017", "LT100004801610", "LU15027442",    "LV40003521600",
        "MT11679112",     "NL004495445B01", "PL8567346215",   "PT501964843",   "RO18547290",
        "SE123456789701", "SI50223054",     "SK2022749619"}) {
    EXPECT_TRUE(EuVatValid(vat)) << vat;
  }
}

TEST(VatChecks, SeparatorsAndCase) {
  EXPECT_TRUE(EuVatValid("BE 0428.759.497"));
  EXPECT_TRUE(EuVatValid("RO 185 472 90"));
  EXPECT_TRUE(EuVatValid("nl004495445b01"));
  EXPECT_TRUE(EuVatValid("FR 23 334175221"));
}

TEST(VatChecks, WrongCheckOrShape) {
  for (const char* vat :
       {"ATU13585626",    "BE0431150351",   "CZ25123890",    "DE136695978",  "DK13585627",
        "EL123456781",    "FR84323140391",  "IE6433435E",    "IE8?79739J",   "LT100001919018",
        "NL123456789B90", "SE123456789702", "SI50223055",    "SK2022749618", "PL8567346216",
        "HU12892313",     "FI20774741",     "MT11679113",    "LU15027443",   "EE100594103",
        "CY10259033Q",    "CY12259033P",    "IT00743110158", "ESB64717839",  "PT501964844",
        "HR33392005962",  "BG175074753",    "RO18547291",    "LV40003521601"}) {
    EXPECT_FALSE(EuVatValid(vat)) << vat;
  }
  EXPECT_FALSE(EuVatValid("GB123456789"));  // no longer a member state's prefix
  EXPECT_FALSE(EuVatValid("XX123456789"));
  EXPECT_FALSE(EuVatValid("DE"));
  EXPECT_FALSE(EuVatValid("DE13669597"));     // eight digits
  EXPECT_FALSE(EuVatValid("ITX0743110157"));  // a letter in the number
}

// A VAT number's body is the national tax number in Greece, Cyprus and Slovenia.
TEST(VatChecks, NationalTaxNumbersWithoutThePrefix) {
  EXPECT_TRUE(GrAfmValid("094259216"));
  EXPECT_FALSE(GrAfmValid("094259217"));
  EXPECT_FALSE(GrAfmValid("EL094259216"));  // the prefix is the VAT number's, not the ΑΦΜ's
  EXPECT_TRUE(CyTinValid("10259033P"));
  EXPECT_FALSE(CyTinValid("10259033Q"));
  EXPECT_FALSE(CyTinValid("12259033P"));  // no code starts with 12
  EXPECT_TRUE(SiTaxNumberValid("50223054"));
  EXPECT_FALSE(SiTaxNumberValid("50223055"));
  EXPECT_FALSE(SiTaxNumberValid("05022305"));  // not starting 0
}

}  // namespace
}  // namespace bulwark
