#include "replay/capture_source.h"

#include <gtest/gtest.h>

#include "replay/capture_writer.h"
#include "source/utc_time.h"
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
  ASSERT_TRUE(source.Prepare().ok());
  EXPECT_TRUE(source.total_known());
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

source::Envelope Event(int32_t partition, const char* time, std::string body) {
  source::Envelope e;
  e.partition = partition;
  e.enqueued_time = time;
  e.body = std::move(body);
  return e;
}

// A directory in the Capture layout: two partitions, windows of 5 minutes from 10:00 to 11:00.
// Files are skipped by their path when their window cannot reach [from, to); events inside the
// remaining files by their own enqueued time and partition.
TEST(CaptureSource, FiltersADirectoryByPathThenByEvent) {
  testing::TempDir dir;
  CaptureWriterOptions o;
  o.out_dir = dir.path().string();
  o.namespace_name = "ns";
  o.eventhub = "hub";
  {
    CaptureWriter writer(o);
    ASSERT_TRUE(writer.Init().ok());
    for (int partition : {0, 1}) {
      for (int minute = 0; minute < 60; minute += 5) {
        char time[40];
        snprintf(time, sizeof time, "2026-11-20T10:%02d:30Z", minute);
        const std::string body =
            "{\"p\":" + std::to_string(partition) + ",\"m\":" + std::to_string(minute) + "}";
        ASSERT_TRUE(writer.Append(Event(partition, time, body)).ok());
      }
    }
    ASSERT_TRUE(writer.Close().ok());
    ASSERT_EQ(writer.files().size(), 24u);
  }
  // A stray file and a hidden one: the first is read (not in the layout, so never skipped by
  // its path), the second ignored.
  dir.Write("notes.jsonl", "{\"m\":-1}\n");
  dir.Write(".hidden.jsonl", "{\"m\":-2}\n");

  CaptureSourceOptions options;
  options.filter.from_ms = source::ParseUtcMillis("2026-11-20T10:30:00Z");
  options.filter.to_ms = source::ParseUtcMillis("2026-11-20T10:40:00Z");
  options.filter.partitions = {1};
  CaptureSource source({dir.path().string()}, options);
  Errors errors;
  source.SetListener(&errors);
  ASSERT_TRUE(source.Prepare().ok());
  std::vector<std::string> bodies;
  source::Envelope e;
  while (source.Poll(0, &e) == source::PollStatus::kEvent) bodies.push_back(e.body);
  // Partition 1's windows from 10:10 (20 minutes before 10:30) to 10:40 (the slack after 10:40
  // reaches into it) are opened; the events at 10:30 and 10:35 are inside.
  EXPECT_EQ(bodies, (std::vector<std::string>{"{\"p\":1,\"m\":30}", "{\"p\":1,\"m\":35}"}));
  // Partition 0's 12 files, and partition 1's before 10:10 (2) and after 10:40 (3).
  EXPECT_EQ(source.files_skipped(), 12u + 2u + 3u);
  // 10:10, 10:15, 10:20, 10:25 and 10:40 of partition 1 were read and left out.
  EXPECT_EQ(source.events_outside(), 5u);
  // notes.jsonl's event has no enqueued time or partition to decide on.
  EXPECT_EQ(source.events_unknown(), 1u);
  EXPECT_TRUE(errors.messages.empty());
  EXPECT_EQ(source.open_failures(), 0u);
  EXPECT_EQ(source.bytes_read(), source.total_bytes());
}

TEST(CaptureSource, AnUnusableInputIsAnErrorNamingIt) {
  CaptureSource blob({"https://acct.blob.core.windows.net/container"});  // no credential
  Status s = blob.Prepare();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("acct"), std::string::npos) << s.message();

  CaptureSource polled({"https://acct.blob.core.windows.net/container"});
  Errors errors;
  polled.SetListener(&errors);
  source::Envelope e;
  EXPECT_EQ(polled.Poll(0, &e), source::PollStatus::kEnd);  // Prepare's error, reported
  EXPECT_EQ(errors.messages.size(), 1u);
}

}  // namespace
}  // namespace bulwark::replay
