#include "detect/eu_id_checks.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "detect/check_util.h"
#include "detect/checksum.h"

namespace bulwark {
using check_util::AllDigits;
using check_util::AlnumOf;
using check_util::IsDigit;
using check_util::IsUpper;
using check_util::Num;
using check_util::Num64;

bool FrSpiValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 13 || d[0] > '3') return false;
  return Num64(d, 0, 10) % 511 == Num(d, 10, 3);
}

bool AtTaxNumberValid(std::string_view value) {
  // The tax offices' codes (BMF, Finanzamtsnummern; the two digits a Steuernummer starts with).
  static constexpr int kOffices[] = {3,  4,  6,  7,  8,  9,  10, 12, 15, 16, 18, 22, 23, 29,
                                     33, 38, 41, 46, 51, 52, 53, 54, 57, 59, 61, 65, 67, 68,
                                     69, 71, 72, 81, 82, 83, 84, 90, 91, 93, 97, 98};
  const std::string d = DigitsOf(value);
  if (d.size() != 9) return false;
  return std::binary_search(std::begin(kOffices), std::end(kOffices), Num(d, 0, 2)) && LuhnValid(d);
}

bool EsSocialSecurityValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11 && d.size() != 12) return false;
  const int province = Num(d, 0, 2);
  if (province < 1 || (province > 53 && province != 66)) return false;
  const size_t body = d.size() - 4;  // 7 or 8 digits
  const int64_t number = Num64(d, 2, body);
  const int check = Num(d, d.size() - 2, 2);
  if ((province * int64_t{100000000} + number) % 97 == check) return true;
  return number < 10000000 && (province * int64_t{10000000} + number) % 97 == check;
}

bool FrCniValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() == 12) {
    const std::string_view v(s);
    if (!AllDigits(v.substr(0, 4)) || !AllDigits(v.substr(7))) return false;
    const int month = Num(s, 2, 2);
    if (month < 1 || month > 12) return false;
    const std::string_view dept = v.substr(4, 2);
    if (!IsDigit(s[6])) return false;
    if (dept == "2A" || dept == "2B") return true;
    if (!AllDigits(dept)) return false;
    const int d = Num(s, 4, 2);  // 01-95 in France, 97 overseas, 99 abroad
    return (d >= 1 && d <= 95) || d == 97 || d == 99;
  }
  if (s.size() != 9) return false;
  bool digit = false;
  bool letter = false;
  for (char c : s) {
    digit |= IsDigit(c);
    letter |= IsUpper(c);
  }
  return digit && letter;
}

}  // namespace bulwark
