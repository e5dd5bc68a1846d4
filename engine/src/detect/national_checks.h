// Check-digit and structure rules of national identifiers and registration numbers that the
// generic validators (luhn, mod11 with weights) cannot express: two check digits, a check digit
// in the middle, letter tables, embedded dates. Each takes the value as matched (separators
// included) and reads its digits and letters; pure and thread-safe. References (the issuing
// authority's rule) are with each detector in policies/national-*.yaml.
#ifndef BULWARK_ENGINE_DETECT_NATIONAL_CHECKS_H_
#define BULWARK_ENGINE_DETECT_NATIONAL_CHECKS_H_

#include <string_view>

namespace bulwark {

// Sweden, personnummer / samordningsnummer: [YY]YYMMDD[-+]NNNC, day + 60 for coordination
// numbers, Luhn over the 10 digits from YY.
bool SePersonnummerValid(std::string_view value);
// Norway, fødselsnummer / D-number: DDMMYYIIIKK, two mod-11 check digits (weights 3765189452
// and 5432765432), day + 40 for D-numbers.
bool NoFodselsnummerValid(std::string_view value);
// Finland, henkilötunnus: DDMMYY, a century sign (+ - A-F U-Y), NNN (002-899) and a check
// character from "0123456789ABCDEFHJKLMNPRSTUVWXY" indexed by DDMMYYNNN mod 31.
bool FiHetuValid(std::string_view value);
// Denmark, CPR-nummer: DDMMYY-SSSS with a valid day and month (the mod-11 rule was dropped in
// 2007, so only the date is checked).
bool DkCprValid(std::string_view value);
// Belgium, rijksregisternummer: YYMMDD SSS CC, CC = 97 - (YYMMDDSSS mod 97), with a leading 2
// for births from 2000 (tried only when 20YY is not a future year: reads the clock).
bool BeNationalNumberValid(std::string_view value);
// Austria, Sozialversicherungsnummer: SSSC DDMMYY, C (4th digit) = weighted sum (3790584216)
// mod 11, never 10.
bool AtSocialSecurityValid(std::string_view value);
// Croatia, OIB: 11 digits, ISO 7064 MOD 11,10.
bool HrOibValid(std::string_view value);
// Estonia isikukood and Lithuania asmens kodas: GYYMMDDSSSC, G 1-6, two-stage weights mod 11.
bool BalticPersonalCodeValid(std::string_view value);
// Latvia, personas kods: DDMMYY-CNNNC with check (1101 - weighted sum) mod 11 mod 10; numbers
// issued since 2017 start with 32 and carry no date or check.
bool LvPersonalCodeValid(std::string_view value);
// Romania, CNP: SYYMMDDJJNNNC, S 1-9, JJ a county code (01-48, 51, 52, 70, 80-83), weights
// 279146358279 mod 11 (10 -> 1).
bool RoCnpValid(std::string_view value);
// Bulgaria, EGN: YYMMDDSSSC, month + 20 / + 40 for the 1800s / 2000s, weights 2485109736
// mod 11 mod 10.
bool BgEgnValid(std::string_view value);
// Czechia and Slovakia, rodné číslo (10 digits, since 1954): YYMMDD/SSSC, month + 50 for women
// (+ 20 since 2004), C = the first 9 digits mod 11 (before 1985, a remainder of 10 as 0).
bool CzBirthNumberValid(std::string_view value);
// Portugal, NIF: 9 digits, first not 0; weights 98765432, check = 11 - sum mod 11 (0 when that
// is 10 or 11).
bool PtNifValid(std::string_view value);
// Ireland, PPS number: 7 digits, a check letter and an optional second letter (A or H since
// 2013, B since 2024, weighted 9 with A = 1, B = 2, H = 8; W, T or X before, not counted);
// weights 8765432, letter = "WABCDEFGHIJKLMNOPQRSTUV"[sum mod 23].
bool IePpsnValid(std::string_view value);
// Iceland, kennitala: DDMMYY-RRCK, weights 3276543 2 on the first 8 digits plus C: sum mod 11
// = 0; K (century) 0, 8 or 9; day + 40 for organisations.
bool IsKennitalaValid(std::string_view value);
// Singapore, NRIC/FIN: S, T, F, G or M, 7 digits, a check letter from the weighted sum
// (2765432) plus an offset by prefix, from the letter table of its series.
bool SgNricValid(std::string_view value);
// South Korea, resident registration number: YYMMDD-GNNNNNC, weights 234567892345,
// C = (11 - sum mod 11) mod 10. Numbers issued since October 2020 carry no check digit: use it
// as a confidence raise, not a filter.
bool KrRrnValid(std::string_view value);
// Japan, individual number (My Number): 12 digits, check = 11 - (weighted sum mod 11), 0 when
// the remainder is 0 or 1; weights 6,5,4,3,2,7,6,5,4,3,2 from the left.
bool JpMyNumberValid(std::string_view value);
// Australia, ABN: 11 digits; subtract 1 from the first, weights 10,1,3,...,19: sum mod 89 = 0.
bool AuAbnValid(std::string_view value);
// Australia, Medicare card number: 10 digits (11 with the issue number), first 2-6, weights
// 1,3,7,9,1,3,7,9 on the first 8: sum mod 10 = the 9th.
bool AuMedicareValid(std::string_view value);
// Thailand, personal identification number: 13 digits, first 1-8, check = (11 - sum of
// digit * (13 - i) mod 11) mod 10.
bool ThPinValid(std::string_view value);
// Brazil, CNPJ: 14 characters, the first 12 digits or (since July 2026) upper-case letters
// valued ASCII - 48, two mod-11 check digits (weights 543298765432 and 6543298765432).
bool BrCnpjValid(std::string_view value);
// US, National Provider Identifier: 10 digits starting 1 or 2, Luhn over 80840 + the number.
bool UsNpiValid(std::string_view value);
// US, DEA registration number: 2 letters (registrant type, name initial or 9) and 7 digits,
// (d1 + d3 + d5) + 2 (d2 + d4 + d6) mod 10 = d7.
bool UsDeaValid(std::string_view value);
// India, GSTIN (GST Network): a state code (01-38, or 97 for other territories), the holder's
// PAN (5 letters, the 4th its holder type, 4 digits, a letter), an entity number (not 0), Z and
// a check character: Luhn over the 36 characters 0-9A-Z.
bool InGstinValid(std::string_view value);
// UK, Unique Taxpayer Reference (HMRC): 10 digits (an optional K after), the first a check
// digit: "21987654321"[weighted sum (6, 7, 8, 9, 10, 5, 4, 3, 2) of the other nine mod 11].
bool GbUtrValid(std::string_view value);
// Turkey, T.C. Kimlik No (NVI): 11 digits, not starting with 0; the 10th is
// (7 (d1 + d3 + d5 + d7 + d9) - (d2 + d4 + d6 + d8)) mod 10, the 11th (d1 + ... + d10) mod 10.
bool TrTcknValid(std::string_view value);
// South Africa, identity number (Department of Home Affairs): YYMMDD (a real date in 19YY or
// 20YY), 4 digits (gender and sequence), citizenship 0 (citizen), 1 (permanent resident) or 2
// (refugee), one digit, a Luhn check digit: 13 digits.
bool ZaIdValid(std::string_view value);
// UK, driving licence number (DVLA), 16 characters: the first 5 of the surname padded with 9,
// the decade digit, the birth month (plus 50 for women), the day, the year digit, 2 initials
// (the second 9 when there is none), an arbitrary digit and 2 check characters. Checked: the
// surname part is letters then only 9s, the date exists, the initials are a letter and a
// letter or 9.
bool UkDrivingLicenceValid(std::string_view value);
// UK, vehicle registration mark (DVLA, INF104): the current form (since September 2001), a
// 2-letter memory tag (no I, Q or Z), an age identifier and 3 letters (no I or Q). The age
// identifier is the year (02 onwards, March) or the year + 50 (51 onwards, September), never
// one not yet issued (reads the clock). The earlier prefix and suffix forms ("A123 BCD",
// "ABC 123D") are not read: a year letter is their only structure.
bool UkVehicleRegistrationValid(std::string_view value);
// ISO 7064 MOD 11,10 over the digits of `value`: the last digit is the check digit of the others
// (at least one). Germany's VAT number (USt-IdNr, BZSt: DE and 8 digits and a check digit) and
// Croatia's OIB use it.
bool Iso7064Mod1110Valid(std::string_view value);
// South Korea, business registration number (사업자등록번호, National Tax Service): 10 digits,
// NNN-NN-NNNNN; the office code is at least 101, the type code is not 00, the serial not 0000;
// check digit (10 - (weights 1,3,7,1,3,7,1,3,5 over the first 9 digits, plus the tens of the
// 9th digit times 5) mod 10) mod 10.
bool KrBrnValid(std::string_view value);
// Singapore, Unique Entity Number (ACRA), three forms, each with a check letter:
// businesses 8 digits ("XMKECAWLJDB"[weights 10,4,9,3,8,2,7,1 mod 11]); local companies a
// year (not in the future) and 5 digits ("ZKCMDNERGWH"[weights 10,8,6,4,9,7,5,3,1 mod 11]);
// other entities R, S or T, two year digits (T: not in the future), a registered two-letter
// entity type and 4 digits (alphabet A-X without I, O then 0-9; weights 4,3,5,3,10,2,2,5,7;
// the character at (sum - 5) mod 11).
bool SgUenValid(std::string_view value);
// India, EPIC (Election Commission of India): 3 letters and 7 digits, the last a Luhn check digit
// over the 7. The prefixes of IT service-management records with 7-digit numbers (ServiceNow's
// INC, CHG, PRB, REQ; TKT) are not read as a constituency's code: "INC1234567" is an incident,
// and one in ten of them passes Luhn.
bool InEpicValid(std::string_view value);
// Canada, provincial health numbers: Ontario's 10 digits with a Luhn check digit (a 1-2 letter
// version code may follow); British Columbia's PHN, 9 and 9 digits whose last is 11 - (weights
// 2,4,8,5,10,9,7,3 over digits 2-9) mod 11; Quebec's RAMQ number, 4 letters of the name and
// YYMMDD (month + 50 for women) and 2 digits, by structure (its check is not published).
bool CaHealthNumberValid(std::string_view value);
// Portugal, Cartão de Cidadão document number: the 8-digit civil identification number, its
// check digit, a 2-character version and a check digit; Luhn over all 12 with letters valued
// A=10 to Z=35 (AMA, "Validação de Número de Documento do Cartão de Cidadão").
bool PtCitizenCardValid(std::string_view value);
// Poland, dowód osobisty (identity card): 3 letters and 6 digits, the first digit a check digit;
// weights 7,3,1,9,7,3,1,7,3 over all nine (letters A=10 to Z=35) sum to a multiple of 10.
bool PlIdCardValid(std::string_view value);
// Poland, passport: 2 letters and 7 digits, the first digit a check digit; weights
// 7,3,9,1,7,3,1,7,3 over all nine (letters A=10 to Z=35) sum to a multiple of 10.
bool PlPassportValid(std::string_view value);
// Poland, REGON (GUS business register): 9 digits (weights 8,9,2,3,4,5,6,7 mod 11, 10 -> 0), or
// 14 for a local unit (weights 2,4,8,5,0,9,7,3,6,1,2,4,8, and its first nine a valid REGON).
bool PlRegonValid(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_NATIONAL_CHECKS_H_
