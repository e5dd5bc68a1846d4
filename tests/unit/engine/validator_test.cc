#include "detect/validator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

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
  ValidatorParams p;
  p.mod11.weights = {10, 9, 8, 7, 6, 5, 4, 3, 2};
  auto nhs = Validator::Make("mod11", p);
  ASSERT_TRUE(nhs);
  EXPECT_TRUE(nhs->Valid("9434765919"));
}

}  // namespace
}  // namespace bulwark

namespace bulwark {
namespace {

// Vectors: published examples (CPF 529.982.247-25, CF RSSMRA85T10A562S, Steuer-IdNr
// 86095742719, DNI 12345678Z) and values computed by an independent Python implementation.
TEST(NationalIds, UsItin) {
  EXPECT_TRUE(UsItinValid("912-70-1234"));
  EXPECT_TRUE(UsItinValid("999 94 0001"));
  EXPECT_FALSE(UsItinValid("912-69-1234"));  // group 69 not issued
  EXPECT_FALSE(UsItinValid("812-70-1234"));  // must start with 9
  EXPECT_FALSE(UsItinValid("912-93-1234"));
}

TEST(NationalIds, FrNir) {
  EXPECT_TRUE(FrNirValid("1 85 05 78 006 084 91"));
  EXPECT_TRUE(FrNirValid("185052A00608435"));  // Corsica
  EXPECT_FALSE(FrNirValid("1 85 05 78 006 084 92"));
  EXPECT_FALSE(FrNirValid("5 85 05 78 006 084 91"));  // first digit
  EXPECT_FALSE(FrNirValid("185057800608491X"));
}

TEST(NationalIds, EsDni) {
  EXPECT_TRUE(EsDniValid("12345678Z"));
  EXPECT_TRUE(EsDniValid("12345678-z"));
  EXPECT_TRUE(EsDniValid("X1234567L"));
  EXPECT_TRUE(EsDniValid("Y7654321G"));
  EXPECT_FALSE(EsDniValid("12345678A"));
  EXPECT_FALSE(EsDniValid("W1234567L"));
}

TEST(NationalIds, ItCodiceFiscale) {
  EXPECT_TRUE(ItCodiceFiscaleValid("RSSMRA85T10A562S"));
  EXPECT_TRUE(ItCodiceFiscaleValid("rssmra85t10a562s"));
  EXPECT_FALSE(ItCodiceFiscaleValid("RSSMRA85T10A562T"));
  EXPECT_FALSE(ItCodiceFiscaleValid("RSSMRA85T10A562"));
}

TEST(NationalIds, DeTaxId) {
  EXPECT_TRUE(DeTaxIdValid("86095742719"));
  EXPECT_TRUE(DeTaxIdValid("12 345 678 911"));   // one digit (1) twice
  EXPECT_FALSE(DeTaxIdValid("65 635 198 438"));  // right check digit, three digits repeated
  EXPECT_FALSE(DeTaxIdValid("86095742718"));     // check digit
  EXPECT_FALSE(DeTaxIdValid("06095742719"));     // leading zero
  EXPECT_FALSE(DeTaxIdValid("12345678903"));     // no repeated digit
}

TEST(NationalIds, BrCpf) {
  EXPECT_TRUE(BrCpfValid("529.982.247-25"));
  EXPECT_TRUE(BrCpfValid("11144477735"));
  EXPECT_FALSE(BrCpfValid("529.982.247-26"));
  EXPECT_FALSE(BrCpfValid("111.111.111-11"));  // all equal
  EXPECT_FALSE(BrCpfValid("5299822472"));
}

}  // namespace
}  // namespace bulwark

namespace bulwark {
namespace {

// The JSON Schema editors use (policies/schema/policy.schema.json) lists the validators twice:
// the plain names and the map form's names. Both must be the engine's one table.
TEST(ValidatorTable, TheJsonSchemaListsExactlyTheEnginesValidators) {
  std::ifstream in(std::string(BULWARK_POLICY_DIR) + "/schema/policy.schema.json");
  ASSERT_TRUE(in);
  const nlohmann::json schema = nlohmann::json::parse(in);
  std::vector<std::vector<std::string>> enums;
  // Every "enum" under a "validator" property, wherever the schema nests it.
  std::function<void(const nlohmann::json&, bool)> walk = [&](const nlohmann::json& j,
                                                              bool in_validator) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (in_validator && it.key() == "enum") enums.push_back(it.value());
        walk(it.value(), in_validator || it.key() == "validator");
      }
    } else if (j.is_array()) {
      for (const auto& e : j) walk(e, in_validator);
    }
  };
  walk(schema, false);
  const std::vector<std::string> all(Validator::Names().begin(), Validator::Names().end());
  const std::vector<std::string> plain(Validator::NamesWithoutParams().begin(),
                                       Validator::NamesWithoutParams().end());
  std::vector<std::vector<std::string>> names;
  for (const auto& e : enums) {
    if (std::find(e.begin(), e.end(), "luhn") != e.end()) names.push_back(e);
  }
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], plain);
  EXPECT_EQ(names[1], all);
  for (std::string_view n : Validator::Names()) EXPECT_TRUE(Validator::Make(n)) << n;
  EXPECT_FALSE(Validator::Make("lunh"));
}

}  // namespace
}  // namespace bulwark
