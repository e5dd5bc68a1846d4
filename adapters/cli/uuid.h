// Deterministic UUID-shaped identifiers for simulated notifications.
#ifndef BULWARK_ADAPTERS_CLI_UUID_H_
#define BULWARK_ADAPTERS_CLI_UUID_H_

#include <openssl/evp.h>

#include <string>

namespace bulwark::cli {

// A version-4-shaped UUID from the SHA-256 of `seed` (same seed, same id).
inline std::string DeterministicUuid(const std::string& seed) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(seed.data(), seed.size(), md, &len, EVP_sha256(), nullptr);
  md[6] = static_cast<unsigned char>((md[6] & 0x0F) | 0x40);
  md[8] = static_cast<unsigned char>((md[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_UUID_H_
