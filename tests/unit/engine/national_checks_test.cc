// Published examples of each scheme in detect/national_checks.h: python-stdnum's documented
// valid and invalid values (its docstrings), the issuers' own examples where they publish one
// (CMS for the NPI, ATO for the ABN). tests/integration/national_ids_test.py compares the
// same rules with python-stdnum on thousands of random numbers.
#include "detect/national_checks.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

TEST(NationalChecks, Sweden) {
  EXPECT_TRUE(SePersonnummerValid("880320-0016"));
  EXPECT_TRUE(SePersonnummerValid("19880320-0016"));  // with the century
  EXPECT_TRUE(SePersonnummerValid("8803200016"));
  EXPECT_FALSE(SePersonnummerValid("880320-0018"));  // Luhn
  EXPECT_FALSE(SePersonnummerValid("881320-0016"));  // month 13
}

TEST(NationalChecks, Norway) {
  EXPECT_TRUE(NoFodselsnummerValid("151086 95088"));
  EXPECT_FALSE(NoFodselsnummerValid("15108695077"));  // check digits
  EXPECT_FALSE(NoFodselsnummerValid("1510869508"));   // length
}

TEST(NationalChecks, Finland) {
  EXPECT_TRUE(FiHetuValid("131052-308T"));
  EXPECT_TRUE(FiHetuValid("131052-308t"));
  EXPECT_FALSE(FiHetuValid("131052-308U"));  // check character
  EXPECT_FALSE(FiHetuValid("310252-308Y"));  // 31 February
  EXPECT_FALSE(FiHetuValid("131052Z308T"));  // no such century sign
  EXPECT_FALSE(FiHetuValid("131052-001B"));  // serial below 002
  // Century signs of the 2023 reform (Y-U for the 1900s, B-F for the 2000s) and temporary codes
  // (serial 900-999), as in Presidio's recognizer tests.
  EXPECT_TRUE(FiHetuValid("010594Y9032"));
  EXPECT_TRUE(FiHetuValid("020594X903P"));
  EXPECT_TRUE(FiHetuValid("010516B903X"));
  EXPECT_FALSE(FiHetuValid("010594Y9033"));  // check character
}

TEST(NationalChecks, DenmarkDateOnly) {
  EXPECT_TRUE(DkCprValid("211062-5629"));
  EXPECT_FALSE(DkCprValid("511062-5629"));  // day 51
  EXPECT_FALSE(DkCprValid("211362-5629"));  // month 13
}

TEST(NationalChecks, Belgium) {
  EXPECT_TRUE(BeNationalNumberValid("85.07.30-033.28"));
  EXPECT_TRUE(BeNationalNumberValid("17 07 30 033 84"));  // born in 2017: 2 + the number
  EXPECT_FALSE(BeNationalNumberValid("12345678901"));
  EXPECT_FALSE(BeNationalNumberValid("85.07.30-033.29"));
}

TEST(NationalChecks, Austria) {
  EXPECT_TRUE(AtSocialSecurityValid("1237 010180"));
  EXPECT_FALSE(AtSocialSecurityValid("2237 010180"));
  EXPECT_FALSE(AtSocialSecurityValid("0237 010180"));  // never starts with 0
}

TEST(NationalChecks, CroatiaOib) {
  EXPECT_TRUE(HrOibValid("33392005961"));
  EXPECT_FALSE(HrOibValid("33392005962"));
}

TEST(NationalChecks, EstoniaAndLithuania) {
  EXPECT_TRUE(BalticPersonalCodeValid("36805280109"));  // Estonia
  EXPECT_FALSE(BalticPersonalCodeValid("36805280108"));
  EXPECT_TRUE(BalticPersonalCodeValid("33309240064"));  // Lithuania
  EXPECT_FALSE(BalticPersonalCodeValid("33309240164"));
  EXPECT_FALSE(BalticPersonalCodeValid("76805280109"));  // first digit 7
}

TEST(NationalChecks, Latvia) {
  EXPECT_TRUE(LvPersonalCodeValid("161175-19997"));
  EXPECT_FALSE(LvPersonalCodeValid("161175-19998"));
  EXPECT_TRUE(LvPersonalCodeValid("32123456789"));  // the 2017 form: no check
}

TEST(NationalChecks, Romania) {
  EXPECT_TRUE(RoCnpValid("1630615123457"));
  EXPECT_FALSE(RoCnpValid("0800101221142"));  // first digit
  EXPECT_FALSE(RoCnpValid("1632215123457"));  // month 22
  EXPECT_FALSE(RoCnpValid("1630615993454"));  // county 99
  EXPECT_FALSE(RoCnpValid("1630615123458"));  // check digit
}

