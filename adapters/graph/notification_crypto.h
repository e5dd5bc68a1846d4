// The cryptography of Graph change notifications with resource data, on OpenSSL 3 EVP:
//   dataKey  = RSA-OAEP(SHA-1, MGF1-SHA-1, empty label) of a 32-byte symmetric key
//   check      HMAC-SHA256(key, base64-decoded data) == base64-decoded dataSignature, in
//              constant time, BEFORE decrypting
//   data     = AES-256-CBC(key, IV = key[0..16), PKCS#7) of the resource's UTF-8 JSON
// Both directions are here: decryption for the decoder, encryption for `bulwark simulate`.
#ifndef BULWARK_ADAPTERS_GRAPH_NOTIFICATION_CRYPTO_H_
#define BULWARK_ADAPTERS_GRAPH_NOTIFICATION_CRYPTO_H_

#include <openssl/evp.h>

#include <string>
#include <string_view>
#include <vector>

namespace bulwark::graph {

// Bytes wiped with OPENSSL_cleanse when destroyed (symmetric keys, plaintext buffers).
class SecureBytes {
 public:
  SecureBytes() = default;
  explicit SecureBytes(size_t n) : bytes_(n) {}
  ~SecureBytes();
  SecureBytes(SecureBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {}
  SecureBytes& operator=(SecureBytes&& other) noexcept;
  SecureBytes(const SecureBytes&) = delete;
  SecureBytes& operator=(const SecureBytes&) = delete;

  unsigned char* data() { return bytes_.data(); }
  const unsigned char* data() const { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }
  void resize(size_t n);
  std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

 private:
  std::vector<unsigned char> bytes_;
};

enum class CryptoFailure {
  kNone,
  kKeyUnwrap,          // RSA-OAEP failed (wrong private key or damaged dataKey)
  kKeyLength,          // the unwrapped key is not 32 bytes
  kSignatureMismatch,  // HMAC over data differs from dataSignature
  kCiphertextLength,   // data is empty or not a multiple of the AES block
  kBadPadding,         // PKCS#7 padding invalid after decryption
};

// Unwraps `wrapped_key` with `private_key`. On failure returns kKeyUnwrap or kKeyLength.
CryptoFailure UnwrapDataKey(EVP_PKEY* private_key, std::string_view wrapped_key, SecureBytes* key);

// Checks HMAC-SHA256(key, data) against `signature` in constant time.
bool VerifyDataSignature(const SecureBytes& key, std::string_view data, std::string_view signature);

// AES-256-CBC with IV = key[0..16); output is the PKCS#7-unpadded plaintext.
CryptoFailure DecryptData(const SecureBytes& key, std::string_view data, SecureBytes* plaintext);

// The whole check-then-decrypt sequence on already base64-decoded fields.
CryptoFailure DecryptNotificationContent(EVP_PKEY* private_key, std::string_view wrapped_key,
                                         std::string_view data, std::string_view signature,
                                         SecureBytes* plaintext);

// Encryption as Graph does it, for simulation and tests: returns base64 strings.
struct EncryptedFields {
  std::string data;            // base64
  std::string data_key;        // base64
  std::string data_signature;  // base64
};
// `public_key` is the certificate's key. Fails (returns false) only on OpenSSL errors.
bool EncryptNotificationContent(EVP_PKEY* public_key, std::string_view plaintext,
                                EncryptedFields* out);

// Upper-case hex SHA-1 of the DER certificate: Graph's encryptionCertificateThumbprint.
std::string CertificateThumbprint(std::string_view der);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_NOTIFICATION_CRYPTO_H_
