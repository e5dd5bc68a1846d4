#include "detect/national_checks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <string>

#include "detect/check_util.h"
#include "detect/checksum.h"

namespace bulwark {
using check_util::AllDigits;
using check_util::AlnumOf;
using check_util::Dig;
using check_util::IsDigit;
using check_util::IsUpper;
using check_util::Num;
using check_util::Num64;
using check_util::Upper;
using check_util::ValidDayMonth;
using check_util::Weighted;

bool SePersonnummerValid(std::string_view value) {
  std::string d = DigitsOf(value);
  if (d.size() == 12) d = d.substr(2);
  if (d.size() != 10) return false;
  int day = Num(d, 4, 2);
  if (day > 60) day -= 60;  // samordningsnummer
  return ValidDayMonth(day, Num(d, 2, 2)) && LuhnValid(d);
}

bool NoFodselsnummerValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11) return false;
  int day = Num(d, 0, 2);
  int month = Num(d, 2, 2);
  if (day > 40) day -= 40;      // D-number
  if (month > 40) month -= 40;  // H-number
  if (!ValidDayMonth(day, month)) return false;
  const int k1 = (11 - Weighted(d, std::array<int, 9>{3, 7, 6, 1, 8, 9, 4, 5, 2}) % 11) % 11;
  const int k2 = (11 - Weighted(d, std::array<int, 10>{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}) % 11) % 11;
  return k1 == Dig(d, 9) && k2 == Dig(d, 10);
}

bool FiHetuValid(std::string_view value) {
  // DDMMYY, century sign, NNN, check: exactly 11 characters.
  if (value.size() != 11) return false;
  const std::string date(value.substr(0, 6));
  const std::string serial(value.substr(7, 3));
  const char sign = Upper(value[6]);
  const bool sign_ok =
      sign == '+' || sign == '-' || (sign >= 'A' && sign <= 'F') || (sign >= 'U' && sign <= 'Y');
  if (!AllDigits(date) || !AllDigits(serial) || !sign_ok) return false;
  if (!ValidDayMonth(Num(date, 0, 2), Num(date, 2, 2))) return false;
  // 002-899 permanent, 900-999 temporary codes (given by hospitals and other bodies until DVV
  // assigns one); both identify a person.
  if (Num(serial, 0, 3) < 2) return false;
  static constexpr std::string_view kCheck = "0123456789ABCDEFHJKLMNPRSTUVWXY";
  const int64_t all = Num64(date + serial, 0, 9);
  return Upper(value[10]) == kCheck[static_cast<size_t>(all % 31)];
}

bool DkCprValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  return d.size() == 10 && ValidDayMonth(Num(d, 0, 2), Num(d, 2, 2));
}

bool BeNationalNumberValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11 || Num(d, 2, 2) > 12) return false;
  const int64_t base = Num64(d, 0, 9);
  const int check = Num(d, 9, 2);
  if (97 - base % 97 == check) return true;
  // Births from 2000 compute the check over 2YYMMDDSSS; only for years already begun.
  const int year_now =
      static_cast<int>(std::chrono::year_month_day(
                           std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()))
                           .year());
  return 2000 + Num(d, 0, 2) <= year_now && 97 - (2000000000 + base) % 97 == check;
}

bool AtSocialSecurityValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 10 || d[0] == '0') return false;
  const int c = Weighted(d, std::array<int, 10>{3, 7, 9, 0, 5, 8, 4, 2, 1, 6}) % 11;
  return c != 10 && c == Dig(d, 3);
}

bool HrOibValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  return d.size() == 11 &&
         Iso7064Mod1110CheckDigit(std::string_view(d).substr(0, 10)) == Dig(d, 10);
}

bool BalticPersonalCodeValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11 || d[0] < '1' || d[0] > '6') return false;
  if (!ValidDayMonth(Num(d, 5, 2), Num(d, 3, 2))) return false;
  int s = 0;
  for (size_t i = 0; i < 10; ++i) s += static_cast<int>(i % 9 + 1) * Dig(d, i);
  s %= 11;
  if (s == 10) {
    s = 0;
    for (size_t i = 0; i < 10; ++i) s += static_cast<int>((i + 2) % 9 + 1) * Dig(d, i);
    s %= 11;
  }
  return s % 10 == Dig(d, 10);
}

