#include "replay/capture_source.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace bulwark::replay {
namespace {

struct Errors : source::SourceListener {
  std::vector<std::string> messages;
  void OnAssigned(const std::vector<int32_t>&) override {}
  void OnRevoked(const std::vector<int32_t>&) override {}
  void OnSourceError(const std::string& m) override { messages.push_back(m); }
};

TEST(CaptureSource, ReadsFilesInOrderSkipsUnreadableOnesAndCountsBytes) {
  testing::TempDir dir;
  const auto a = dir.Write("a.jsonl", "{\"value\":[1]}\n{\"value\":[2]}\n");
  const auto b = dir.Write("b.jsonl", "\n{\"value\":[3]}\n");
  const std::string missing = (dir.path() / "missing.jsonl").string();
  CaptureSource source({a.string(), missing, b.string()});
  Errors errors;
  source.SetListener(&errors);
  EXPECT_FALSE(source.tracks_positions());
  EXPECT_EQ(source.total_bytes(), 28u + 15u);

  std::vector<std::string> bodies;
  std::vector<std::string> files;
  source::Envelope e;
  while (source.Poll(0, &e) == source::PollStatus::kEvent) {
    bodies.push_back(e.body);
    files.push_back(e.file);
  }
  EXPECT_EQ(bodies,
            (std::vector<std::string>{"{\"value\":[1]}", "{\"value\":[2]}", "{\"value\":[3]}"}));
  EXPECT_EQ(files.back(), b.string());
  EXPECT_EQ(source.Poll(0, &e), source::PollStatus::kEnd);  // and stays ended
  EXPECT_EQ(source.open_failures(), 1u);
  ASSERT_EQ(errors.messages.size(), 1u);
  EXPECT_NE(errors.messages[0].find("missing.jsonl"), std::string::npos);
  EXPECT_EQ(source.bytes_read(), source.total_bytes());
}

TEST(CaptureSource, APausedSourceHandsOutNothing) {
  testing::TempDir dir;
  const auto a = dir.Write("a.jsonl", "{\"value\":[1]}\n");
  CaptureSource source({a.string()});
  source::Envelope e;
  source.Pause();
  EXPECT_EQ(source.Poll(0, &e), source::PollStatus::kIdle);
  source.Resume();
  EXPECT_EQ(source.Poll(0, &e), source::PollStatus::kEvent);
  EXPECT_EQ(source.Poll(0, &e), source::PollStatus::kEnd);
}

}  // namespace
}  // namespace bulwark::replay