TEST(NationalChecks, Bulgaria) {
  EXPECT_TRUE(BgEgnValid("8032056031"));
  EXPECT_TRUE(BgEgnValid("752316 926 3"));
  EXPECT_FALSE(BgEgnValid("8019010008"));  // month 19
  EXPECT_FALSE(BgEgnValid("8032056032"));
}

TEST(NationalChecks, CzechBirthNumber) {
  EXPECT_TRUE(CzBirthNumberValid("710319/2745"));
  EXPECT_FALSE(CzBirthNumberValid("7103192746"));  // check digit
  EXPECT_FALSE(CzBirthNumberValid("1103492745"));  // day 49
}

TEST(NationalChecks, PortugalNif) {
  EXPECT_TRUE(PtNifValid("501 964 843"));
  EXPECT_FALSE(PtNifValid("501 964 842"));
  EXPECT_FALSE(PtNifValid("001964843"));
}

TEST(NationalChecks, IrelandPpsn) {
  EXPECT_TRUE(IePpsnValid("6433435F"));
  EXPECT_TRUE(IePpsnValid("6433435FT"));
  EXPECT_TRUE(IePpsnValid("6433435FW"));
  EXPECT_TRUE(IePpsnValid("6433435OA"));  // 2013 format, personal
  EXPECT_TRUE(IePpsnValid("6433435IH"));  // 2013 format, non-personal
  EXPECT_FALSE(IePpsnValid("6433435E"));
  EXPECT_FALSE(IePpsnValid("6433435FA"));  // A counts: F no longer matches
  EXPECT_FALSE(IePpsnValid("6433435FZ"));
}

TEST(NationalChecks, IcelandKennitala) {
  EXPECT_TRUE(IsKennitalaValid("450401-3150"));  // organisation (day + 40)
  EXPECT_TRUE(IsKennitalaValid("120174-3399"));
  EXPECT_FALSE(IsKennitalaValid("530575-0299"));  // check
  EXPECT_FALSE(IsKennitalaValid("320174-3399"));  // day 32
}

TEST(NationalChecks, SingaporeNric) {
  EXPECT_TRUE(SgNricValid("S1234567D"));
  EXPECT_FALSE(SgNricValid("S1234567A"));
  EXPECT_FALSE(SgNricValid("X1234567D"));
}

TEST(NationalChecks, KoreaRrn) {
  EXPECT_TRUE(KrRrnValid("971013-9019902"));
  EXPECT_FALSE(KrRrnValid("971013-9019903"));
}

TEST(NationalChecks, JapanMyNumber) {
  EXPECT_TRUE(JpMyNumberValid("6214 9832 0257"));
  EXPECT_FALSE(JpMyNumberValid("6214 9832 0258"));
}

TEST(NationalChecks, AustraliaAbnAndMedicare) {
  EXPECT_TRUE(AuAbnValid("83 914 571 673"));
  EXPECT_TRUE(AuAbnValid("51 824 753 556"));  // the ATO's example
  EXPECT_FALSE(AuAbnValid("99 999 999 999"));
  EXPECT_TRUE(AuMedicareValid("2123 45670 1"));
  EXPECT_FALSE(AuMedicareValid("2123 45671 1"));
  EXPECT_FALSE(AuMedicareValid("7123 45670 1"));  // first digit 2-6
}

TEST(NationalChecks, ThailandPin) {
  EXPECT_TRUE(ThPinValid("3100600445635"));
  EXPECT_TRUE(ThPinValid("1-2345-45678-78-1"));
  EXPECT_FALSE(ThPinValid("1-2345-45678-78-9"));
}

TEST(NationalChecks, BrazilCnpj) {
  EXPECT_TRUE(BrCnpjValid("16.727.230/0001-97"));
  EXPECT_FALSE(BrCnpjValid("16.727.230/0001-98"));
  EXPECT_TRUE(BrCnpjValid("12.ABC.345/01DE-35"));  // the alphanumeric form of July 2026
  EXPECT_FALSE(BrCnpjValid("12.ABC.345/01DE-36"));
  EXPECT_FALSE(BrCnpjValid("00.000.000/0000-00"));
}

TEST(NationalChecks, UsNpiAndDea) {
  EXPECT_TRUE(UsNpiValid("1234567893"));  // CMS's example
  EXPECT_FALSE(UsNpiValid("1234567890"));
  EXPECT_FALSE(UsNpiValid("3234567893"));  // starts 1 or 2
  EXPECT_TRUE(UsDeaValid("BJ6125341"));
  EXPECT_TRUE(UsDeaValid("AB1234563"));
  EXPECT_FALSE(UsDeaValid("AB1234564"));
  EXPECT_FALSE(UsDeaValid("IB1234563"));  // I is no registrant type
}

