#include "detect/bitcoin_address.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace bulwark {
namespace {

constexpr std::string_view kBase58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::string_view kBech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr uint32_t kBech32Const = 1;
constexpr uint32_t kBech32mConst = 0x2bc830a3;

bool Sha256(const unsigned char* data, size_t n, unsigned char out[32]) {
  unsigned int len = 0;
  return EVP_Digest(data, n, out, &len, EVP_sha256(), nullptr) == 1 && len == 32;
}

bool Base58CheckValid(std::string_view s) {
  if (s.size() < 26 || s.size() > 35) return false;
  // Big-endian base-256 accumulator: 35 base-58 digits fit in 26 bytes.
  std::array<unsigned char, 32> num{};
  for (char c : s) {
    const size_t d = kBase58.find(c);
    if (d == std::string_view::npos) return false;
    uint32_t carry = static_cast<uint32_t>(d);
    for (size_t i = num.size(); i-- > 0;) {
      carry += 58u * num[i];
      num[i] = static_cast<unsigned char>(carry & 0xFF);
      carry >>= 8;
    }
    if (carry != 0) return false;  // longer than any address
  }
  // Each leading '1' is a leading zero byte; the decoded value must be exactly 25 bytes long.
  size_t ones = 0;
  while (ones < s.size() && s[ones] == '1') ++ones;
  size_t first = 0;
  while (first < num.size() && num[first] == 0) ++first;
  if (ones + (num.size() - first) != 25) return false;
  unsigned char bytes[25] = {0};
  for (size_t i = first; i < num.size(); ++i) bytes[ones + (i - first)] = num[i];
  if (bytes[0] != 0x00 && bytes[0] != 0x05) return false;  // mainnet P2PKH, P2SH
  unsigned char h1[32];
  unsigned char h2[32];
  if (!Sha256(bytes, 21, h1) || !Sha256(h1, 32, h2)) return false;
  for (int i = 0; i < 4; ++i) {
    if (h2[i] != bytes[21 + i]) return false;
  }
  return true;
}

uint32_t Polymod(const std::vector<uint8_t>& values) {
  static constexpr uint32_t kGen[] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  uint32_t chk = 1;
  for (uint8_t v : values) {
    const uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGen[i];
    }
  }
  return chk;
}

bool SegwitValid(std::string_view s) {
  if (s.size() < 14 || s.size() > 90) return false;
  bool lower = false;
  bool upper = false;
  std::vector<uint8_t> data;
  for (size_t i = 3; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      upper = true;
      c = static_cast<char>(c - 'A' + 'a');
    } else if (c >= 'a' && c <= 'z') {
      lower = true;
    }
    const size_t d = kBech32.find(c);
    if (d == std::string_view::npos) return false;
    data.push_back(static_cast<uint8_t>(d));
  }
  if (lower && upper) return false;  // BIP-173: never mixed case
  if ((upper && s.substr(0, 3) != "BC1") || (!upper && s.substr(0, 3) != "bc1")) return false;
  // The human-readable part "bc", expanded: high bits, 0, low bits.
  std::vector<uint8_t> values = {3, 3, 0, 2, 3};
  values.insert(values.end(), data.begin(), data.end());
  const uint32_t chk = Polymod(values);
  const uint8_t version = data[0];
  if (version > 16) return false;
  if (chk != (version == 0 ? kBech32Const : kBech32mConst)) return false;
  // The program: 5-bit groups between the version and the checksum, to bytes; the padding
  // must be fewer than 5 zero bits.
  uint32_t acc = 0;
  int bits = 0;
  size_t bytes = 0;
  for (size_t i = 1; i + 6 < data.size(); ++i) {
    acc = ((acc << 5) | data[i]) & 0xFFF;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      ++bytes;
    }
  }
  if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) return false;
  if (bytes < 2 || bytes > 40) return false;
  return version != 0 || bytes == 20 || bytes == 32;
}

}  // namespace

bool BitcoinAddressValid(std::string_view value) {
  if (value.size() >= 3 && (value.substr(0, 3) == "bc1" || value.substr(0, 3) == "BC1")) {
    return SegwitValid(value);
  }
  if (!value.empty() && (value[0] == '1' || value[0] == '3')) return Base58CheckValid(value);
  return false;
}

}  // namespace bulwark
