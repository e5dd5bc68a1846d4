// Structural checks for values without a check digit: secrets (entropy, JWT), network
// addresses, SWIFT/BIC codes and phone numbers. Used by validators; pure and thread-safe.
#ifndef BULWARK_ENGINE_DETECT_TOKEN_CHECKS_H_
#define BULWARK_ENGINE_DETECT_TOKEN_CHECKS_H_

#include <cstdint>
#include <string_view>

namespace bulwark {

// Shannon entropy of the byte distribution of `s`, in bits per character (0 for "").
double ShannonEntropyBits(std::string_view s);

// How many of the classes lower-case letter, upper-case letter, digit and other printable
// ASCII occur in `s` (0-4).
int CharClassCount(std::string_view s);

struct EntropyParams {
  double min_bits = 3.0;  // Shannon entropy per character, at least
  int min_classes = 1;    // character classes (see CharClassCount), at least
  int min_length = 8;     // characters, at least

  bool operator==(const EntropyParams&) const = default;
};
// True when `s` looks random enough to be a secret rather than a word or a placeholder.
bool EntropyValid(std::string_view s, const EntropyParams& params);

// The CRC-32 (IEEE 802.3, as zlib's crc32) of `s`.
uint32_t Crc32(std::string_view s);

// A GitHub classic or npm access token: a 4-character prefix ending in '_' ("ghp_", "gho_",
// "ghu_", "ghs_", "ghr_", "npm_"), 30 base62 characters of entropy, then the CRC-32 of those
// 30 characters as 6 base62 digits (alphabet 0-9A-Za-z, most significant first, zero-padded).
// https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/ and
// https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/ describe the
// layout; a token with a wrong checksum was never issued.
bool Base62Crc32TokenValid(std::string_view s);

// A JSON Web Token (RFC 7519) in compact serialization: three base64url segments whose first
// two decode to JSON objects and whose header names an algorithm ("alg").
bool JwtValid(std::string_view s);

// An IPv4 address in dotted-quad form (each octet 0-255, no leading zeros) or an IPv6 address
// (RFC 4291 text forms) with at least two non-empty groups and at least one digit, so that
// words such as "dead::beef" or C++ scopes ("std::") are not addresses.
bool IpAddressValid(std::string_view s);

// A MAC address (IEEE 802 EUI-48) written as six hex pairs separated by ':' or '-', or as three
// groups of four hex digits separated by '.': not one byte repeated (00:00:00:00:00:00, the
// broadcast ff:ff:ff:ff:ff:ff) and not in the range RFC 7042 reserves for documentation
// (00-00-5E-00-53-00 to 00-00-5E-00-53-FF).
bool MacAddressValid(std::string_view s);

// A SWIFT/BIC code (ISO 9362): 4 letters (institution), an ISO 3166-1 country code,
// 2 letters or digits (location), optionally 3 letters or digits (branch). Upper case only.
bool BicValid(std::string_view s);

// A phone number: with a leading '+', 8-15 digits in all (E.164) and a plausible North American
// number after +1; without it, a national number: 10 digits following the North American
// numbering plan (area and exchange codes 2-9xx, not N11), 9-12 digits after a trunk 0, or
// 10 digits grouped 3-3-2-2 from 2-5 (Turkey without its trunk 0). Runs of one repeated digit
// and ascending/descending runs are rejected.
bool PhoneValid(std::string_view s);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_TOKEN_CHECKS_H_