bool LvPersonalCodeValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11) return false;
  if (d[0] == '3' && d[1] == '2') return true;  // since 2017: no date, no check digit
  if (!ValidDayMonth(Num(d, 0, 2), Num(d, 2, 2)) || d[6] > '2') return false;
  const int s = Weighted(d, std::array<int, 10>{1, 6, 3, 7, 9, 10, 5, 8, 4, 2});
  return (1101 - s) % 11 % 10 == Dig(d, 10);
}

bool RoCnpValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 13 || d[0] == '0') return false;
  if (!ValidDayMonth(Num(d, 5, 2), Num(d, 3, 2))) return false;
  const int county = Num(d, 7, 2);
  // 01-48 counties and Bucharest sectors, 51 Călărași, 52 Giurgiu, 70 any, 80-83 unknown.
  if (county < 1 || (county > 48 && county != 51 && county != 52 && county != 70 &&
                     (county < 80 || county > 83))) {
    return false;
  }
  int c = Weighted(d, std::array<int, 12>{2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9}) % 11;
  if (c == 10) c = 1;
  return c == Dig(d, 12);
}

bool BgEgnValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 10) return false;
  int month = Num(d, 2, 2);
  if (month > 40) {
    month -= 40;
  } else if (month > 20) {
    month -= 20;
  }
  if (!ValidDayMonth(Num(d, 4, 2), month)) return false;
  return Weighted(d, std::array<int, 9>{2, 4, 8, 5, 10, 9, 7, 3, 6}) % 11 % 10 == Dig(d, 9);
}

bool CzBirthNumberValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 10) return false;
  int month = Num(d, 2, 2);
  if (month > 70) {
    month -= 70;
  } else if (month > 50) {
    month -= 50;
  } else if (month > 20) {
    month -= 20;
  }
  if (!ValidDayMonth(Num(d, 4, 2), month)) return false;
  // Until 1985 a remainder of 10 was written 0; since then such numbers are not issued.
  const int yy = Num(d, 0, 2);
  const int year = yy < 54 ? 2000 + yy : 1900 + yy;
  const int r = static_cast<int>(Num64(d, 0, 9) % 11);
  return (year < 1985 ? r % 10 : r) == Dig(d, 9);
}

bool PtNifValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 9 || d[0] == '0') return false;
  int c = 11 - Weighted(d, std::array<int, 8>{9, 8, 7, 6, 5, 4, 3, 2}) % 11;
  if (c >= 10) c = 0;
  return c == Dig(d, 8);
}

bool IePpsnValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 8 && s.size() != 9) return false;
  const std::string digits = s.substr(0, 7);
  if (!AllDigits(digits) || !IsUpper(s[7])) return false;
  int sum = Weighted(digits, std::array<int, 7>{8, 7, 6, 5, 4, 3, 2});
  if (s.size() == 9) {
    const char second = s[8];
    if (second == 'A' || second == 'B' || second == 'H') {  // since 2013: weighted 9
      sum += 9 * (second - 'A' + 1);
    } else if (second != 'W' && second != 'T' && second != 'X') {  // older forms: ignored
      return false;
    }
  }
  static constexpr std::string_view kLetters = "WABCDEFGHIJKLMNOPQRSTUV";
  return s[7] == kLetters[static_cast<size_t>(sum % 23)];
}

bool IsKennitalaValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 10 || (d[9] != '0' && d[9] != '8' && d[9] != '9')) return false;
  int day = Num(d, 0, 2);
  if (day > 40) day -= 40;  // organisations
  if (!ValidDayMonth(day, Num(d, 2, 2))) return false;
  return Weighted(d, std::array<int, 9>{3, 2, 7, 6, 5, 4, 3, 2, 1}) % 11 == 0;
}

bool SgNricValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 9 || !AllDigits(s.substr(1, 7))) return false;
  const char prefix = s[0];
  int sum = Weighted(s, std::array<int, 7>{2, 7, 6, 5, 4, 3, 2}, 1);
  std::string_view table;
  if (prefix == 'S' || prefix == 'T') {
    table = "JZIHGFEDCBA";
  } else if (prefix == 'F' || prefix == 'G') {
    table = "XWUTRQPNMLK";
  } else {
    return false;
  }
  if (prefix == 'T' || prefix == 'G') sum += 4;
  return s[8] == table[static_cast<size_t>(sum % 11)];
}

