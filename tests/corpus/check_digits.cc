#include "corpus/check_digits.h"

#include <cstdint>

namespace bulwark::corpus {

char LuhnDigit(const std::string& payload) {
  int sum = 0;
  for (size_t i = 0; i < payload.size(); ++i) {
    int d = payload[payload.size() - 1 - i] - '0';
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string Group(const std::string& digits, const std::vector<int>& sizes,
                  const std::string& sep) {
  std::string out;
  size_t pos = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i > 0) out += sep;
    out += digits.substr(pos, static_cast<size_t>(sizes[i]));
    pos += static_cast<size_t>(sizes[i]);
  }
  return out;
}

int Mod97(const std::string& s) {
  int rem = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      rem = (rem * 10 + (c - '0')) % 97;
    } else {
      rem = (rem * 100 + (c - 'A' + 10)) % 97;
    }
  }
  return rem;
}

std::string IbanCheckDigits(const std::string& country, const std::string& bban) {
  const int check = 98 - Mod97(bban + country + "00");
  return (check < 10 ? "0" : "") + std::to_string(check);
}

char VerhoeffDigit(const std::string& payload) {
  static const int d[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static const int p[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                               {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                               {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                               {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  static const int inv[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};
  int c = 0;
  for (size_t i = 0; i < payload.size(); ++i) {
    c = d[c][p[(i + 1) % 8][payload[payload.size() - 1 - i] - '0']];
  }
  return static_cast<char>('0' + inv[c]);
}

int WeightedSum(const std::string& digits, const std::vector<int>& weights) {
  int sum = 0;
  for (size_t i = 0; i < weights.size() && i < digits.size(); ++i) {
    sum += (digits[i] - '0') * weights[i];
  }
  return sum;
}

char Mod11_10Digit(const std::string& payload) {
  int product = 10;
  for (char ch : payload) {
    int sum = (ch - '0' + product) % 10;
    if (sum == 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const int check = 11 - product;
  return static_cast<char>('0' + (check == 10 ? 0 : check));
}

char CodiceFiscaleLetter(const std::string& first15) {
  // Values of characters in odd (1st, 3rd, ...) positions; digits map like A..J.
  static const int kOdd[26] = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                               20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
  int sum = 0;
  for (size_t i = 0; i < first15.size(); ++i) {
    const char c = first15[i];
    const int idx = c >= '0' && c <= '9' ? c - '0' : c - 'A';
    sum += i % 2 == 0 ? kOdd[idx] : idx;
  }
  return static_cast<char>('A' + sum % 26);
}

std::string Base62Crc32(const std::string& body) {
  uint32_t crc = 0xFFFFFFFFu;  // CRC-32 (IEEE, reflected), bit by bit
  for (unsigned char c : body) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  crc = ~crc;
  static const char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out(6, '0');
  for (int i = 5; i >= 0; --i, crc /= 62) out[static_cast<size_t>(i)] = kDigits[crc % 62];
  return out;
}

}  // namespace bulwark::corpus
