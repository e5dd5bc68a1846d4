#include "graph/key_store.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "crypto_test_util.h"
#include "graph/notification_crypto.h"
#include "graph/secret_file.h"

namespace bulwark::graph {
namespace {

using testing::TestKey;

TEST(KeyStore, PemKeyWithCertificateHasThumbprint) {
  TestKey k;
  const KeyEntry* e = k.keys.Find(k.id);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->thumbprint.size(), 40u);
  EXPECT_EQ(k.keys.Find("nope"), nullptr);
}

TEST(KeyStore, RefusesAGroupOrWorldReadableKeyFileUnlessAllowed) {
  TestKey k;
  KeyStore store;
  std::vector<std::string> warnings;
  ASSERT_TRUE(store.Add("a", k.key_file, "", &warnings).ok());
  EXPECT_TRUE(warnings.empty());  // keys new writes 0600
  for (const mode_t mode : {0640, 0604}) {
    chmod(k.key_file.c_str(), mode);
    const Status s = store.Add("b", k.key_file, "", &warnings);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("readable by group or others"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("chmod 600"), std::string::npos);
    EXPECT_EQ(store.Find("b"), nullptr);
  }
  // The explicit override loads it, loudly.
  setenv(kAllowReadableSecretsEnv, "1", 1);
  const Status s = store.Add("b", k.key_file, "", &warnings);
  unsetenv(kAllowReadableSecretsEnv);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("loaded anyway because BULWARK_ALLOW_READABLE_SECRETS=1"),
            std::string::npos);
  EXPECT_TRUE(store.Find("b")->thumbprint.empty());  // no certificate given
}

TEST(SecretFile, ReadsTheWholeFileAndWipesItsCopy) {
  testing::TempDir dir;
  const std::string content(100000, 's');
  const auto path = dir.Write("secret", content);
  WipedString secret;
  ASSERT_TRUE(ReadSecretFile(path, &secret));
  EXPECT_EQ(secret.value(), content);
  EXPECT_FALSE(ReadSecretFile(dir.path() / "missing", &secret));
}

TEST(KeyStore, RejectsMismatchedCertificateDuplicateIdAndGarbage) {
  TestKey a("a");
  TestKey b("b");
  KeyStore store;
  EXPECT_FALSE(store.Add("x", a.key_file, b.cert_file, nullptr).ok());
  ASSERT_TRUE(store.Add("x", a.key_file, a.cert_file, nullptr).ok());
  EXPECT_FALSE(store.Add("x", a.key_file, a.cert_file, nullptr).ok());
  const auto garbage = a.dir.Write("garbage.key", "not a key");
  chmod(garbage.c_str(), 0600);  // refused for what it holds, not for its mode
  EXPECT_FALSE(store.Add("y", garbage, "", nullptr).ok());
  EXPECT_FALSE(store.AddSpec("no-equals-sign", nullptr).ok());
  EXPECT_TRUE(store.AddSpec("z=" + a.key_file.string() + "," + a.cert_file.string(), nullptr).ok());
  EXPECT_FALSE(store.Find("z")->thumbprint.empty());
}

TEST(KeyStore, LoadsPkcs12WithPassword) {
  TestKey k;
  // Build a PKCS#12 from the generated PEM files.
  FILE* kf = fopen(k.key_file.c_str(), "r");
  EVP_PKEY* key = PEM_read_PrivateKey(kf, nullptr, nullptr, nullptr);
  fclose(kf);
  FILE* cf = fopen(k.cert_file.c_str(), "r");
  X509* cert = PEM_read_X509(cf, nullptr, nullptr, nullptr);
  fclose(cf);
  PKCS12* p12 = PKCS12_create("pw-test-only", "test", key, cert, nullptr, 0, 0, 0, 0, 0);
  ASSERT_NE(p12, nullptr);
  const auto path = k.dir.path() / "k.p12";
  FILE* out = fopen(path.c_str(), "wb");
  i2d_PKCS12_fp(out, p12);
  fclose(out);
  PKCS12_free(p12);
  EVP_PKEY_free(key);
  X509_free(cert);
  chmod(path.c_str(), 0600);

  KeyStore store;
  setenv("BULWARK_KEY_PASSWORD", "wrong", 1);
  EXPECT_FALSE(store.Add("p", path, "", nullptr).ok());
  setenv("BULWARK_KEY_PASSWORD", "pw-test-only", 1);
  ASSERT_TRUE(store.Add("p", path, "", nullptr).ok());
  unsetenv("BULWARK_KEY_PASSWORD");
  EXPECT_EQ(store.Find("p")->thumbprint, k.keys.Find(k.id)->thumbprint);
}

TEST(KeyStore, CertificateNotAfterIsTheCertificatesExpiry) {
  testing::TempDir dir;
  std::string b64;
  ASSERT_TRUE(GenerateKeyAndCertificate("exp", dir.path(), "bulwark-exp", 10, &b64).ok());
  auto t = CertificateNotAfter(dir.path() / "exp.cert.pem");
  ASSERT_TRUE(t.ok()) << t.status().message();
  const int64_t in_days = (*t - static_cast<int64_t>(time(nullptr))) / 86400;
  EXPECT_GE(in_days, 9);
  EXPECT_LE(in_days, 10);
  EXPECT_FALSE(CertificateNotAfter(dir.path() / "missing.pem").ok());
}

}  // namespace
}  // namespace bulwark::graph