bool KrRrnValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 13) return false;
  if (!ValidDayMonth(Num(d, 4, 2), Num(d, 2, 2))) return false;
  const int s = Weighted(d, std::array<int, 12>{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5});
  return (11 - s % 11) % 10 == Dig(d, 12);
}

bool JpMyNumberValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 12) return false;
  const int r = Weighted(d, std::array<int, 11>{6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2}) % 11;
  return (r <= 1 ? 0 : 11 - r) == Dig(d, 11);
}

bool AuAbnValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11 || d[0] == '0') return false;
  static constexpr std::array<int, 11> kWeights = {10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19};
  int sum = 0;
  for (size_t i = 0; i < 11; ++i) sum += kWeights[i] * (Dig(d, i) - (i == 0 ? 1 : 0));
  return sum % 89 == 0;
}

bool AuMedicareValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if ((d.size() != 10 && d.size() != 11) || d[0] < '2' || d[0] > '6') return false;
  return Weighted(d, std::array<int, 8>{1, 3, 7, 9, 1, 3, 7, 9}) % 10 == Dig(d, 8);
}

bool ThPinValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 13 || d[0] == '0' || d[0] == '9') return false;
  int s = 0;
  for (size_t i = 0; i < 12; ++i) s += Dig(d, i) * static_cast<int>(13 - i);
  return (11 - s % 11) % 10 == Dig(d, 12);
}

bool BrCnpjValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 14 || !IsDigit(s[12]) || !IsDigit(s[13])) return false;
  if (s.find_first_not_of(s[0]) == std::string::npos) return false;  // 00000000000000
  auto check = [&s](size_t n) {
    int sum = 0;
    int w = static_cast<int>(n) - 7;  // 5 for 12 characters, 6 for 13; then 9 down to 2
    for (size_t i = 0; i < n; ++i) {
      if (w < 2) w = 9;
      sum += (s[i] - '0') * w--;
    }
    const int r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return check(12) == s[12] - '0' && check(13) == s[13] - '0';
}

bool UsNpiValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  return d.size() == 10 && (d[0] == '1' || d[0] == '2') && LuhnValid("80840" + d);
}

bool UsDeaValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 9 || !AllDigits(s.substr(2))) return false;
  if (std::string_view("ABCDEFGHJKLMPRSTUX").find(s[0]) == std::string_view::npos) return false;
  if (!IsUpper(s[1]) && s[1] != '9') return false;
  const int sum = Dig(s, 2) + Dig(s, 4) + Dig(s, 6) + 2 * (Dig(s, 3) + Dig(s, 5) + Dig(s, 7));
  return sum % 10 == Dig(s, 8);
}

bool InGstinValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 15 || !IsDigit(s[0]) || !IsDigit(s[1])) return false;
  const int state = Dig(s, 0) * 10 + Dig(s, 1);
  if (!((state >= 1 && state <= 38) || state == 97)) return false;
  for (size_t i = 2; i < 7; ++i) {
    if (!IsUpper(s[i])) return false;
  }
  if (std::string_view("ABCFGHLJPTK").find(s[5]) == std::string_view::npos) return false;
  if (!AllDigits(s.substr(7, 4)) || !IsUpper(s[11]) || s[12] == '0' || s[13] != 'Z') return false;
  // Luhn mod 36 from the right: the check character has weight 1, the one before it 2, ...
  int sum = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    const char c = s[s.size() - 1 - k];
    const int v = IsDigit(c) ? c - '0' : c - 'A' + 10;
    const int p = k % 2 == 1 ? v * 2 : v;
    sum += p / 36 + p % 36;
  }
  return sum % 36 == 0;
}

bool TrTcknValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11 || d[0] == '0') return false;
  const int odd = Dig(d, 0) + Dig(d, 2) + Dig(d, 4) + Dig(d, 6) + Dig(d, 8);
  const int even = Dig(d, 1) + Dig(d, 3) + Dig(d, 5) + Dig(d, 7);
  if (((7 * odd - even) % 10 + 10) % 10 != Dig(d, 9)) return false;
  int sum = 0;
  for (size_t i = 0; i < 10; ++i) sum += Dig(d, i);
  return sum % 10 == Dig(d, 10);
}

bool ZaIdValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 13 || d[10] > '2') return false;
  const int yy = Num(d, 0, 2), month = Num(d, 2, 2), day = Num(d, 4, 2);
  const auto exists = [&](int year) {
    return std::chrono::year_month_day(std::chrono::year(year),
                                       std::chrono::month(static_cast<unsigned>(month)),
                                       std::chrono::day(static_cast<unsigned>(day)))
        .ok();
  };
  if (!exists(1900 + yy) && !exists(2000 + yy)) return false;
  return LuhnValid(d);
}

