#include "graph/notification_crypto.h"

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "crypto_test_util.h"
#include "graph/base64.h"

namespace bulwark::graph {
namespace {

using testing::TestKey;

std::string B64d(const std::string& s) { return *Base64Decode(s); }

TEST(Base64, RoundTripAndStrictness) {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba",
                                                       "foobar", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(Base64Decode(Base64Encode(s)), s);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Decode("Zm9vYg"), "foob");  // unpadded accepted
  EXPECT_FALSE(Base64Decode("Zm9v YmFy"));
  EXPECT_FALSE(Base64Decode("Zm9vY"));    // impossible length
  EXPECT_FALSE(Base64Decode("Zm9vYg="));  // padding with wrong total length
  EXPECT_EQ(Base64UrlDecode("-_8"), std::string("\xfb\xff", 2));
}

TEST(NotificationCrypto, RoundTrip) {
  TestKey k;
  const std::string plaintext = R"({"id":"1","body":{"content":"h\u00e9llo"}})";
  EncryptedFields enc;
  ASSERT_TRUE(EncryptNotificationContent(k.public_key.get(), plaintext, &enc));
  const KeyEntry* entry = k.keys.Find(k.id);
  ASSERT_NE(entry, nullptr);
  SecureBytes out;
  ASSERT_EQ(DecryptNotificationContent(entry->private_key.get(), B64d(enc.data_key), B64d(enc.data),
                                       B64d(enc.data_signature), &out),
            CryptoFailure::kNone);
  EXPECT_EQ(out.view(), plaintext);
  // A fresh key per item: encrypting twice gives different ciphertexts and keys.
  EncryptedFields enc2;
  ASSERT_TRUE(EncryptNotificationContent(k.public_key.get(), plaintext, &enc2));
  EXPECT_NE(enc.data, enc2.data);
  EXPECT_NE(enc.data_key, enc2.data_key);
}

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(EncryptNotificationContent(k_.public_key.get(), "{\"x\":1}", &enc_));
    key_ = k_.keys.Find(k_.id)->private_key.get();
  }
  CryptoFailure Decrypt(const std::string& wrapped, const std::string& data,
                        const std::string& sig) {
    SecureBytes out;
    return DecryptNotificationContent(key_, wrapped, data, sig, &out);
  }
  static std::string Flip(std::string s) {
    s[s.size() / 2] = static_cast<char>(s[s.size() / 2] ^ 1);
    return s;
  }
  TestKey k_;
  EncryptedFields enc_;
  EVP_PKEY* key_ = nullptr;
};

TEST_F(TamperTest, DataIsRejectedBySignatureBeforeDecryption) {
  EXPECT_EQ(Decrypt(B64d(enc_.data_key), Flip(B64d(enc_.data)), B64d(enc_.data_signature)),
            CryptoFailure::kSignatureMismatch);
}

TEST_F(TamperTest, SignatureIsRejected) {
  EXPECT_EQ(Decrypt(B64d(enc_.data_key), B64d(enc_.data), Flip(B64d(enc_.data_signature))),
            CryptoFailure::kSignatureMismatch);
  EXPECT_EQ(Decrypt(B64d(enc_.data_key), B64d(enc_.data), B64d(enc_.data_signature).substr(1)),
            CryptoFailure::kSignatureMismatch);
}

TEST_F(TamperTest, DataKeyIsRejected) {
  EXPECT_EQ(Decrypt(Flip(B64d(enc_.data_key)), B64d(enc_.data), B64d(enc_.data_signature)),
            CryptoFailure::kKeyUnwrap);
}

TEST_F(TamperTest, WrongPrivateKeyIsRejected) {
  TestKey other("other");
  SecureBytes out;
  EXPECT_EQ(
      DecryptNotificationContent(other.keys.Find("other")->private_key.get(), B64d(enc_.data_key),
                                 B64d(enc_.data), B64d(enc_.data_signature), &out),
      CryptoFailure::kKeyUnwrap);
}

TEST(NotificationCrypto, BadPaddingWithValidSignature) {
  TestKey k;
  unsigned char key[32];
  RAND_bytes(key, sizeof key);
  const std::string cipher = testing::BadPaddingCiphertext(key);
  SecureBytes out;
  EXPECT_EQ(DecryptNotificationContent(k.keys.Find(k.id)->private_key.get(),
                                       testing::Wrap(k.public_key.get(), key, 32), cipher,
                                       testing::Hmac(key, cipher), &out),
            CryptoFailure::kBadPadding);
  // A ciphertext that is not a whole number of blocks, correctly signed.
  const std::string short_cipher = cipher.substr(0, 15);
  EXPECT_EQ(DecryptNotificationContent(k.keys.Find(k.id)->private_key.get(),
                                       testing::Wrap(k.public_key.get(), key, 32), short_cipher,
                                       testing::Hmac(key, short_cipher), &out),
            CryptoFailure::kCiphertextLength);
  // A wrapped key of the wrong size.
  EXPECT_EQ(DecryptNotificationContent(k.keys.Find(k.id)->private_key.get(),
                                       testing::Wrap(k.public_key.get(), key, 16), cipher,
                                       testing::Hmac(key, cipher), &out),
            CryptoFailure::kKeyLength);
}

TEST(NotificationCrypto, ThumbprintIsUpperHexSha1OfDer) {
  EXPECT_EQ(CertificateThumbprint("abc"), "A9993E364706816ABA3E25717850C26C9CD0D89D");
}

}  // namespace
}  // namespace bulwark::graph
