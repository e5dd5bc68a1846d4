#include "graph/notification_crypto.h"

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <optional>
#include <string_view>

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

// The decoder reads four characters at a time; this reference reads six bits at a time, as
// RFC 4648 describes it, with the same rules for padding and left-over bits.
std::optional<std::string> ReferenceDecode(std::string_view in, std::string_view alphabet) {
  size_t len = in.size();
  size_t pad = 0;
  while (len > 0 && in[len - 1] == '=' && pad < 2) --len, ++pad;
  if ((pad > 0 && in.size() % 4 != 0) || len % 4 == 1) return std::nullopt;
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; ++i) {
    const size_t v = alphabet.find(in[i]);
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    if ((bits += 6) >= 8) out.push_back(static_cast<char>((acc >> (bits -= 8)) & 0xFF));
  }
  return out;
}

TEST(Base64, AgreesWithABitwiseDecoderOnEveryLengthAndEveryBadPosition) {
  const std::string std_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string url_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  uint32_t seed = 12345;
  auto next = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  for (size_t len = 0; len <= 70; ++len) {
    for (int round = 0; round < 8; ++round) {
      std::string s;
      for (size_t i = 0; i < len; ++i) s.push_back(std_alphabet[next() % 64]);
      if (round % 2 == 1 && len > 0) s[next() % len] = "=\n .-_\x80"[next() % 7];  // one bad byte
      if (round == 6) s += len % 4 == 2 ? "==" : "=";
      EXPECT_EQ(Base64Decode(s), ReferenceDecode(s, std_alphabet)) << s;
      std::string url = s;
      for (char& c : url) c = c == '+' ? '-' : c == '/' ? '_' : c;
      EXPECT_EQ(Base64UrlDecode(url), ReferenceDecode(url, url_alphabet)) << url;
    }
  }
  // Every byte value in every position of a four-character group.
  for (int b = 0; b < 256; ++b) {
    for (size_t pos = 0; pos < 4; ++pos) {
      std::string s = "QUJD";
      s[pos] = static_cast<char>(b);
      EXPECT_EQ(Base64Decode(s), ReferenceDecode(s, std_alphabet)) << b << " at " << pos;
    }
  }
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
