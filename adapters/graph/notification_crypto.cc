#include "graph/notification_crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <memory>

#include "graph/base64.h"

namespace bulwark::graph {
namespace {

constexpr size_t kKeySize = 32;
constexpr size_t kIvSize = 16;

struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool SetOaepSha1(EVP_PKEY_CTX* ctx) {
  return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
         EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()) > 0 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha1()) > 0;
}

struct MacCtxFree {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

// An HMAC-SHA256 context without a key, set up once and copied per message: the one-shot
// HMAC() fetches the MAC and the digest by name on every call, a fifth of its cost on a
// notification of a few kilobytes. Null when the provider lacks either (then HMAC() is used).
const EVP_MAC_CTX* HmacSha256Template() {
  static const EVP_MAC_CTX* const kTemplate = []() -> EVP_MAC_CTX* {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) return nullptr;
    MacCtx ctx(EVP_MAC_CTX_new(mac));
    EVP_MAC_free(mac);  // the context holds its own reference
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (!ctx || EVP_MAC_CTX_set_params(ctx.get(), params) != 1) return nullptr;
    return ctx.release();  // lives as long as the process
  }();
  return kTemplate;
}

// HMAC-SHA256 of `data` under `key` into mac[32]; false on an OpenSSL failure.
bool HmacSha256(const SecureBytes& key, std::string_view data, unsigned char* mac) {
  const EVP_MAC_CTX* tmpl = HmacSha256Template();
  if (tmpl == nullptr) {
    unsigned int len = 0;
    return HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), U(data), data.size(), mac,
                &len) != nullptr &&
           len == 32;
  }
  MacCtx ctx(EVP_MAC_CTX_dup(tmpl));
  size_t len = 0;
  return ctx && EVP_MAC_init(ctx.get(), key.data(), key.size(), nullptr) == 1 &&
         EVP_MAC_update(ctx.get(), U(data), data.size()) == 1 &&
         EVP_MAC_final(ctx.get(), mac, &len, 32) == 1 && len == 32;
}

}  // namespace

SecureBytes::~SecureBytes() {
  if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept {
  if (this != &other) {
    if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
    bytes_ = std::move(other.bytes_);
  }
  return *this;
}

void SecureBytes::resize(size_t n) {
  if (n < bytes_.size()) OPENSSL_cleanse(bytes_.data() + n, bytes_.size() - n);
  bytes_.resize(n);
}

CryptoFailure UnwrapDataKey(EVP_PKEY* private_key, std::string_view wrapped_key, SecureBytes* key) {
  PkeyCtx ctx(EVP_PKEY_CTX_new(private_key, nullptr));
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 || !SetOaepSha1(ctx.get())) {
    return CryptoFailure::kKeyUnwrap;
  }
  size_t out_len = 0;
  if (EVP_PKEY_decrypt(ctx.get(), nullptr, &out_len, U(wrapped_key), wrapped_key.size()) <= 0) {
    return CryptoFailure::kKeyUnwrap;
  }
  SecureBytes out(out_len);
  if (EVP_PKEY_decrypt(ctx.get(), out.data(), &out_len, U(wrapped_key), wrapped_key.size()) <= 0) {
    return CryptoFailure::kKeyUnwrap;
  }
  out.resize(out_len);
  if (out.size() != kKeySize) return CryptoFailure::kKeyLength;
  *key = std::move(out);
  return CryptoFailure::kNone;
}

bool VerifyDataSignature(const SecureBytes& key, std::string_view data,
                         std::string_view signature) {
  unsigned char mac[32];
  const size_t mac_len = sizeof mac;
  if (!HmacSha256(key, data, mac)) return false;
  const bool ok = signature.size() == mac_len && CRYPTO_memcmp(mac, signature.data(), mac_len) == 0;
  OPENSSL_cleanse(mac, sizeof mac);
  return ok;
}

CryptoFailure DecryptData(const SecureBytes& key, std::string_view data, SecureBytes* plaintext) {
  if (key.size() != kKeySize) return CryptoFailure::kKeyLength;
  if (data.empty() || data.size() % 16 != 0) return CryptoFailure::kCiphertextLength;
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), key.data()) != 1) {
    return CryptoFailure::kCiphertextLength;
  }
  SecureBytes out(data.size() + 16);
  int n1 = 0;
  int n2 = 0;
  if (EVP_DecryptUpdate(ctx.get(), out.data(), &n1, U(data), static_cast<int>(data.size())) != 1) {
    return CryptoFailure::kCiphertextLength;
  }
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + n1, &n2) != 1) return CryptoFailure::kBadPadding;
  out.resize(static_cast<size_t>(n1) + static_cast<size_t>(n2));
  *plaintext = std::move(out);
  return CryptoFailure::kNone;
}

CryptoFailure DecryptNotificationContent(EVP_PKEY* private_key, std::string_view wrapped_key,
                                         std::string_view data, std::string_view signature,
                                         SecureBytes* plaintext) {
  SecureBytes key;
  if (CryptoFailure f = UnwrapDataKey(private_key, wrapped_key, &key); f != CryptoFailure::kNone) {
    return f;
  }
  if (!VerifyDataSignature(key, data, signature)) return CryptoFailure::kSignatureMismatch;
  return DecryptData(key, data, plaintext);
}

bool EncryptNotificationContent(EVP_PKEY* public_key, std::string_view plaintext,
                                EncryptedFields* out) {
  SecureBytes key(kKeySize);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) return false;
  // AES-256-CBC, IV = first 16 bytes of the key.
  CipherCtx cctx(EVP_CIPHER_CTX_new());
  std::string cipher(plaintext.size() + 16, '\0');
  int n1 = 0;
  int n2 = 0;
  if (!cctx ||
      EVP_EncryptInit_ex(cctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), key.data()) != 1 ||
      EVP_EncryptUpdate(cctx.get(), reinterpret_cast<unsigned char*>(cipher.data()), &n1,
                        U(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(cctx.get(), reinterpret_cast<unsigned char*>(cipher.data()) + n1, &n2) !=
          1) {
    return false;
  }
  cipher.resize(static_cast<size_t>(n1) + static_cast<size_t>(n2));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), U(cipher), cipher.size(), mac,
       &mac_len);
  PkeyCtx pctx(EVP_PKEY_CTX_new(public_key, nullptr));
  size_t wrapped_len = 0;
  if (!pctx || EVP_PKEY_encrypt_init(pctx.get()) <= 0 || !SetOaepSha1(pctx.get()) ||
      EVP_PKEY_encrypt(pctx.get(), nullptr, &wrapped_len, key.data(), key.size()) <= 0) {
    return false;
  }
  std::string wrapped(wrapped_len, '\0');
  if (EVP_PKEY_encrypt(pctx.get(), reinterpret_cast<unsigned char*>(wrapped.data()), &wrapped_len,
                       key.data(), key.size()) <= 0) {
    return false;
  }
  wrapped.resize(wrapped_len);
  out->data = Base64Encode(cipher);
  out->data_key = Base64Encode(wrapped);
  out->data_signature = Base64Encode(std::string_view(reinterpret_cast<char*>(mac), mac_len));
  return true;
}

std::string CertificateThumbprint(std::string_view der) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(der.data(), der.size(), md, &len, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

}  // namespace bulwark::graph
