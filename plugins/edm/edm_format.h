// Exact Data Match table format, shared by `bulwark edm hash` (which writes it) and the edm
// plugin (which reads it). Header-only; needs OpenSSL's libcrypto.
//
// A table holds, for every row and column of a CSV of sensitive records, the first 8 bytes of
// SHA-256(salt || normalized cell), never the cell itself. Normalization: Unicode left alone,
// ASCII letters lower-cased, runs of whitespace collapsed to one space, leading/trailing
// whitespace dropped; an empty cell is not stored. With 8-byte hashes and T stored cells, a
// lookup of a value not in the table matches by accident with probability T / 2^64 (5e-13 at
// 10 million cells).
//
// File layout (little-endian):
//   "BWEDM001"                 8 bytes magic
//   u32 columns, u64 rows
//   32 bytes salt check        SHA-256(salt || "bulwark-edm-salt-check"): the plugin refuses a
//                              table hashed with another salt
//   columns x (u32 length, bytes)   column names
//   rows x columns x u64       cell hashes (0 = empty cell)
#ifndef BULWARK_PLUGINS_EDM_EDM_FORMAT_H_
#define BULWARK_PLUGINS_EDM_EDM_FORMAT_H_

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace bulwark::edm {

inline constexpr char kMagic[8] = {'B', 'W', 'E', 'D', 'M', '0', '0', '1'};
inline constexpr size_t kMinSaltBytes = 16;

inline std::string Normalize(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool space = false;
  for (char c : value) {
    const bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

inline std::array<unsigned char, 32> Sha256(std::string_view a, std::string_view b) {
  std::array<unsigned char, 32> digest{};
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, a.data(), a.size());
  EVP_DigestUpdate(ctx, b.data(), b.size());
  EVP_DigestFinal_ex(ctx, digest.data(), &len);
  EVP_MD_CTX_free(ctx);
  return digest;
}

// The stored hash of an already normalized value (never 0: 0 marks an empty cell).
inline uint64_t CellHash(std::string_view salt, std::string_view normalized) {
  const auto d = Sha256(salt, normalized);
  uint64_t h = 0;
  std::memcpy(&h, d.data(), sizeof h);
  return h == 0 ? 1 : h;
}

inline std::array<unsigned char, 32> SaltCheck(std::string_view salt) {
  return Sha256(salt, "bulwark-edm-salt-check");
}

}  // namespace bulwark::edm

#endif  // BULWARK_PLUGINS_EDM_EDM_FORMAT_H_
