// Hashing helpers on OpenSSL 3 EVP.
#ifndef BULWARK_ENGINE_UTIL_DIGEST_H_
#define BULWARK_ENGINE_UTIL_DIGEST_H_

#include <string>
#include <string_view>

namespace bulwark {

// Lower-case hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);

// Lower-case hex of HMAC-SHA256(key, data).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Lower-case hex encoding of raw bytes.
std::string HexEncode(std::string_view bytes);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_UTIL_DIGEST_H_
