#include <gtest/gtest.h>
#include <re2/re2.h>

#include "policy/compiled.h"

namespace bulwark {
namespace {

TEST(KeywordsToRegex, CaseInsensitiveWholeWordWithFlexibleSpaces) {
  const std::string p = KeywordsToRegex({"credit card", "c++", " visa "}, false, true);
  EXPECT_EQ(p, "(?i:\\bcredit\\s+card\\b|\\bc\\+\\+|\\bvisa\\b)");
  RE2 re(p);
  ASSERT_TRUE(re.ok());
  EXPECT_TRUE(RE2::PartialMatch("my CREDIT\n card", re));
  EXPECT_TRUE(RE2::PartialMatch("I like C++.", re));
  EXPECT_FALSE(RE2::PartialMatch("visas", re));
  EXPECT_FALSE(RE2::PartialMatch("creditcard", re));
}

TEST(KeywordsToRegex, CaseSensitiveAndSubstring) {
  const std::string p = KeywordsToRegex({"ABC"}, true, false);
  RE2 re(p);
  EXPECT_TRUE(RE2::PartialMatch("xxABCxx", re));
  EXPECT_FALSE(RE2::PartialMatch("abc", re));
}

TEST(KeywordsToRegex, MetacharactersAreLiteral) {
  RE2 re(KeywordsToRegex({"a.b*"}, false, true));
  EXPECT_TRUE(RE2::PartialMatch("see a.b* here", re));
  EXPECT_FALSE(RE2::PartialMatch("see axbbb here", re));
}

}  // namespace
}  // namespace bulwark