TEST(NationalChecks, IndiaGstin) {
  EXPECT_TRUE(InGstinValid("27AAPFU0939F1ZV"));  // GSTN's and python-stdnum's example
  EXPECT_TRUE(InGstinValid("29AAGCB7383J1Z4"));
  EXPECT_FALSE(InGstinValid("27AAPFU0939F1ZO"));  // check character
  EXPECT_FALSE(InGstinValid("27AAPFU0939F1AA"));  // 14th character not Z
  EXPECT_FALSE(InGstinValid("27AAPFU0939F0ZV"));  // entity number 0
  EXPECT_FALSE(InGstinValid("45AAPFU0939F1ZV"));  // no such state
  EXPECT_FALSE(InGstinValid("27AAPDU0939F1ZV"));  // D is no PAN holder type
  EXPECT_FALSE(InGstinValid("27AAPFU0939F1Z"));   // length
}

TEST(NationalChecks, TurkeyTckn) {
  // Presidio's recognizer test numbers; 10000000146 is the smallest valid number.
  EXPECT_TRUE(TrTcknValid("10000000146"));
  EXPECT_TRUE(TrTcknValid("76543210794"));
  EXPECT_FALSE(TrTcknValid("76543210780"));  // 10th digit
  EXPECT_FALSE(TrTcknValid("10000000147"));  // 11th digit
  EXPECT_FALSE(TrTcknValid("02531814694"));  // starts with 0
  EXPECT_FALSE(TrTcknValid("1000000014"));   // ten digits
}

TEST(NationalChecks, SouthAfricaId) {
  EXPECT_TRUE(ZaIdValid("8001015009087"));   // Presidio's recognizer test number
  EXPECT_TRUE(ZaIdValid("0002294321191"));   // 29 February 2000
  EXPECT_FALSE(ZaIdValid("9902294321191"));  // 29 February 1999 (or 2099): no such day
  EXPECT_FALSE(ZaIdValid("8001015009086"));  // Luhn digit
  EXPECT_FALSE(ZaIdValid("8001015009386"));  // citizenship 3
  EXPECT_FALSE(ZaIdValid("8013015009087"));  // month 13
}

TEST(NationalChecks, UkDrivingLicence) {
  EXPECT_TRUE(UkDrivingLicenceValid("MORGA607054SM9IJ"));  // DVLA's explanation of the format
  EXPECT_TRUE(UkDrivingLicenceValid("MORGA657054SM9IJ"));  // month + 50: a woman
  EXPECT_TRUE(UkDrivingLicenceValid("FO999512018AA1AB"));  // a short surname padded with 9
  EXPECT_TRUE(UkDrivingLicenceValid("JONES710153J99EF"));  // no middle initial
  EXPECT_TRUE(UkDrivingLicenceValid("morga607054sm9ij"));
  EXPECT_FALSE(UkDrivingLicenceValid("MORGA613054SM9IJ"));  // month 13
  EXPECT_FALSE(UkDrivingLicenceValid("MORGA663054SM9IJ"));  // month 63
  EXPECT_FALSE(UkDrivingLicenceValid("MORGA602304SM9IJ"));  // 30 February
  EXPECT_FALSE(UkDrivingLicenceValid("MO9GA607054SM9IJ"));  // a letter after the padding
  EXPECT_FALSE(UkDrivingLicenceValid("99999607054SM9IJ"));  // no surname letter
  EXPECT_FALSE(UkDrivingLicenceValid("MORGA607054S9IJ"));   // 15 characters
}

TEST(NationalChecks, UkUtr) {
  EXPECT_TRUE(GbUtrValid("1955839661"));  // python-stdnum's example
  EXPECT_TRUE(GbUtrValid("19558 39661"));
  EXPECT_TRUE(GbUtrValid("1955839661K"));
  EXPECT_FALSE(GbUtrValid("2955839661"));  // check digit
  EXPECT_FALSE(GbUtrValid("195583966"));   // length
}

