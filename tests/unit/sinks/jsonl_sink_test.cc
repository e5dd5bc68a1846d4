#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
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

TEST(JsonlSink, ARetryAfterAShortWriteLeavesNoTornLineAndNoDuplicate) {
  testing::TempDir dir;
  const auto path = dir.path() / "out.jsonl";
  auto sink = MakeJsonlSink({path.string(), /*fsync=*/false});
  const std::string a(100, 'a');
  const std::string b(100, 'b');
  const std::string c(100, 'c');
  ASSERT_TRUE(sink->Write({&a}).ok());
  // The file may grow to 150 bytes only: the next batch is cut short by the kernel (EFBIG), as
  // a full disk would cut it, after part of it reached the file.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = 150;
  setrlimit(RLIMIT_FSIZE, &small);
  const Status failed = sink->Write({&b, &c});
  setrlimit(RLIMIT_FSIZE, &old);
  ASSERT_FALSE(failed.ok());
  EXPECT_GT(std::filesystem::file_size(path), 101u);  // part of the batch is in the file
  // The retry writes the whole batch after the last accepted one.
  ASSERT_TRUE(sink->Write({&b, &c}).ok());
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, a + "\n" + b + "\n" + c + "\n");
}

}  // namespace
}  // namespace bulwark::sinks
