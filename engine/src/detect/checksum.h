// Check-digit algorithms used by validators. Each function takes the value as matched (it may
// contain separators such as spaces or dashes) and ignores every character that is not part of
// the scheme's alphabet, unless stated otherwise. All are pure and thread-safe.
#ifndef BULWARK_ENGINE_DETECT_CHECKSUM_H_
#define BULWARK_ENGINE_DETECT_CHECKSUM_H_

#include <string>
#include <string_view>
#include <vector>

namespace bulwark {

// The ASCII digits of `s`, in order.
std::string DigitsOf(std::string_view s);

// Luhn (ISO/IEC 7812-1) over the digits of `s`. False when there are fewer than 2 digits.
bool LuhnValid(std::string_view s);

// A payment card number (ISO/IEC 7812-1): Luhn over its digits, and an individual account
// identifier (the digits between the 6-digit issuer identification number and the check
// digit) that is not one digit repeated: "2626 0000 0000 0000" is a placeholder, not a card.
// Written with separators, its groups are a printed layout (fours, Amex 4-6-5, Diners 4-6-4,
// UATP 4-5-6): "44046093-0713-8224" is the start of a UUID.
bool PaymentCardValid(std::string_view s);

// Verhoeff (dihedral group D5) over the digits of `s`; the last digit is the check digit.
bool VerhoeffValid(std::string_view s);

// ISO 7064 MOD 11,10 (German Steuer-IdNr, Croatian OIB): the check digit of `digits`, a
// string of ASCII digits only.
int Iso7064Mod1110CheckDigit(std::string_view digits);

// ISO 7064 MOD 97-10 as used by IBAN: letters and digits of `s` (spaces ignored, case folded),
// with the first four characters moved to the end, letters expanded to 10..35; true if the
// remainder is 1. False on any character other than [A-Za-z0-9 ].
bool Mod97Valid(std::string_view s);

// A configurable weighted mod-11 style checksum over the digits of `s`.
struct Mod11Params {
  enum class Mode {
    kComplement,  // check = (modulus - sum % modulus) % modulus   (NHS, CPF-style)
    kRemainder,   // check = sum % modulus
    kZeroSum,     // weights cover every digit including the check digit; sum % modulus == 0
  };
  std::vector<int> weights;  // applied left to right; size = digits (kZeroSum) or digits - 1
  int modulus = 11;
  Mode mode = Mode::kComplement;
  bool ten_is_x = false;     // a computed check value of 10 is written 'X' (else invalid)
  bool ten_is_zero = false;  // ... or written 0 (JMBG/EMŠO); at most one of the two

  bool operator==(const Mod11Params&) const = default;
};
// True when `s` carries exactly weights.size() (+1 unless kZeroSum) digits (or a trailing X/x
// when ten_is_x) and the check matches.
bool Mod11Valid(std::string_view s, const Mod11Params& params);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_CHECKSUM_H_
