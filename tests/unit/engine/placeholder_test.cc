#include "detect/placeholder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace bulwark {
namespace {

TEST(PlaceholderTest, MarkerWordsInAnyCase) {
  for (const char* v :
       {"AKIAIOSFODNN7EXAMPLE", "sk_live_SampleKeyForDocs0000", "dummy-token-1",
        "glpat-PLACEHOLDERvalue", "xoxb-REDACTED", "ChangeMe2024!", "change_me", "notrealtoken9f8e",
        "not_a_real_key", "npm_FakeToken7Q2", "lorem1psum", "foobar42", "INSERT_KEY"}) {
    EXPECT_TRUE(PlaceholderReason(v).has_value()) << v;
  }
  EXPECT_NE(PlaceholderReason("sk_test_ExampleKey")->find("example"), std::string::npos);
  // Short markers count only when written as words: random letters mix cases.
  EXPECT_TRUE(PlaceholderReason("Q7fFakeToken2L").has_value());
  EXPECT_FALSE(PlaceholderReason("Q7ffAKek2Lm9Pz").has_value());
  EXPECT_FALSE(PlaceholderReason("Q7_yOUr_k2Lm9Pz").has_value());
  EXPECT_FALSE(PlaceholderReason("Q7fk2Lm9PzHeRe").has_value());
}

TEST(PlaceholderTest, YourAndHere) {
  EXPECT_TRUE(PlaceholderReason("your_api_key").has_value());
  EXPECT_TRUE(PlaceholderReason("sk_live_your-key").has_value());
  EXPECT_TRUE(PlaceholderReason("ghp_YourGitHubToken").has_value());
  EXPECT_TRUE(PlaceholderReason("MyConfigurationAccessTokenHere").has_value());
  EXPECT_TRUE(PlaceholderReason("token_here").has_value());
  // "your" inside a lower-case run is not a part of its own; "here" not at the end is kept.
  EXPECT_FALSE(PlaceholderReason("Q7fyourk2Lm9Pz").has_value());
  EXPECT_FALSE(PlaceholderReason("hereQ7fk2Lm9Pz").has_value());
}

TEST(PlaceholderTest, RunsOfOneCharacter) {
  EXPECT_TRUE(PlaceholderReason("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").has_value());
  EXPECT_TRUE(PlaceholderReason("AKIAXXXXXXXXXXXXXXXX").has_value());
  EXPECT_TRUE(PlaceholderReason("AIzaaaaaaaQ7fk2Lm9Pz").has_value());
  EXPECT_TRUE(PlaceholderReason("T0000000/B7fk2Lm9").has_value());
  // Five letters or six digits are not enough; punctuation does not count and breaks a run.
  EXPECT_FALSE(PlaceholderReason("T000000/B7fk2Lm9").has_value());
  EXPECT_FALSE(PlaceholderReason("Q7fk2xxxxxLm9Pz").has_value());
  EXPECT_FALSE(PlaceholderReason("-----BEGIN Q7fk2Lm9Pz").has_value());
  EXPECT_FALSE(PlaceholderReason("Q7fxxx-xxxk2Lm9Pz").has_value());
}

TEST(PlaceholderTest, ConsecutiveCharacters) {
  EXPECT_TRUE(PlaceholderReason("sk_live_1234567890abcdef").has_value());
  EXPECT_TRUE(PlaceholderReason("Q7abcdefk").has_value());
  EXPECT_TRUE(PlaceholderReason("Q7FEDCBAk").has_value());
  EXPECT_TRUE(PlaceholderReason("Q79876543k").has_value());
  // Five letters or six digits are not enough; a run does not continue across classes.
  EXPECT_FALSE(PlaceholderReason("Q7987654k").has_value());
  EXPECT_FALSE(PlaceholderReason("Q7abcdek2Lm9").has_value());
  EXPECT_FALSE(PlaceholderReason("Q2789ABCk").has_value());
}

TEST(PlaceholderTest, LowVarietyAndRepetition) {
  EXPECT_TRUE(PlaceholderReason("abababababab").has_value());
  EXPECT_TRUE(PlaceholderReason("npm_a1b2a1b2a1b2a1b2").has_value());
  EXPECT_TRUE(PlaceholderReason("aabbaabcaabbcabbccab").has_value());  // 3 distinct over 20
  // 11 characters of a repetition, or 4 distinct over 16, are kept.
  EXPECT_FALSE(PlaceholderReason("abababababa").has_value());
  EXPECT_FALSE(PlaceholderReason("abcdabdcadcbbadc").has_value());
}

// The rules must almost never fire on random tokens: the documented bound is 1e-4 for 16+
// characters of base16 or a larger alphabet. 20,000 tokens per alphabet and length, fixed seed.
TEST(PlaceholderTest, RandomTokensAreKept) {
  const std::string hex = "0123456789abcdef";
  const std::string base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const std::string base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::mt19937_64 rng(20261204);
  for (const std::string* alphabet : {&hex, &base32, &base62}) {
    for (size_t length : {16u, 32u, 40u, 64u}) {
      std::uniform_int_distribution<size_t> pick(0, alphabet->size() - 1);
      int rejected = 0;
      const int n = 20000;
      for (int i = 0; i < n; ++i) {
        std::string token;
        for (size_t k = 0; k < length; ++k) token.push_back((*alphabet)[pick(rng)]);
        rejected += PlaceholderReason(token).has_value() ? 1 : 0;
      }
      // Expected at most ~2 per 20,000 at length 64 in hex; 8 allows for the draw.
      EXPECT_LE(rejected, 8) << "alphabet of " << alphabet->size() << ", length " << length;
    }
  }
}

}  // namespace
}  // namespace bulwark