bool UkDrivingLicenceValid(std::string_view value) {
  if (value.size() != 16) return false;
  std::string s(value);
  for (char& c : s) c = Upper(c);
  size_t letters = 0;
  while (letters < 5 && IsUpper(s[letters])) ++letters;
  if (letters == 0) return false;
  for (size_t i = letters; i < 5; ++i) {
    if (s[i] != '9') return false;
  }
  if (!AllDigits(s.substr(5, 6)) || !IsDigit(s[13])) return false;
  int month = Num(s, 6, 2);
  if (month > 50) month -= 50;
  if (month < 1 || month > 12 || !ValidDayMonth(Num(s, 8, 2), month)) return false;
  if (!IsUpper(s[11]) || !(IsUpper(s[12]) || s[12] == '9')) return false;
  return std::isalnum(static_cast<unsigned char>(s[14])) &&
         std::isalnum(static_cast<unsigned char>(s[15]));
}

bool GbUtrValid(std::string_view value) {
  std::string s = DigitsOf(value);
  if (s.size() != 10) return false;
  static constexpr int kWeights[] = {6, 7, 8, 9, 10, 5, 4, 3, 2};
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) sum += Dig(s, i + 1) * kWeights[i];
  return "21987654321"[sum % 11] == s[0];
}

namespace {

int CurrentYear() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(std::chrono::year_month_day(today).year());
}

}  // namespace

bool UkVehicleRegistrationValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 7 || !IsUpper(s[0]) || !IsUpper(s[1]) || !IsDigit(s[2]) || !IsDigit(s[3])) {
    return false;
  }
  auto one_of = [](char c, std::string_view letters) {
    return letters.find(c) != std::string_view::npos;
  };
  if (one_of(s[0], "IQZ") || one_of(s[1], "IQZ")) return false;
  for (size_t i = 4; i < 7; ++i) {
    if (!IsUpper(s[i]) || one_of(s[i], "IQ")) return false;
  }
  const int age = Num(s, 2, 2);
  const int year = CurrentYear() % 100;
  return (age >= 2 && age <= year) || (age >= 51 && age <= year + 50);
}

bool Iso7064Mod1110Valid(std::string_view value) {
  const std::string d = DigitsOf(value);
  return d.size() >= 2 && Iso7064Mod1110CheckDigit(std::string_view(d).substr(0, d.size() - 1)) ==
                              Dig(d, d.size() - 1);
}

bool KrBrnValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 10 || Num(d, 0, 3) < 101 || Num(d, 3, 2) == 0 || Num(d, 5, 4) == 0) return false;
  int sum = Weighted(d, std::array<int, 9>{1, 3, 7, 1, 3, 7, 1, 3, 5});
  sum += Dig(d, 8) * 5 / 10;
  return (10 - sum % 10) % 10 == Dig(d, 9);
}

bool SgUenValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() == 9) {  // business (ROB): 8 digits and a check letter
    if (!AllDigits(s.substr(0, 8))) return false;
    const int sum = Weighted(s, std::array<int, 8>{10, 4, 9, 3, 8, 2, 7, 1});
    return s[8] == "XMKECAWLJDB"[sum % 11];
  }
  if (s.size() != 10) return false;
  if (IsDigit(s[0])) {  // local company (ROC): a year, 5 digits and a check letter
    if (!AllDigits(s.substr(0, 9)) || Num(s, 0, 4) > CurrentYear()) return false;
    const int sum = Weighted(s, std::array<int, 9>{10, 8, 6, 4, 9, 7, 5, 3, 1});
    return s[9] == "ZKCMDNERGWH"[sum % 11];
  }
  // Other entities: R/S/T (the century: 18, 19, 20), the year, the entity type, 4 digits.
  static constexpr std::string_view kTypes[] = {
      "CC", "CD", "CH", "CL", "CM", "CP", "CS", "CX", "DP", "FB", "FC", "FM", "FN",
      "GA", "GB", "GS", "HS", "LL", "LP", "MB", "MC", "MD", "MH", "MM", "MQ", "NB",
      "NR", "PA", "PB", "PF", "RF", "RP", "SM", "SS", "TC", "TU", "VH", "XL"};
  if (s[0] != 'R' && s[0] != 'S' && s[0] != 'T') return false;
  if (!AllDigits(s.substr(1, 2)) || !AllDigits(s.substr(5, 4))) return false;
  if (s[0] == 'T' && Num(s, 1, 2) > CurrentYear() % 100) return false;
  const std::string_view type = std::string_view(s).substr(3, 2);
  if (std::find(std::begin(kTypes), std::end(kTypes), type) == std::end(kTypes)) return false;
  static constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWX0123456789";
  static constexpr int kWeights[] = {4, 3, 5, 3, 10, 2, 2, 5, 7};
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) {
    const size_t v = kAlphabet.find(s[i]);
    if (v == std::string_view::npos) return false;
    sum += static_cast<int>(v) * kWeights[i];
  }
  return s[9] == kAlphabet[static_cast<size_t>(((sum - 5) % 11 + 11) % 11)];
}

