#include "detect/vat_checks.h"

#include <array>
#include <cstdint>
#include <string>

#include "detect/check_util.h"
#include "detect/checksum.h"
#include "detect/national_checks.h"
#include "detect/validator.h"

namespace bulwark {
using check_util::AllDigits;
using check_util::Dig;
using check_util::IsDigit;
using check_util::IsUpper;
using check_util::Num64;
using check_util::Upper;
using check_util::ValidDayMonth;
using check_util::Weighted;

namespace {

using Rule = bool (*)(std::string_view number);

// The Luhn sum of `d` mod 10, its last digit not doubled (0 for a Luhn-valid number).
int LuhnSum(std::string_view d) {
  int sum = 0;
  for (size_t k = 0; k < d.size(); ++k) {
    int v = Dig(d, d.size() - 1 - k);
    if (k % 2 == 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return sum % 10;
}

int64_t Value(std::string_view d) { return Num64(d, 0, d.size()); }

int Mod(int a, int m) { return (a % m + m) % m; }

bool Digits(std::string_view s, size_t n) { return s.size() == n && AllDigits(s); }

// Austria, UID: U and 8 digits, the last (6 - Luhn sum of the 7 before) mod 10.
bool At(std::string_view n) {
  return n.size() == 9 && n[0] == 'U' && AllDigits(n.substr(1)) &&
         Mod(6 - LuhnSum(n.substr(1, 7)), 10) == Dig(n, 8);
}

// Belgium: 10 digits, the last two 97 - (the first eight mod 97).
bool Be(std::string_view n) {
  return Digits(n, 10) && Value(n) > 0 && (Value(n.substr(0, 8)) + Value(n.substr(8))) % 97 == 0;
}

// Bulgaria: 9 digits (legal entities: weights 1-8, or 3-10 when that gives 10), or 10 (an EGN,
// a foreigner's number: weights 21,19,17,13,11,9,7,3,1 mod 10, or others: weights
// 4,3,2,7,6,5,4,3,2 with check 11 - sum mod 11).
bool Bg(std::string_view n) {
  if (Digits(n, 9)) {
    int check = Weighted(n, std::array{1, 2, 3, 4, 5, 6, 7, 8}) % 11;
    if (check == 10) check = Weighted(n, std::array{3, 4, 5, 6, 7, 8, 9, 10}) % 11;
    return check % 10 == Dig(n, 8);
  }
  if (!Digits(n, 10)) return false;
  if (BgEgnValid(n)) return true;
  if (Weighted(n, std::array{21, 19, 17, 13, 11, 9, 7, 3, 1}) % 10 == Dig(n, 9)) return true;
  const int check = Mod(11 - Weighted(n, std::array{4, 3, 2, 7, 6, 5, 4, 3, 2}), 11);
  return check < 10 && check == Dig(n, 9);
}

// Cyprus: 8 digits (not starting 12) and a check letter from the digits' translated sum.
bool Cy(std::string_view n) {
  static constexpr int kOdd[] = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21};
  if (n.size() != 9 || !AllDigits(n.substr(0, 8)) || n.substr(0, 2) == "12") return false;
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum += i % 2 == 0 ? kOdd[Dig(n, i)] : Dig(n, i);
  return n[8] == static_cast<char>('A' + sum % 26);
}

// Czechia, DIČ: 8 digits for legal entities (not starting 9), 9 starting with 6 for some
// individuals, otherwise the rodné číslo (9 or 10 digits).
bool Cz(std::string_view n) {
  if (!AllDigits(n)) return false;
  if (n.size() == 8) {
    if (n[0] == '9') return false;
    const int check = Mod(11 - Weighted(n, std::array{8, 7, 6, 5, 4, 3, 2}), 11);
    return (check == 0 ? 1 : check) % 10 == Dig(n, 7);
  }
  if (n.size() == 9 && n[0] == '6') {
    const int sum = Weighted(n.substr(1), std::array{8, 7, 6, 5, 4, 3, 2}) % 11;
    return Mod(8 - Mod(10 - sum, 11), 10) == Dig(n, 8);
  }
  if (n.size() == 9) {  // a rodné číslo issued before 1954: a date, no check digit
    const int year = static_cast<int>(Value(n.substr(0, 2)));
    return (year < 54 || year >= 80) &&
           ValidDayMonth(static_cast<int>(Value(n.substr(4, 2))),
                         static_cast<int>(Value(n.substr(2, 2))) % 50 % 20);
  }
  return n.size() == 10 && CzBirthNumberValid(n);
}

// Germany, USt-IdNr.: 9 digits, not starting 0, ISO 7064 MOD 11,10.
bool De(std::string_view n) {
  return Digits(n, 9) && n[0] != '0' && Iso7064Mod1110CheckDigit(n.substr(0, 8)) == Dig(n, 8);
}

// Denmark, CVR: 8 digits, not starting 0, weights 2,7,6,5,4,3,2,1 sum to a multiple of 11.
bool Dk(std::string_view n) {
  return Digits(n, 8) && n[0] != '0' && Weighted(n, std::array{2, 7, 6, 5, 4, 3, 2, 1}) % 11 == 0;
}

// Estonia, KMKR: 9 digits, weights 3,7,1 sum to a multiple of 10.
bool Ee(std::string_view n) {
  return Digits(n, 9) && Weighted(n, std::array{3, 7, 1, 3, 7, 1, 3, 7, 1}) % 10 == 0;
}

// Greece: 9 digits, the last (the first eight read in base 2, times 2) mod 11 mod 10.
bool El(std::string_view n) {
  if (!Digits(n, 9)) return false;
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum = sum * 2 + Dig(n, i);
  return sum * 2 % 11 % 10 == Dig(n, 8);
}

// Spain, NIF: a DNI or NIE (letter check), K/L/M and a DNI-style letter over the 7 digits, or a
// company's CIF (a letter, 7 digits and a Luhn check written as a digit or a letter).
bool Es(std::string_view n) {
  static constexpr std::string_view kDniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
  if (n.size() != 9 || !AllDigits(n.substr(1, 7))) return false;
  const char first = n[0];
  if (first == 'K' || first == 'L' || first == 'M') {
    return n[8] == kDniLetters[static_cast<size_t>(Value(n.substr(1, 7)) % 23)];
  }
  if (IsDigit(first) || first == 'X' || first == 'Y' || first == 'Z') return EsDniValid(n);
  if (std::string_view("ABCDEFGHJNPQRSUVW").find(first) == std::string_view::npos) return false;
  const int check = Mod(10 - LuhnSum(std::string(n.substr(1, 7)) + "0"), 10);
  return n[8] == static_cast<char>('0' + check) || n[8] == "JABCDEFGHI"[check];
}

// Finland, ALV: 8 digits, weights 7,9,10,5,8,4,2,1 sum to a multiple of 11.
bool Fi(std::string_view n) {
  return Digits(n, 8) && Weighted(n, std::array{7, 9, 10, 5, 8, 4, 2, 1}) % 11 == 0;
}

// France, TVA: a 2-character key and the 9-digit SIREN (Luhn, unless it starts with 000); a
// numeric key is (SIREN * 100 + 12) mod 97, a key with letters follows the newer rule.
bool Fr(std::string_view n) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  if (n.size() != 11 || !AllDigits(n.substr(2))) return false;
  const size_t k0 = kAlphabet.find(n[0]);
  const size_t k1 = kAlphabet.find(n[1]);
  if (k0 == std::string_view::npos || k1 == std::string_view::npos) return false;
  const std::string_view siren = n.substr(2);
  if (siren.substr(0, 3) != "000" && !LuhnValid(siren)) return false;
  if (IsDigit(n[0]) && IsDigit(n[1]))
    return Value(n.substr(0, 2)) == (Value(siren) * 100 + 12) % 97;
  const int64_t check = IsDigit(n[0]) ? static_cast<int64_t>(k0 * 24 + k1) - 10
                                      : static_cast<int64_t>(k0 * 34 + k1) - 100;
  return (Value(siren) + 1 + check / 11) % 11 == check % 11;
}

// Hungary, ANUM: 8 digits, weights 9,7,3,1 sum to a multiple of 10.
bool Hu(std::string_view n) {
  return Digits(n, 8) && Weighted(n, std::array{9, 7, 3, 1, 9, 7, 3, 1}) % 10 == 0;
}

// Ireland: 7 digits, a check letter and an optional second letter (weights 8-2 over the
// digits, 9 times the second letter's value, mod 23), or the old form with a letter, + or * as
// the second character (its digits rotated before the same check).
bool Ie(std::string_view n) {
  static constexpr std::string_view kAlphabet = "WABCDEFGHIJKLMNOPQRSTUV";
  auto letter = [&](std::string_view seven, size_t extra) {
    return kAlphabet[static_cast<size_t>(
        (Weighted(seven, std::array{8, 7, 6, 5, 4, 3, 2}) + 9 * static_cast<int>(extra)) % 23)];
  };
  if (n.size() != 8 && n.size() != 9) return false;
  if (kAlphabet.find(n[7]) == std::string_view::npos) return false;
  if (AllDigits(n.substr(0, 7))) {
    size_t extra = 0;
    if (n.size() == 9) {
      extra = kAlphabet.find(n[8]);
      if (extra == std::string_view::npos) return false;
    }
    return n[7] == letter(n.substr(0, 7), extra);
  }
  if (n.size() != 8 || !IsDigit(n[0]) || !AllDigits(n.substr(2, 5))) return false;
  if (!IsUpper(n[1]) && n[1] != '+' && n[1] != '*') return false;
  const std::string seven = "0" + std::string(n.substr(2, 5)) + n[0];
  return n[7] == letter(seven, 0);
}

// Italy, partita IVA: 11 digits, an office code (001-100, 120, 121, 888, 999), Luhn.
bool It(std::string_view n) {
  if (!Digits(n, 11) || Value(n.substr(0, 7)) == 0) return false;
  const int64_t office = Value(n.substr(7, 3));
  if (!((office >= 1 && office <= 100) || office == 120 || office == 121 || office == 888 ||
        office == 999)) {
    return false;
  }
  return LuhnValid(n);
}

// Lithuania, PVM: 9 digits with 1 as the 8th, or 12 with 1 as the 11th; weights 1-9 repeating
// mod 11, or weights shifted by two when that gives 10.
bool Lt(std::string_view n) {
  if (!AllDigits(n)) return false;
  if (!((n.size() == 9 && n[7] == '1') || (n.size() == 12 && n[10] == '1'))) return false;
  const size_t len = n.size() - 1;
  int check = 0;
  for (size_t i = 0; i < len; ++i) check += static_cast<int>(1 + i % 9) * Dig(n, i);
  check %= 11;
  if (check == 10) {
    check = 0;
    for (size_t i = 0; i < len; ++i) check += static_cast<int>(1 + (i + 2) % 9) * Dig(n, i);
  }
  return check % 11 % 10 == Dig(n, len);
}

// Luxembourg: 8 digits, the last two the first six mod 89.
bool Lu(std::string_view n) {
  return Digits(n, 8) && Value(n.substr(0, 6)) % 89 == Value(n.substr(6));
}

// Latvia, PVN: 11 digits; legal entities (first digit above 3) weigh to 3 mod 11, people's
// numbers are personas kods.
bool Lv(std::string_view n) {
  if (!Digits(n, 11)) return false;
  if (n[0] > '3') return Weighted(n, std::array{9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1}) % 11 == 3;
  return LvPersonalCodeValid(n);
}

// Malta: 8 digits, not starting 0, weights 3,4,6,7,8,9,10,1 sum to a multiple of 37.
bool Mt(std::string_view n) {
  return Digits(n, 8) && n[0] != '0' && Weighted(n, std::array{3, 4, 6, 7, 8, 9, 10, 1}) % 37 == 0;
}

// The Netherlands, btw-id: 9 digits, B and 2 digits; the 9 digits pass the BSN's 11-test
// (sole traders before 2020) or the whole, NL included, ISO 7064 MOD 97-10 (since 2020).
bool Nl(std::string_view n) {
  if (n.size() != 12 || !AllDigits(n.substr(0, 9)) || n[9] != 'B' || !AllDigits(n.substr(10))) {
    return false;
  }
  if (Value(n.substr(0, 9)) == 0 || Value(n.substr(10)) == 0) return false;
  if (Mod(Weighted(n, std::array{9, 8, 7, 6, 5, 4, 3, 2, -1}), 11) == 0) return true;
  int r = 0;
  auto add = [&](int v) { r = (v >= 10 ? r * 100 + v : r * 10 + v) % 97; };
  for (char c : std::string("NL") + std::string(n)) add(IsDigit(c) ? c - '0' : c - 'A' + 10);
  return r == 1;
}

// Poland, NIP: 10 digits, weights 6,5,7,2,3,4,5,6,7 mod 11 give the last.
bool Pl(std::string_view n) {
  return Digits(n, 10) && Mod(Weighted(n, std::array{6, 5, 7, 2, 3, 4, 5, 6, 7, -1}), 11) == 0;
}

// Portugal, NIF: 9 digits, weights 9-2 and 11 - sum mod 11 (10 -> 0).
bool Pt(std::string_view n) { return Digits(n, 9) && PtNifValid(n); }

// Romania, CUI: 2-10 digits, not starting 0; weights 7,5,3,2,1,7,5,3,2 right-aligned, check
// 10 * sum mod 11 mod 10.
bool Ro(std::string_view n) {
  if (n.size() < 2 || n.size() > 10 || !AllDigits(n) || n[0] == '0') return false;
  const std::string padded = std::string(10 - n.size(), '0') + std::string(n);
  return 10 * Weighted(padded, std::array{7, 5, 3, 2, 1, 7, 5, 3, 2}) % 11 % 10 ==
         Dig(n, n.size() - 1);
}

// Sweden: the 10-digit organisationsnummer (Luhn) and 01.
bool Se(std::string_view n) {
  return Digits(n, 12) && n.substr(10) == "01" && LuhnValid(n.substr(0, 10));
}

// Slovenia, DDV: 8 digits, not starting 0, check 11 - (weights 8-2) mod 11, 10 -> 0.
bool Si(std::string_view n) {
  if (!Digits(n, 8) || n[0] == '0') return false;
  int check = 11 - Weighted(n, std::array{8, 7, 6, 5, 4, 3, 2}) % 11;
  if (check == 10) check = 0;
  return check == Dig(n, 7);
}

// Slovakia, IČ DPH: 10 digits divisible by 11 (not starting 0, third digit 2-4 or 7-9), or a
// rodné číslo.
bool Sk(std::string_view n) {
  if (!Digits(n, 10)) return false;
  if (CzBirthNumberValid(n)) return true;
  const int third = Dig(n, 2);
  if (n[0] == '0' || !(third == 2 || third == 3 || third == 4 || third >= 7)) return false;
  return Value(n) % 11 == 0;
}

struct Country {
  std::string_view prefix;
  Rule rule;
};

constexpr Country kCountries[] = {
    {"AT", At}, {"BE", Be}, {"BG", Bg}, {"CY", Cy}, {"CZ", Cz}, {"DE", De},         {"DK", Dk},
    {"EE", Ee}, {"EL", El}, {"ES", Es}, {"FI", Fi}, {"FR", Fr}, {"HR", HrOibValid}, {"HU", Hu},
    {"IE", Ie}, {"IT", It}, {"LT", Lt}, {"LU", Lu}, {"LV", Lv}, {"MT", Mt},         {"NL", Nl},
    {"PL", Pl}, {"PT", Pt}, {"RO", Ro}, {"SE", Se}, {"SI", Si}, {"SK", Sk},
};

// Letters upper-cased, separators dropped; Ireland's old form keeps its + or *.
std::string Compact(std::string_view value) {
  std::string s;
  for (char c : value) {
    c = Upper(c);
    if (IsDigit(c) || IsUpper(c) || c == '+' || c == '*') s.push_back(c);
  }
  return s;
}

}  // namespace

bool GrAfmValid(std::string_view value) { return El(Compact(value)); }
bool CyTinValid(std::string_view value) { return Cy(Compact(value)); }
bool SiTaxNumberValid(std::string_view value) { return Si(Compact(value)); }
bool EsNifValid(std::string_view value) { return Es(Compact(value)); }

bool EuVatValid(std::string_view value) {
  const std::string s = Compact(value);
  if (s.size() < 4) return false;
  const std::string_view prefix = std::string_view(s).substr(0, 2);
  for (const Country& c : kCountries) {
    if (c.prefix == prefix) return c.rule(std::string_view(s).substr(2));
  }
  return false;
}

}  // namespace bulwark
