#include "util/read_file.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace bulwark {
namespace {

TEST(ReadWholeFile, ReadsEveryByte) {
  testing::TempDir dir;
  std::string bytes;
  for (int i = 0; i < 300000; ++i) bytes.push_back(static_cast<char>(i * 7 % 256));  // NULs too
  const auto file = dir.Write("db", bytes);
  std::string read = "stale";
  ASSERT_TRUE(ReadWholeFile(file, &read));
  EXPECT_EQ(read, bytes);
  ASSERT_TRUE(ReadWholeFile(dir.Write("empty", ""), &read));
  EXPECT_EQ(read, "");
}

TEST(ReadWholeFile, FalseWhenTheFileCannotBeRead) {
  testing::TempDir dir;
  std::string read;
  EXPECT_FALSE(ReadWholeFile(dir.path() / "missing", &read));
  EXPECT_FALSE(ReadWholeFile(dir.path(), &read));  // a directory
}

}  // namespace
}  // namespace bulwark