bool InEpicValid(std::string_view value) {
  if (value.size() != 10) return false;
  const std::string_view letters = value.substr(0, 3);
  for (std::string_view record : {"INC", "CHG", "PRB", "REQ", "TKT"}) {
    if (letters == record) return false;
  }
  for (size_t i = 0; i < 3; ++i) {
    if (!IsUpper(value[i])) return false;
  }
  const std::string_view digits = value.substr(3);
  return AllDigits(digits) && LuhnValid(digits);
}

bool PtCitizenCardValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 12 || !AllDigits(std::string_view(s).substr(0, 9)) || !IsDigit(s[11]))
    return false;
  int sum = 0;
  for (size_t k = 0; k < 12; ++k) {  // from the right, every second value doubled
    const char c = s[11 - k];
    int v = IsDigit(c) ? c - '0' : c - 'A' + 10;
    if (k % 2 == 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 == 0;
}

namespace {

// Letters and digits weighted as Polish identity documents are: A=10 to Z=35; the sum of
// weights[i] * value mod 10 is 0 for a valid number. `letters` leading characters are letters.
bool PolishDocumentValid(std::string_view value, size_t letters,
                         const std::array<int, 9>& weights) {
  const std::string s = AlnumOf(value);
  if (s.size() != 9) return false;
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) {
    const char c = s[i];
    if (i < letters ? !IsUpper(c) : !IsDigit(c)) return false;
    sum += weights[i] * (IsDigit(c) ? c - '0' : c - 'A' + 10);
  }
  return sum % 10 == 0;
}

}  // namespace

bool PlIdCardValid(std::string_view value) {
  return PolishDocumentValid(value, 3, {7, 3, 1, 9, 7, 3, 1, 7, 3});
}

bool PlPassportValid(std::string_view value) {
  return PolishDocumentValid(value, 2, {7, 3, 9, 1, 7, 3, 1, 7, 3});
}

bool PlRegonValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 9 && d.size() != 14) return false;
  if (Weighted(d, std::array<int, 8>{8, 9, 2, 3, 4, 5, 6, 7}) % 11 % 10 != Dig(d, 8)) return false;
  return d.size() == 9 ||
         Weighted(d, std::array<int, 13>{2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8}) % 11 % 10 ==
             Dig(d, 13);
}

bool CaHealthNumberValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() == 12 && IsUpper(s[0])) {  // Quebec: NNNP YYMM DDAA
    for (size_t i = 0; i < 4; ++i) {
      if (!IsUpper(s[i])) return false;
    }
    if (!AllDigits(std::string_view(s).substr(4))) return false;
    int month = Num(s, 6, 2);
    if (month > 50) month -= 50;
    return ValidDayMonth(Num(s, 8, 2), month);
  }
  // Ontario's version code (1-2 letters) is not part of the number.
  std::string_view digits(s);
  while (!digits.empty() && IsUpper(digits.back())) digits.remove_suffix(1);
  if (digits.size() != 10 || s.size() - digits.size() > 2 || !AllDigits(digits)) return false;
  if (digits[0] == '9') {  // British Columbia
    static constexpr int kWeights[] = {2, 4, 8, 5, 10, 9, 7, 3};
    int sum = 0;
    for (size_t i = 0; i < 8; ++i) sum += (digits[i + 1] - '0') * kWeights[i] % 11;
    if (11 - sum % 11 == digits[9] - '0') return true;
  }
  return LuhnValid(digits);  // Ontario
}

}  // namespace bulwark
