#include "detect/checksum.h"

#include <cctype>

namespace bulwark {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Whether the digit groups of a card number written with separators follow a layout issuers
// print: fours (16-19 digits, the last group shorter), Amex 4-6-5, Diners 4-6-4, UATP 4-5-6.
// Without separators any length passes (the pattern bounds it).
bool PrintedLayout(std::string_view s) {
  size_t groups[8];
  size_t n = 0;
  size_t run = 0;
  for (char c : s) {
    if (IsDigit(c)) {
      ++run;
    } else if (run > 0) {
      if (n == 8) return false;
      groups[n++] = run;
      run = 0;
    }
  }
  if (run > 0) {
    if (n == 8) return false;
    groups[n++] = run;
  }
  if (n <= 1) return true;
  if (n == 3) {
    return groups[0] == 4 && ((groups[1] == 6 && (groups[2] == 5 || groups[2] == 4)) ||
                              (groups[1] == 5 && groups[2] == 6));
  }
  if (n != 4 && n != 5) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (groups[i] != 4) return false;
  }
  return n == 4 || groups[4] <= 3;
}

}  // namespace

std::string DigitsOf(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (IsDigit(c)) out.push_back(c);
  }
  return out;
}

bool LuhnValid(std::string_view s) {
  int sum = 0;
  int n = 0;
  for (size_t i = s.size(); i-- > 0;) {
    if (!IsDigit(s[i])) continue;
    int d = s[i] - '0';
    if (n % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    ++n;
  }
  return n >= 2 && sum % 10 == 0;
}

bool PaymentCardValid(std::string_view s) {
  if (!LuhnValid(s) || !PrintedLayout(s)) return false;
  const std::string d = DigitsOf(s);
  if (d.size() < 12) return false;
  const std::string_view account = std::string_view(d).substr(6, d.size() - 7);
  return account.find_first_not_of(account[0]) != std::string_view::npos;
}

bool VerhoeffValid(std::string_view s) {
  static constexpr int kD[10][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
      {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
      {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
      {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static constexpr int kP[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                                    {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                                    {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                                    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  int c = 0;
  int n = 0;
  for (size_t i = s.size(); i-- > 0;) {
    if (!IsDigit(s[i])) continue;
    c = kD[c][kP[n % 8][s[i] - '0']];
    ++n;
  }
  return n >= 2 && c == 0;
}

bool Mod97Valid(std::string_view s) {
  std::string compact;
  for (char c : s) {
    if (c == ' ') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (compact.size() < 5) return false;
  std::string rotated = compact.substr(4) + compact.substr(0, 4);
  int rem = 0;
  for (char c : rotated) {
    if (IsDigit(c)) {
      rem = (rem * 10 + (c - '0')) % 97;
    } else {
      int v = c - 'A' + 10;
      rem = (rem * 100 + v) % 97;
    }
  }
  return rem == 1;
}

int Iso7064Mod1110CheckDigit(std::string_view digits) {
  int product = 10;
  for (char c : digits) {
    int sum = (c - '0' + product) % 10;
    if (sum == 0) sum = 10;
    product = sum * 2 % 11;
  }
  return (11 - product) % 10;
}

bool Mod11Valid(std::string_view s, const Mod11Params& p) {
  if (p.modulus < 2 || p.weights.empty()) return false;
  std::string digits;
  bool check_is_x = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c)) {
      if (check_is_x) return false;  // X only as the last character
      digits.push_back(c);
    } else if ((c == 'X' || c == 'x') && p.ten_is_x) {
      if (check_is_x) return false;
      check_is_x = true;
    }
  }
  const bool zero_sum = p.mode == Mod11Params::Mode::kZeroSum;
  const size_t expected = p.weights.size() + (zero_sum ? 0 : 1);
  if (digits.size() + (check_is_x ? 1 : 0) != expected) return false;
  if (zero_sum) {
    if (check_is_x) return false;
    long sum = 0;
    for (size_t i = 0; i < digits.size(); ++i) sum += p.weights[i] * (digits[i] - '0');
    return ((sum % p.modulus) + p.modulus) % p.modulus == 0;
  }
  long sum = 0;
  for (size_t i = 0; i < p.weights.size(); ++i) sum += p.weights[i] * (digits[i] - '0');
  long r = ((sum % p.modulus) + p.modulus) % p.modulus;
  long check = p.mode == Mod11Params::Mode::kComplement ? (p.modulus - r) % p.modulus : r;
  if (check == 10 && p.ten_is_zero) check = 0;
  if (check == 10) return p.ten_is_x && check_is_x;
  if (check > 10 || check_is_x) return false;
  return digits.back() - '0' == check;
}

}  // namespace bulwark