TEST(NationalChecks, Iso7064Mod1110) {
  // python-stdnum's German VAT example (DE 136,695 976) and Croatia's published OIB example.
  EXPECT_TRUE(Iso7064Mod1110Valid("DE136695976"));
  EXPECT_TRUE(Iso7064Mod1110Valid("DE 136 695 976"));
  EXPECT_TRUE(Iso7064Mod1110Valid("69435151530"));
  EXPECT_FALSE(Iso7064Mod1110Valid("DE136695978"));  // check digit
  EXPECT_FALSE(Iso7064Mod1110Valid("DE136695967"));  // two digits swapped
  EXPECT_FALSE(Iso7064Mod1110Valid("7"));            // no digit to check
  for (int d = 0; d <= 9; ++d) {                     // exactly one check digit fits
    EXPECT_EQ(Iso7064Mod1110Valid("13669597" + std::to_string(d)), d == 6) << d;
  }
}

TEST(NationalChecks, KoreaBusinessRegistrationNumber) {
  // python-stdnum's examples; the check digit by the National Tax Service's rule.
  EXPECT_TRUE(KrBrnValid("116-82-00276"));
  EXPECT_TRUE(KrBrnValid("1348672683"));
  EXPECT_FALSE(KrBrnValid("116-82-00277"));  // check digit
  EXPECT_FALSE(KrBrnValid("134-86-72673"));  // 9th digit: its tens (x5) count too
  EXPECT_FALSE(KrBrnValid("100-82-00276"));  // office code below 101
  EXPECT_FALSE(KrBrnValid("116-00-00276"));  // type code 00
  EXPECT_FALSE(KrBrnValid("116-82-00006"));  // serial 0000
  EXPECT_FALSE(KrBrnValid("116-82-0027"));   // nine digits
  // The 9th digit's weight is 5 and the tens of its product are added: 8 x 5 = 40 adds 4.
  for (int d = 0; d <= 9; ++d) EXPECT_EQ(KrBrnValid("134867268" + std::to_string(d)), d == 3);
}

TEST(NationalChecks, SingaporeUen) {
  // python-stdnum's examples, one per form (business, local company, other entities).
  EXPECT_TRUE(SgUenValid("00192200M"));
  EXPECT_TRUE(SgUenValid("197401143C"));
  EXPECT_TRUE(SgUenValid("S16FC0121D"));
  EXPECT_TRUE(SgUenValid("T01FC6132D"));
  EXPECT_TRUE(SgUenValid("t01fc6132d"));    // written in lower case
  EXPECT_FALSE(SgUenValid("00192200K"));    // check letter
  EXPECT_FALSE(SgUenValid("197401143D"));   // check letter
  EXPECT_FALSE(SgUenValid("S16FC0121E"));   // check letter
  EXPECT_FALSE(SgUenValid("S16ZZ0121D"));   // no such entity type
  EXPECT_FALSE(SgUenValid("Q16FC0121D"));   // Q is no century letter
  EXPECT_FALSE(SgUenValid("T99FC6132D"));   // registered in (20)99: in the future
  EXPECT_FALSE(SgUenValid("999901143C"));   // local company of the year 9999
  EXPECT_FALSE(SgUenValid("0019220M"));     // short
  EXPECT_FALSE(SgUenValid("S16FC01210D"));  // long
}

TEST(NationalChecks, IndiaEpic) {
  EXPECT_TRUE(InEpicValid("WKH1186253"));  // python-stdnum's example
  EXPECT_TRUE(InEpicValid("ABC1234566"));
  EXPECT_FALSE(InEpicValid("WKH1186263"));  // Luhn
  EXPECT_FALSE(InEpicValid("wkh1186253"));  // lower case
  EXPECT_FALSE(InEpicValid("WK11186253"));  // two letters
  EXPECT_FALSE(InEpicValid("WKH118625"));   // six digits
  // The same Luhn-valid digits behind IT service-management record prefixes.
  for (const char* p : {"INC", "CHG", "PRB", "REQ", "TKT"}) {
    EXPECT_FALSE(InEpicValid(std::string(p) + "1234566")) << p;
  }
  EXPECT_TRUE(InEpicValid("INB1234566"));  // one letter away is a constituency code again
}

