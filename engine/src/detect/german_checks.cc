#include "detect/german_checks.h"

#include <algorithm>
#include <array>
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
using check_util::ValidDayMonth;
using check_util::Weighted;

namespace {

// Sum of the digit sums of weights[i] * digits[i].
template <size_t N>
int CrossSumWeighted(const std::string& digits, const std::array<int, N>& weights) {
  int sum = 0;
  for (size_t i = 0; i < N; ++i) {
    const int p = weights[i] * Dig(digits, i);
    sum += p / 10 + p % 10;
  }
  return sum;
}

// "01".."26" for A..Z.
std::string LetterPosition(char upper) {
  const int n = upper - 'A' + 1;
  return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

}  // namespace

bool DeRvnrValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 12 || !AllDigits(s.substr(0, 8)) || !IsUpper(s[8]) ||
      !AllDigits(s.substr(9, 3))) {
    return false;
  }
  int day = Num(s, 2, 2);
  if (day > 50) day -= 50;
  if (!ValidDayMonth(day, Num(s, 4, 2))) return false;
  const std::string digits = s.substr(0, 8) + LetterPosition(s[8]) + s.substr(9, 2);
  const int sum = CrossSumWeighted(digits, std::array<int, 12>{2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1});
  return sum % 10 == Dig(s, 11);
}

bool DeKvnrValid(std::string_view value) {
  const std::string s = AlnumOf(value);
  if (s.size() != 10 || !IsUpper(s[0]) || !AllDigits(s.substr(1))) return false;
  const std::string digits = LetterPosition(s[0]) + s.substr(1, 8);
  const int sum = CrossSumWeighted(digits, std::array<int, 10>{1, 2, 1, 2, 1, 2, 1, 2, 1, 2});
  return sum % 10 == Dig(s, 9);
}

bool DeLanrValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 9 || d.compare(0, 6, "000000") == 0) return false;
  const int sum = Weighted(d, std::array<int, 6>{4, 9, 4, 9, 4, 9});
  return (10 - sum % 10) % 10 == Dig(d, 6);
}

bool DeBsnrValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 9 || std::all_of(d.begin(), d.end(), [&](char c) { return c == d[0]; })) {
    return false;
  }
  static constexpr int kRegions[] = {1,  2,  3,  17, 20, 35, 38, 46, 51, 52,
                                     71, 72, 73, 74, 78, 83, 88, 93, 98};
  return std::find(std::begin(kRegions), std::end(kRegions), Num(d, 0, 2)) != std::end(kRegions);
}

bool DeIdCardValid(std::string_view value) {
  static constexpr std::string_view kAlphabet = "0123456789CFGHJKLMNPRTVWXYZ";
  static constexpr std::string_view kFirst = "LMNPRTVWXY";
  const std::string s = AlnumOf(value);
  if ((s.size() != 9 && s.size() != 10) || kFirst.find(s[0]) == std::string_view::npos) {
    return false;
  }
  int digits = 0;
  int sum = 0;
  static constexpr int kWeights[] = {7, 3, 1};
  for (size_t i = 0; i < 9; ++i) {
    if (kAlphabet.find(s[i]) == std::string_view::npos) return false;
    const int v = IsDigit(s[i]) ? s[i] - '0' : s[i] - 'A' + 10;
    digits += IsDigit(s[i]) ? 1 : 0;
    sum += v * kWeights[i % 3];
  }
  if (digits < 4) return false;
  return s.size() == 9 || (IsDigit(s[9]) && sum % 10 == Dig(s, 9));
}

bool DeSteuernummerValid(std::string_view value) {
  if (value.find('/') != std::string_view::npos) {
    // Group lengths as written: FF/BBB/UUUUP, FFF/BBB/UUUUP, FFF/BBBB/UUUP.
    std::array<size_t, 3> groups{};
    size_t g = 0;
    for (char c : value) {
      if (c == '/') {
        if (++g > 2) return false;
      } else if (IsDigit(c)) {
        ++groups[g];
      } else if (c != ' ') {
        return false;
      }
    }
    if (g != 2) return false;
    return groups == std::array<size_t, 3>{2, 3, 5} || groups == std::array<size_t, 3>{3, 3, 5} ||
           groups == std::array<size_t, 3>{3, 4, 4};
  }
  const std::string d = DigitsOf(value);
  if (d.size() != 13 || d[4] != '0') return false;
  static constexpr int kTwoDigit[] = {28, 11, 30, 24, 22, 26, 40, 23, 27, 10, 32, 31, 21, 41};
  return d[0] == '9' || d[0] == '5' ||
         std::find(std::begin(kTwoDigit), std::end(kTwoDigit), Num(d, 0, 2)) != std::end(kTwoDigit);
}

}  // namespace bulwark
