#include <gtest/gtest.h>

#include <fstream>

#include "sinks/sink.h"
#include "test_util.h"

namespace bulwark::sinks {
namespace {

TEST(JsonlSink, FailsWhileItsDirectoryIsMissingThenRecovers) {
  testing::TempDir dir;
  const auto path = dir.path() / "later" / "out.jsonl";
  auto sink = MakeJsonlSink({path.string(), /*fsync=*/true});
  const std::string a = "{\"a\":1}";
  const std::string b = "{\"b\":2}";
  EXPECT_FALSE(sink->Write({&a}).ok());
  std::filesystem::create_directories(path.parent_path());
  ASSERT_TRUE(sink->Write({&a, &b}).ok());
  ASSERT_TRUE(sink->Write({&b}).ok());
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "{\"a\":1}\n{\"b\":2}\n{\"b\":2}\n");
  EXPECT_EQ(sink->name(), "jsonl:" + path.string());
}

}  // namespace
}  // namespace bulwark::sinks
