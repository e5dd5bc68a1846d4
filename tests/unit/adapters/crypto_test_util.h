// Test helpers for the Graph crypto tests: a throwaway RSA key and certificate per test.
#ifndef BULWARK_TESTS_UNIT_ADAPTERS_CRYPTO_TEST_UTIL_H_
#define BULWARK_TESTS_UNIT_ADAPTERS_CRYPTO_TEST_UTIL_H_

#include <gtest/gtest.h>

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

}  // namespace bulwark::testing

#endif  // BULWARK_TESTS_UNIT_ADAPTERS_CRYPTO_TEST_UTIL_H_
