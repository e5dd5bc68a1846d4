// Small character and digit helpers shared by the identifier checks (national_checks.cc,
// german_checks.cc). Internal to the detect layer; ASCII only.
#ifndef BULWARK_ENGINE_DETECT_CHECK_UTIL_H_
#define BULWARK_ENGINE_DETECT_CHECK_UTIL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bulwark::check_util {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Letters and digits of `v`, letters upper-cased: separators dropped.
inline std::string AlnumOf(std::string_view v) {
  std::string out;
  for (char c : v) {
    c = Upper(c);
    if (IsDigit(c) || IsUpper(c)) out.push_back(c);
  }
  return out;
}

inline int Dig(std::string_view s, size_t i) { return s[i] - '0'; }

inline int Num(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t k = 0; k < n; ++k) v = v * 10 + Dig(s, pos + k);
  return v;
}

inline int64_t Num64(std::string_view s, size_t pos, size_t n) {
  int64_t v = 0;
  for (size_t k = 0; k < n; ++k) v = v * 10 + Dig(s, pos + k);
  return v;
}

inline bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return !s.empty();
}

// A day and month that exist in some year (29 February included).
inline bool ValidDayMonth(int day, int month) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1];
}

// Sum of weights[i] * digit i over the first weights.size() digits of `d` from `from`.
template <size_t N>
int Weighted(std::string_view d, const std::array<int, N>& weights, size_t from = 0) {
  int sum = 0;
  for (size_t i = 0; i < N; ++i) sum += weights[i] * Dig(d, from + i);
  return sum;
}

}  // namespace bulwark::check_util

#endif  // BULWARK_ENGINE_DETECT_CHECK_UTIL_H_
