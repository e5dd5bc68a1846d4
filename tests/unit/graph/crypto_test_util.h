// Test helpers for the Graph crypto tests: a throwaway RSA key and certificate per test.
#ifndef BULWARK_TESTS_UNIT_ADAPTERS_CRYPTO_TEST_UTIL_H_
#define BULWARK_TESTS_UNIT_ADAPTERS_CRYPTO_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include "graph/key_store.h"
#include "test_util.h"

namespace bulwark::testing {

// A generated key + certificate in a temp dir, loaded into a KeyStore under `id`.
struct TestKey {
  explicit TestKey(const std::string& id = "test-cert") : id(id) {
    std::string b64;
    EXPECT_TRUE(graph::GenerateKeyAndCertificate(id, dir.path(), "test", 1, &b64).ok());
    key_file = dir.path() / (id + ".key.pem");
    cert_file = dir.path() / (id + ".cert.pem");
    EXPECT_TRUE(keys.Add(id, key_file, cert_file, nullptr).ok());
    std::string der;
    EXPECT_TRUE(graph::LoadCertificatePublicKey(cert_file, &public_key, &der).ok());
  }
  std::string id;
  TempDir dir;
  std::filesystem::path key_file;
  std::filesystem::path cert_file;
  graph::KeyStore keys;
  std::shared_ptr<EVP_PKEY> public_key;
};

// Wraps a chosen 32-byte key with RSA-OAEP-SHA1 (independent of EncryptNotificationContent).
inline std::string Wrap(EVP_PKEY* pub, const unsigned char* key, size_t n) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(pub, nullptr);
  EVP_PKEY_encrypt_init(ctx);
  EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING);
  EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1());
  EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha1());
  size_t len = 0;
  EVP_PKEY_encrypt(ctx, nullptr, &len, key, n);
  std::string out(len, '\0');
  EVP_PKEY_encrypt(ctx, reinterpret_cast<unsigned char*>(out.data()), &len, key, n);
  EVP_PKEY_CTX_free(ctx);
  out.resize(len);
  return out;
}

inline std::string Hmac(const unsigned char* key, const std::string& data) {
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key, 32, reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac,
       &len);
  return std::string(reinterpret_cast<char*>(mac), len);
}

// One AES block that decrypts to bytes whose last byte (0x00) is not valid PKCS#7.
inline std::string BadPaddingCiphertext(const unsigned char* key) {
  unsigned char block[16] = {'{', '}', 0};
  std::string cipher(16, '\0');
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  int n = 0;
  EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), nullptr, key, key);
  EVP_CIPHER_CTX_set_padding(c, 0);
  EVP_EncryptUpdate(c, reinterpret_cast<unsigned char*>(cipher.data()), &n, block, 16);
  EVP_CIPHER_CTX_free(c);
  return cipher;
}

}  // namespace bulwark::testing

#endif  // BULWARK_TESTS_UNIT_ADAPTERS_CRYPTO_TEST_UTIL_H_
