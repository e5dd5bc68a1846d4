#include "detect/token_checks.h"

#include <arpa/inet.h>

#include <array>
#include <bitset>
#include <cctype>
#include <cmath>
#include <string>

namespace bulwark {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// ISO 3166-1 alpha-2 codes (tzdata iso3166.tab, 249 entries) and XK (Kosovo, used by SWIFT),
// concatenated in sorted order.
constexpr std::string_view kCountryCodes =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCM"
    "CNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGY"
    "HKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMF"
    "MGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARE"
    "RORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZ"
    "VAVCVEVGVIVNVUWFWSXKYEYTZAZMZW";

bool IsCountryCode(char a, char b) {
  static const std::bitset<26 * 26> kSet = [] {
    std::bitset<26 * 26> set;
    for (size_t i = 0; i + 1 < kCountryCodes.size(); i += 2) {
      set.set(static_cast<size_t>(kCountryCodes[i] - 'A') * 26 +
              static_cast<size_t>(kCountryCodes[i + 1] - 'A'));
    }
    return set;
  }();
  return IsUpper(a) && IsUpper(b) &&
         kSet.test(static_cast<size_t>(a - 'A') * 26 + static_cast<size_t>(b - 'A'));
}

// Decodes base64url (RFC 4648 section 5, padding optional); false on any other character.
bool Base64UrlDecode(std::string_view in, std::string* out) {
  out->clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (IsDigit(c)) {
      v = c - '0' + 52;
    } else if (c == '-') {
      v = 62;
    } else if (c == '_') {
      v = 63;
    } else if (c == '=') {
      break;
    } else {
      return false;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

// A decoded JWT segment that is a JSON object: "{" ... "}" around optional whitespace.
bool LooksLikeJsonObject(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\r\n");
  const size_t last = s.find_last_not_of(" \t\r\n");
  return first != std::string_view::npos && s[first] == '{' && s[last] == '}';
}

// True for a run of one digit repeated, or digits ascending / descending by one throughout.
bool TrivialDigitRun(const std::string& d) {
  bool same = true, up = true, down = true;
  for (size_t i = 1; i < d.size(); ++i) {
    same = same && d[i] == d[i - 1];
    up = up && d[i] - d[i - 1] == 1;
    down = down && d[i - 1] - d[i] == 1;
  }
  return same || up || down;
}

// North American Numbering Plan: NPA and NXX start with 2-9 and are not N11.
bool NanpValid(std::string_view ten) {
  auto ok3 = [](std::string_view x) { return x[0] >= '2' && !(x[1] == '1' && x[2] == '1'); };
  return ten.size() == 10 && ok3(ten.substr(0, 3)) && ok3(ten.substr(3, 3));
}

}  // namespace

double ShannonEntropyBits(std::string_view s) {
  if (s.empty()) return 0.0;
  std::array<int, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  double bits = 0.0;
  const double n = static_cast<double>(s.size());
  for (int count : counts) {
    if (count == 0) continue;
    const double p = count / n;
    bits -= p * std::log2(p);
  }
  return bits;
}

int CharClassCount(std::string_view s) {
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (IsUpper(c)) {
      upper = true;
    } else if (IsDigit(c)) {
      digit = true;
    } else if (c > ' ' && c < 0x7F) {
      other = true;
    }
  }
  return int{lower} + int{upper} + int{digit} + int{other};
}

bool EntropyValid(std::string_view s, const EntropyParams& params) {
  return static_cast<int>(s.size()) >= params.min_length &&
         CharClassCount(s) >= params.min_classes && ShannonEntropyBits(s) >= params.min_bits;
}

uint32_t Crc32(std::string_view s) {
  static constexpr std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (char ch : s) crc = kTable[(crc ^ static_cast<uint8_t>(ch)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

bool Base62Crc32TokenValid(std::string_view s) {
  constexpr size_t kPrefix = 4, kBody = 30, kCheck = 6;
  if (s.size() != kPrefix + kBody + kCheck || s[kPrefix - 1] != '_') return false;
  uint64_t check = 0;  // six base62 digits reach 62^6 - 1 > 2^32, so 64 bits
  for (size_t i = kPrefix; i < s.size(); ++i) {
    const char c = s[i];
    int v;
    if (IsDigit(c)) {
      v = c - '0';
    } else if (IsUpper(c)) {
      v = c - 'A' + 10;
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 36;
    } else {
      return false;
    }
    if (i >= kPrefix + kBody) check = check * 62 + static_cast<uint64_t>(v);
  }
  return check == Crc32(s.substr(kPrefix, kBody));
}

bool JwtValid(std::string_view s) {
  const size_t dot1 = s.find('.');
  if (dot1 == std::string_view::npos) return false;
  const size_t dot2 = s.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || s.find('.', dot2 + 1) != std::string_view::npos) {
    return false;
  }
  std::string header, payload, signature;
  if (!Base64UrlDecode(s.substr(0, dot1), &header) ||
      !Base64UrlDecode(s.substr(dot1 + 1, dot2 - dot1 - 1), &payload) ||
      !Base64UrlDecode(s.substr(dot2 + 1), &signature)) {
    return false;
  }
  return LooksLikeJsonObject(header) && header.find("\"alg\"") != std::string::npos &&
         LooksLikeJsonObject(payload);
}

bool IpAddressValid(std::string_view s) {
  if (s.size() >= INET6_ADDRSTRLEN) return false;
  const std::string text(s);
  unsigned char buf[sizeof(struct in6_addr)];
  if (text.find(':') == std::string::npos) {
    // inet_pton(AF_INET) accepts only the strict dotted-quad; reject leading zeros ("010")
    // which some readers take as octal.
    for (size_t i = 0; i + 1 < text.size(); ++i) {
      const bool starts_octet = i == 0 || text[i - 1] == '.';
      if (starts_octet && text[i] == '0' && IsDigit(text[i + 1])) return false;
    }
    return inet_pton(AF_INET, text.c_str(), buf) == 1;
  }
  if (inet_pton(AF_INET6, text.c_str(), buf) != 1) return false;
  int groups = 0;
  bool digit = false, in_group = false;
  for (char c : text) {
    if (c == ':') {
      in_group = false;
      continue;
    }
    if (!in_group) ++groups;
    in_group = true;
    digit = digit || IsDigit(c);
  }
  return groups >= 2 && digit;
}

bool MacAddressValid(std::string_view s) {
  std::string hex;
  for (char c : s) {
    if (c == ':' || c == '-' || c == '.') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (hex.size() != 12) return false;
  bool repeated = true;
  for (size_t i = 2; i < 12; i += 2) repeated = repeated && hex.compare(i, 2, hex, 0, 2) == 0;
  return !repeated && hex.compare(0, 10, "00005e0053") != 0;
}

bool BicValid(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (!IsUpper(s[i])) return false;
  }
  if (!IsCountryCode(s[4], s[5])) return false;
  for (size_t i = 6; i < s.size(); ++i) {
    if (!IsUpper(s[i]) && !IsDigit(s[i])) return false;
  }
  return true;
}

namespace {

// Grouped 3-3-2-2 as Turkish numbers are written ("532 123 45 67"): digit groups of those
// lengths and nothing else.
bool TurkishGrouping(std::string_view s) {
  static constexpr size_t kGroups[] = {3, 3, 2, 2};
  size_t group = 0, run = 0;
  for (char c : s) {
    if (IsDigit(c)) {
      ++run;
      continue;
    }
    if (run == 0 || group >= 3 || run != kGroups[group]) return false;
    ++group;
    run = 0;
  }
  return group == 3 && run == kGroups[3];
}

}  // namespace

bool PhoneValid(std::string_view s) {
  const size_t start = s.find_first_not_of(' ');
  const bool international = start != std::string_view::npos && s[start] == '+';
  std::string d;
  for (char c : s) {
    if (IsDigit(c)) d.push_back(c);
  }
  if (!international && TurkishGrouping(s)) {
    // Turkey without the trunk 0: area codes 2xx-4xx (fixed) and 5xx (mobile).
    return d[0] >= '2' && d[0] <= '5' && !TrivialDigitRun(d);
  }
  if (d.size() < 8 || d.size() > 15 || TrivialDigitRun(d)) return false;
  if (international) {
    if (d[0] == '0') return false;
    if (d[0] == '1') return d.size() == 11 && NanpValid(std::string_view(d).substr(1));
    return true;
  }
  if (d[0] == '0') return d.size() >= 9 && d.size() <= 12 && d[1] != '0';
  if (d.size() == 11 && d[0] == '1') return NanpValid(std::string_view(d).substr(1));
  return NanpValid(d);
}

}  // namespace bulwark
