#include "detect/token_checks.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "detect/validator.h"

namespace bulwark {
namespace {

TEST(Entropy, ShannonBitsPerCharacter) {
  EXPECT_DOUBLE_EQ(ShannonEntropyBits(""), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropyBits("aaaaaaaa"), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropyBits("abab"), 1.0);
  EXPECT_DOUBLE_EQ(ShannonEntropyBits("abcdefgh"), 3.0);
  EXPECT_DOUBLE_EQ(ShannonEntropyBits("0123456789abcdef"), 4.0);
}

TEST(Entropy, CharacterClasses) {
  EXPECT_EQ(CharClassCount("abc"), 1);
  EXPECT_EQ(CharClassCount("aBc"), 2);
  EXPECT_EQ(CharClassCount("aB3"), 3);
  EXPECT_EQ(CharClassCount("aB3!"), 4);
  EXPECT_EQ(CharClassCount("   "), 0);
}

TEST(Entropy, ThresholdsApplyTogether) {
  EntropyParams p;
  p.min_bits = 3.0;
  p.min_classes = 2;
  p.min_length = 8;
  EXPECT_TRUE(EntropyValid("Xk9#mP2vL", p));
  EXPECT_FALSE(EntropyValid("xxxxxxxxxxxx", p));  // no entropy
  EXPECT_FALSE(EntropyValid("complicated", p));   // one class
  EXPECT_FALSE(EntropyValid("Xk9#mP", p));        // too short
  EXPECT_FALSE(EntropyValid("Aa1Aa1Aa1Aa1", p));  // three classes, 1.58 bits
  // AWS's documented example secret key: 40 characters, 4.6 bits.
  p.min_bits = 4.0;
  p.min_classes = 3;
  EXPECT_TRUE(EntropyValid("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", p));
  // A SHA-1 in hex has two classes only.
  EXPECT_FALSE(EntropyValid("da39a3ee5e6b4b0d3255bfef95601890afd80709", p));
}

TEST(Crc32, IeeeCheckValue) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the catalogued check value of CRC-32/ISO-HDLC
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
}

// Two expired GitHub personal access tokens published to document the format (the README of
// the base62-token.js project and its issue #2): both pin the alphabet order (digits, upper,
// lower) and that the CRC covers the 30 characters after the prefix only.
constexpr std::string_view kPublishedGitHubTokens[] = {
    "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",
    "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",
};

TEST(Base62Crc32Token, PublishedTokensVerify) {
  for (std::string_view t : kPublishedGitHubTokens) EXPECT_TRUE(Base62Crc32TokenValid(t)) << t;
  EXPECT_TRUE(Validator::Make("base62-crc32-token", {})->Valid(kPublishedGitHubTokens[0]));
}

TEST(Base62Crc32Token, EverySingleSubstitutionFails) {
  const std::string_view alphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (std::string_view published : kPublishedGitHubTokens) {
    for (size_t at = 4; at < published.size(); ++at) {
      for (char c : alphabet) {
        if (c == published[at]) continue;
        std::string t(published);
        t[at] = c;
        ASSERT_FALSE(Base62Crc32TokenValid(t)) << t;
      }
    }
  }
}

TEST(Base62Crc32Token, ShapeErrorsFail) {
  const std::string t(kPublishedGitHubTokens[0]);
  EXPECT_FALSE(Base62Crc32TokenValid(""));
  EXPECT_FALSE(Base62Crc32TokenValid(t.substr(0, 39)));
  EXPECT_FALSE(Base62Crc32TokenValid(t + "0"));
  EXPECT_FALSE(Base62Crc32TokenValid("ghp-" + t.substr(4)));                  // no '_'
  EXPECT_FALSE(Base62Crc32TokenValid(t.substr(0, 20) + "_" + t.substr(21)));  // not base62
  // Six base62 digits can exceed 32 bits; such a tail is never a CRC-32 (and must not wrap).
  const std::string body = t.substr(4, 30);
  EXPECT_FALSE(Base62Crc32TokenValid("ghp_" + body + "zzzzzz"));
  // Swapping the two halves of the body keeps its characters but not its checksum.
  EXPECT_FALSE(Base62Crc32TokenValid("ghp_" + body.substr(15) + body.substr(0, 15) + t.substr(34)));
}

TEST(MacAddress, SixBytesNotRepeatedNotDocumentation) {
  EXPECT_TRUE(MacAddressValid("3c:22:fb:8a:41:0e"));
  EXPECT_TRUE(MacAddressValid("3C-22-FB-8A-41-0E"));
  EXPECT_TRUE(MacAddressValid("3c22.fb8a.410e"));
  EXPECT_TRUE(MacAddressValid("00:00:5e:00:54:01"));   // next to the documentation range
  EXPECT_FALSE(MacAddressValid("00:00:00:00:00:00"));  // one byte repeated
  EXPECT_FALSE(MacAddressValid("FF:FF:FF:FF:FF:FF"));  // broadcast
  EXPECT_FALSE(MacAddressValid("00-00-5E-00-53-2A"));  // RFC 7042 documentation
  EXPECT_FALSE(MacAddressValid("3c:22:fb:8a:41"));     // five bytes
  EXPECT_FALSE(MacAddressValid("3c:22:fb:8a:41:0e:77"));
  EXPECT_FALSE(MacAddressValid("3c:22:fb:8a:41:0g"));
}

TEST(Jwt, HeaderAndPayloadMustBeJsonObjects) {
  // The jwt.io example token.
  EXPECT_TRUE(
      JwtValid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6"
               "IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_"
               "adQssw5c"));
  // Unsigned token (alg none): the signature segment is empty.
  EXPECT_TRUE(JwtValid("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
  // {"typ":"JWT"} without "alg".
  EXPECT_FALSE(JwtValid("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2ln"));
  // Payload is not an object.
  EXPECT_FALSE(JwtValid("eyJhbGciOiJub25lIn0.eyJzdWIi.c2ln"));
  EXPECT_FALSE(JwtValid("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0"));         // two segments
  EXPECT_FALSE(JwtValid("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln.x"));  // four
  EXPECT_FALSE(JwtValid("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2l+n"));   // not base64url
}

TEST(IpAddress, V4AndV6) {
  EXPECT_TRUE(IpAddressValid("192.168.10.1"));
  EXPECT_TRUE(IpAddressValid("8.8.8.8"));
  EXPECT_FALSE(IpAddressValid("256.1.1.1"));
  EXPECT_FALSE(IpAddressValid("10.010.1.1"));  // leading zero
  EXPECT_FALSE(IpAddressValid("1.2.3"));
  EXPECT_TRUE(IpAddressValid("2001:db8::8a2e:370:7334"));
  EXPECT_TRUE(IpAddressValid("fe80::1"));
  EXPECT_TRUE(IpAddressValid("::ffff:192.0.2.128"));
  EXPECT_FALSE(IpAddressValid("dead::beef"));         // no digit: a word, not an address
  EXPECT_FALSE(IpAddressValid("d::"));                // one group
  EXPECT_FALSE(IpAddressValid("10:30:00"));           // a time
  EXPECT_FALSE(IpAddressValid("00:1a:2b:3c:4d:5e"));  // a MAC address
}

TEST(Bic, CountryCodeAndShape) {
  EXPECT_TRUE(BicValid("DEUTDEFF"));
  EXPECT_TRUE(BicValid("DEUTDEFF500"));
  EXPECT_TRUE(BicValid("NWBKGB2L"));
  EXPECT_FALSE(BicValid("DEUTXXFF"));    // XX is not a country
  EXPECT_FALSE(BicValid("DEUTDEF"));     // 7 characters
  EXPECT_FALSE(BicValid("DEUTDEFF50"));  // 10 characters
  EXPECT_FALSE(BicValid("deutdeff"));    // lower case
  EXPECT_FALSE(BicValid("DEU1DEFF"));    // digit in the institution code
}

TEST(Phone, InternationalAndNational) {
  EXPECT_TRUE(PhoneValid("+44 20 7946 0958"));
  EXPECT_TRUE(PhoneValid("+1 (415) 555-2671"));
  EXPECT_TRUE(PhoneValid("+49 30 901820"));
  EXPECT_FALSE(PhoneValid("+1 (115) 555-2671"));  // area code starts with 1
  EXPECT_FALSE(PhoneValid("+1 415 911 2671"));    // N11 exchange
  EXPECT_FALSE(PhoneValid("+44 12"));             // too short
  EXPECT_FALSE(PhoneValid("+1234567890123456"));  // 16 digits
  EXPECT_TRUE(PhoneValid("(415) 555-2671"));
  EXPECT_TRUE(PhoneValid("020 7946 0958"));
  EXPECT_TRUE(PhoneValid("01 42 68 53 00"));
  EXPECT_FALSE(PhoneValid("01 23 45 67 89"));  // ascending run: a placeholder
  EXPECT_FALSE(PhoneValid("123-456-7890"));    // ascending run, area code 1xx
  EXPECT_FALSE(PhoneValid("555-555-5555"));    // one digit repeated
  EXPECT_FALSE(PhoneValid("00 12 34 56 78"));
}

TEST(Phone, TurkishGroupsWithoutTrunk) {
  EXPECT_TRUE(PhoneValid("532 123 45 67"));    // mobile 5xx
  EXPECT_TRUE(PhoneValid("212.123.45.67"));    // Istanbul
  EXPECT_TRUE(PhoneValid("0 532 123 45 67"));  // with the trunk: the trunk-0 rule
  EXPECT_FALSE(PhoneValid("632 123 45 67"));   // 6xx: no Turkish area code
  EXPECT_FALSE(PhoneValid("132 123 45 67"));
  EXPECT_FALSE(PhoneValid("555 555 55 55"));  // one digit repeated
  // The same ten digits grouped 3-3-4 are read by the North American rules: no exchange
  // begins with 1.
  EXPECT_FALSE(PhoneValid("532 123 4567"));
  EXPECT_FALSE(PhoneValid("532 12 345 67"));  // another grouping
}

TEST(Validator, ParameterisedEntropy) {
  ValidatorParams p;
  p.entropy.min_bits = 4.5;
  auto strict = Validator::Make("entropy", p);
  auto loose = Validator::Make("entropy");
  ASSERT_TRUE(strict && loose);
  EXPECT_TRUE(loose->Valid("Xk9#mP2vL"));
  EXPECT_FALSE(strict->Valid("Xk9#mP2vL"));  // 3.17 bits
}

}  // namespace
}  // namespace bulwark
