// Check-digit arithmetic for the corpus generators, written independently of the engine's
// validators (so that a broken validator cannot make its own test data agree with it).
#ifndef BULWARK_TESTS_CORPUS_CHECK_DIGITS_H_
#define BULWARK_TESTS_CORPUS_CHECK_DIGITS_H_

#include <string>
#include <vector>

namespace bulwark::corpus {

// The Luhn digit completing `payload`.
char LuhnDigit(const std::string& payload);
// `digits` cut into groups of `sizes`, joined by `sep`.
std::string Group(const std::string& digits, const std::vector<int>& sizes, const std::string& sep);
// Remainder mod 97 of digits and letters (A=10 ... Z=35), as for IBAN.
int Mod97(const std::string& s);
// IBAN check digits for a country and BBAN: 98 - mod97(BBAN + country + "00").
std::string IbanCheckDigits(const std::string& country, const std::string& bban);
// The Verhoeff digit completing `payload`.
char VerhoeffDigit(const std::string& payload);
// Weighted digit sum: sum of digit[i] * weights[i].
int WeightedSum(const std::string& digits, const std::vector<int>& weights);
// ISO 7064 MOD 11,10 check digit (German Steuer-IdNr).
char Mod11_10Digit(const std::string& payload);
// The Italian codice fiscale check letter for the first 15 characters.
char CodiceFiscaleLetter(const std::string& first15);
// GitHub's and npm's token checksum: the CRC-32 of `body` as 6 base62 digits (0-9A-Za-z).
std::string Base62Crc32(const std::string& body);

}  // namespace bulwark::corpus

#endif  // BULWARK_TESTS_CORPUS_CHECK_DIGITS_H_
