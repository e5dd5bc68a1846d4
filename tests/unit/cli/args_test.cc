#include "cli/args.h"

#include <gtest/gtest.h>

namespace bulwark::cli {
namespace {

Result<ParsedArgs> Parse(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return ParseArgs(static_cast<int>(argv.size()), argv.data(), 0,
                   {{"policies", "DIR", ""}, {"format", "F", ""}, {"simulate", "", ""}});
}

TEST(Args, OptionsFlagsAndPositionals) {
  auto a =
      Parse({"--policies", "a", "--policies=b", "--simulate", "x.txt", "-", "--format", "text"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->All("policies"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(a->Has("simulate"));
  EXPECT_EQ(a->Get("format"), "text");
  EXPECT_EQ(a->positional, (std::vector<std::string>{"x.txt", "-"}));
}

TEST(Args, Errors) {
  EXPECT_EQ(Parse({"--nope"}).status().message(), "unknown option '--nope'");
  EXPECT_EQ(Parse({"--policies"}).status().message(), "option '--policies' needs a value");
  EXPECT_EQ(Parse({"--simulate=yes"}).status().message(), "option '--simulate' takes no value");
  EXPECT_EQ(Parse({"-x"}).status().message(), "unknown option '-x'");
}

TEST(Args, DoubleDashEndsOptions) {
  auto a = Parse({"--", "--simulate"});
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->Has("simulate"));
  EXPECT_EQ(a->positional, (std::vector<std::string>{"--simulate"}));
}

}  // namespace
}  // namespace bulwark::cli