TEST(NationalChecks, CanadaHealthNumber) {
  // Ontario: Luhn over the 10 digits; a version code may follow.
  EXPECT_TRUE(CaHealthNumberValid("3462456009"));
  EXPECT_TRUE(CaHealthNumberValid("3462-456-009"));
  EXPECT_TRUE(CaHealthNumberValid("3462 456 009 AB"));
  EXPECT_TRUE(CaHealthNumberValid("3462456009K"));
  EXPECT_FALSE(CaHealthNumberValid("3462456000"));     // Luhn
  EXPECT_FALSE(CaHealthNumberValid("3462456009ABC"));  // three letters are no version code
  EXPECT_FALSE(CaHealthNumberValid("346245600"));      // nine digits
  // British Columbia: python-stdnum's example, and one that fails Luhn (so only BC's rule holds).
  EXPECT_TRUE(CaHealthNumberValid("9698 658 215"));
  EXPECT_TRUE(CaHealthNumberValid("9153656702"));
  EXPECT_FALSE(CaHealthNumberValid("9698648215"));  // stdnum's invalid example
  EXPECT_FALSE(CaHealthNumberValid("9153656700"));
  // Quebec: name letters, YYMMDD with month + 50 for women, 2 digits.
  EXPECT_TRUE(CaHealthNumberValid("DXAU 1462 1173"));
  EXPECT_TRUE(CaHealthNumberValid("GVSM57530911"));   // month 53: March, a woman
  EXPECT_FALSE(CaHealthNumberValid("DXAU14131173"));  // month 13
  EXPECT_FALSE(CaHealthNumberValid("DXAU14631173"));  // month 63
  EXPECT_FALSE(CaHealthNumberValid("DXAU14023273"));  // 32 February
  EXPECT_FALSE(CaHealthNumberValid("DXA114621173"));  // a digit among the letters
}

TEST(NationalChecks, PortugalCitizenCard) {
  EXPECT_TRUE(PtCitizenCardValid("00000000 0 ZZ4"));  // python-stdnum's example
  EXPECT_TRUE(PtCitizenCardValid("000000000ZZ4"));
  EXPECT_FALSE(PtCitizenCardValid("00000000 0 ZZ3"));  // check digit
  EXPECT_FALSE(PtCitizenCardValid("00000000 A ZZ4"));  // a letter for the first check digit
  EXPECT_FALSE(PtCitizenCardValid("00000000 0 ZZZ"));  // a letter for the last
  EXPECT_FALSE(PtCitizenCardValid("0000000 0 ZZ4"));   // seven digits
}

TEST(NationalChecks, PolishDocumentsAndRegon) {
  EXPECT_TRUE(PlIdCardValid("ABA300000"));  // the specimen card's number
  EXPECT_TRUE(PlIdCardValid("ABA 300000"));
  EXPECT_FALSE(PlIdCardValid("ABA400000"));  // check digit
  EXPECT_FALSE(PlIdCardValid("AB1300000"));  // a digit among the letters
  EXPECT_FALSE(PlIdCardValid("ABA30000"));   // five digits
  EXPECT_TRUE(PlPassportValid("ZS0000177"));
  EXPECT_FALSE(PlPassportValid("ZS1000177"));
  EXPECT_FALSE(PlPassportValid("ZSA000177"));  // three letters: an identity card's shape
  EXPECT_TRUE(PlRegonValid("192598184"));      // python-stdnum's examples
  EXPECT_TRUE(PlRegonValid("12345678512347"));
  EXPECT_FALSE(PlRegonValid("192598183"));
  EXPECT_FALSE(PlRegonValid("12345678612342"));  // its first nine fail
  EXPECT_FALSE(PlRegonValid("1925981840"));      // ten digits
}

TEST(NationalChecks, UkVehicleRegistration) {
  EXPECT_TRUE(UkVehicleRegistrationValid("AB51 ABC"));  // September 2001, the first issued
  EXPECT_TRUE(UkVehicleRegistrationValid("BD02XYZ"));   // March 2002
  EXPECT_TRUE(UkVehicleRegistrationValid("LN14-HGT"));
  EXPECT_FALSE(UkVehicleRegistrationValid("AB01 ABC"));  // no March 2001 identifier
  EXPECT_FALSE(UkVehicleRegistrationValid("AB50 ABC"));  // nor September 2000
  EXPECT_FALSE(UkVehicleRegistrationValid("AB49 ABC"));  // March 2049: not issued yet
  EXPECT_FALSE(UkVehicleRegistrationValid("AB99 ABC"));  // September 2049
  EXPECT_FALSE(UkVehicleRegistrationValid("ZB51 ABC"));  // Z is no memory-tag letter
  EXPECT_FALSE(UkVehicleRegistrationValid("AQ51 ABC"));  // nor Q
  EXPECT_FALSE(UkVehicleRegistrationValid("AB51 AQC"));  // Q is not used in the random letters
  // The earlier forms are not read (a year letter is all their structure).
  EXPECT_FALSE(UkVehicleRegistrationValid("A123 BCD"));
  EXPECT_FALSE(UkVehicleRegistrationValid("ABC 123D"));
  EXPECT_FALSE(UkVehicleRegistrationValid("AB51 AB1"));  // a digit among the random letters
}

}  // namespace
}  // namespace bulwark
