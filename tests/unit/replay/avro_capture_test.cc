// The Capture Avro writer and reader against each other: Avro C's file writer frames the files,
// AvroCaptureReader's own framing reads them; damage is reported by file and byte offset.
#include <avro.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "replay/avro_capture_reader.h"
#include "replay/avro_memory.h"
#include "replay/capture_inputs.h"
#include "replay/capture_reader.h"
#include "replay/capture_writer.h"
#include "source/utc_time.h"
#include "test_util.h"

namespace bulwark::replay {
namespace {

int64_t Ms(const char* iso) { return source::ParseUtcMillis(iso).value(); }

source::Envelope Event(int32_t partition, const char* time, std::string body, int64_t offset = -1) {
  source::Envelope e;
  e.partition = partition;
  e.enqueued_time = time;
  e.body = std::move(body);
  e.offset = offset;
  return e;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every event of a file, read as replay reads it (partition from the path).
std::vector<source::Envelope> ReadFile(const std::string& path) {
  CaptureReader reader;
  auto stream = OpenFileStream(path);
  EXPECT_TRUE(stream.ok());
  Status s = reader.Open(std::move(stream).value(), path, ParseCapturePath(path).partition);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(reader.avro());
  std::vector<source::Envelope> out;
  source::Envelope e;
  while (reader.Next(&e)) out.push_back(e);
  return out;
}

CaptureWriterOptions Options(const testing::TempDir& dir, const std::string& codec,
                             size_t block_events = 0) {
  CaptureWriterOptions o;
  o.out_dir = dir.path().string();
  o.namespace_name = "ns";
  o.eventhub = "hub";
  o.codec = codec;
  o.block_events = block_events;
  return o;
}

TEST(CaptureWriter, NamesFilesByPartitionAndWindowStartInTheCaptureLayout) {
  CaptureWriterOptions o;
  o.namespace_name = "ns";
  o.eventhub = "hub";
  CaptureWriter w(o);
  EXPECT_EQ(w.RelativePath(3, Ms("2026-11-20T10:05:00Z")), "ns/hub/3/2026/11/20/10/05/00.avro");
  EXPECT_EQ(w.RelativePath(0, Ms("2024-02-29T23:59:07Z")), "ns/hub/0/2024/02/29/23/59/07.avro");
  EXPECT_EQ(w.RelativePath(12, 0), "ns/hub/12/1970/01/01/00/00/00.avro");
  const CapturePathInfo info = ParseCapturePath("x/ns/hub/3/2026/11/20/10/05/00.avro");
  EXPECT_EQ(info.partition, 3);
  EXPECT_EQ(info.window_ms, Ms("2026-11-20T10:05:00Z"));
}

TEST(CaptureWriter, RefusesBadOptionsAndEventsWithoutATime) {
  testing::TempDir dir;
  EXPECT_FALSE(CaptureWriter(Options(dir, "snappy")).Init().ok());
  CaptureWriterOptions o = Options(dir, "null");
  o.window_ms = 1500;
  EXPECT_FALSE(CaptureWriter(o).Init().ok());
  CaptureWriter w(Options(dir, "null"));
  ASSERT_TRUE(w.Init().ok());
  source::Envelope timeless;
  timeless.body = "{}";
  EXPECT_EQ(w.Append(timeless).code(), StatusCode::kInvalidArgument);
  timeless.enqueued_time = "yesterday";
  EXPECT_EQ(w.Append(timeless).code(), StatusCode::kInvalidArgument);
  timeless.timestamp_ms = Ms("2026-11-20T10:00:00Z");  // the broker's timestamp will do
  EXPECT_TRUE(w.Append(timeless).ok());
  ASSERT_TRUE(w.Close().ok());
  EXPECT_EQ(w.files().size(), 1u);
}

class CaptureRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(CaptureRoundTrip, EveryEventComesBackWithItsPositionAndTime) {
  testing::TempDir dir;
  CaptureWriter w(Options(dir, GetParam(), /*block_events=*/2));
  ASSERT_TRUE(w.Init().ok());
  const std::string binary("\x00\x01\xff{\"value\":[]}\n\x80", 17);
  const std::vector<source::Envelope> events = {
      Event(0, "2026-11-20T10:00:00.250Z", "{\"value\":[1]}", 100),
      Event(0, "2026-11-20T10:04:59Z", binary),
      Event(0, "2026-11-20T10:01:00+01:00", ""),  // 09:01 UTC: a window of its own
      Event(2, "2026-11-20T10:03:00Z", std::string(100000, 'a')),
      Event(0, "2026-11-20T10:02:00Z", "{\"value\":[4]}"),
      Event(0, "2026-11-20T10:05:00Z", "{\"value\":[5]}", 7),
  };
  for (const auto& e : events) ASSERT_TRUE(w.Append(e).ok());
  ASSERT_TRUE(w.Close().ok());
  const std::string root = dir.path().string() + "/ns/hub/";
  ASSERT_EQ(w.files(),
            (std::vector<std::string>{
                root + "0/2026/11/20/10/00/00.avro", root + "0/2026/11/20/09/00/00.avro",
                root + "2/2026/11/20/10/00/00.avro", root + "0/2026/11/20/10/05/00.avro"}));

  const auto first = ReadFile(w.files()[0]);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].body, "{\"value\":[1]}");
  EXPECT_EQ(first[0].partition, 0);
  EXPECT_EQ(first[0].offset, 100);
  EXPECT_EQ(first[0].sequence_number, 0);
  // Capture keeps whole seconds, in .NET's invariant format; replay normalises it.
  EXPECT_EQ(first[0].enqueued_time, "2026-11-20T10:00:00.000Z");
  EXPECT_EQ(first[0].record, 1u);
  EXPECT_EQ(first[0].file, w.files()[0]);
  EXPECT_EQ(first[1].body, binary);
  EXPECT_EQ(first[1].offset, 101);  // the partition's next
  EXPECT_EQ(first[1].sequence_number, 1);
  EXPECT_EQ(first[2].body, "{\"value\":[4]}");
  EXPECT_EQ(first[2].sequence_number, 3);
  EXPECT_EQ(first[2].record, 3u);
  for (const auto& e : first) EXPECT_TRUE(e.source_error.empty()) << e.source_error_detail;

  const auto early = ReadFile(w.files()[1]);
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].body, "");
  EXPECT_EQ(early[0].enqueued_time, "2026-11-20T09:01:00.000Z");
  const auto other = ReadFile(w.files()[2]);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].partition, 2);
  EXPECT_EQ(other[0].body.size(), 100000u);
  EXPECT_EQ(other[0].sequence_number, 0);
  const auto later = ReadFile(w.files()[3]);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].offset, 7);
}

INSTANTIATE_TEST_SUITE_P(Codecs, CaptureRoundTrip, ::testing::Values("null", "deflate"));

TEST(CaptureWriter, ManyWindowsAtOnceAreReopenedNotLostAndFilesAreNeverOverwritten) {
  testing::TempDir dir;
  CaptureWriterOptions o = Options(dir, "deflate");
  o.window_ms = 60 * 1000;
  {
    CaptureWriter w(o);
    ASSERT_TRUE(w.Init().ok());
    // 40 windows, visited three times each: more than the writer keeps open.
    for (int round = 0; round < 3; ++round) {
      for (int minute = 0; minute < 40; ++minute) {
        const int64_t ms = Ms("2026-11-20T10:00:00Z") + minute * 60000 + round * 1000;
        source::Envelope e;
        e.partition = minute % 2;
        e.enqueued_time = source::FormatUtcMillis(ms);
        e.body = std::to_string(round) + "/" + std::to_string(minute);
        ASSERT_TRUE(w.Append(e).ok());
      }
    }
    ASSERT_TRUE(w.Close().ok());
    ASSERT_EQ(w.files().size(), 40u);
    for (int minute = 0; minute < 40; ++minute) {
      const auto got = ReadFile(w.files()[static_cast<size_t>(minute)]);
      ASSERT_EQ(got.size(), 3u) << w.files()[static_cast<size_t>(minute)];
      for (int round = 0; round < 3; ++round) {
        EXPECT_EQ(got[static_cast<size_t>(round)].body,
                  std::to_string(round) + "/" + std::to_string(minute));
      }
    }
  }
  CaptureWriter again(o);
  ASSERT_TRUE(again.Init().ok());
  Status s = again.Append(Event(0, "2026-11-20T10:00:00Z", "x"));
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("exists"), std::string::npos) << s.message();
}

// A file of three one-event blocks, and the byte offsets where blocks 2 and 3 start.
struct ThreeBlocks {
  std::string path;
  std::string bytes;
  size_t block2 = 0, block3 = 0;
};

ThreeBlocks WriteThreeBlocks(const testing::TempDir& dir, const std::string& codec) {
  CaptureWriter w(Options(dir, codec, /*block_events=*/1));
  EXPECT_TRUE(w.Init().ok());
  for (int i = 1; i <= 3; ++i) {
    EXPECT_TRUE(w.Append(Event(1, "2026-11-20T10:00:00Z",
                               "{\"value\":[" + std::to_string(i) + "]}" + std::string(300, ' ')))
                    .ok());
  }
  EXPECT_TRUE(w.Close().ok());
  ThreeBlocks out;
  out.path = w.files().at(0);
  out.bytes = ReadAll(out.path);
  const std::string sync = out.bytes.substr(out.bytes.size() - 16);
  const size_t header_end = out.bytes.find(sync) + 16;
  out.block2 = out.bytes.find(sync, header_end) + 16;
  out.block3 = out.bytes.find(sync, out.block2) + 16;
  EXPECT_LT(out.block3, out.bytes.size() - 16);
  return out;
}

void Rewrite(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(AvroCaptureReader, ACorruptBlockIsReportedByOffsetAndTheBlocksAfterItAreRead) {
  for (const char* codec : {"deflate", "null"}) {
    SCOPED_TRACE(codec);
    testing::TempDir dir;
    ThreeBlocks f = WriteThreeBlocks(dir, codec);
    // Damage the middle of block 2's data: deflate no longer inflates, or (null) the record's
    // Body length no longer matches the block.
    for (size_t i = f.block2 + 6; i < f.block2 + 12; ++i) f.bytes[i] = '\xff';
    Rewrite(f.path, f.bytes);
    const auto got = ReadFile(f.path);
    std::vector<std::string> bodies, errors;
    for (const auto& e : got) {
      if (e.source_error.empty()) {
        bodies.push_back(e.body.substr(0, 13));
      } else {
        EXPECT_EQ(e.source_error, "capture_corrupt");
        EXPECT_EQ(e.partition, 1);
        errors.push_back(e.source_error_detail);
      }
    }
    EXPECT_EQ(bodies.front(), "{\"value\":[1]}");
    EXPECT_EQ(bodies.back(), "{\"value\":[3]}");
    ASSERT_FALSE(errors.empty());
    EXPECT_NE(errors[0].find(f.path + ": block at byte " + std::to_string(f.block2)),
              std::string::npos)
        << errors[0];
  }
}

TEST(AvroCaptureReader, ALostSyncMarkerSkipsToTheNextOne) {
  testing::TempDir dir;
  ThreeBlocks f = WriteThreeBlocks(dir, "null");
  // The marker after block 2 overwritten: the next marker found is after block 3.
  for (size_t i = f.block3 - 16; i < f.block3; ++i) f.bytes[i] = static_cast<char>(i);
  Rewrite(f.path, f.bytes);
  const auto got = ReadFile(f.path);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body.substr(0, 13), "{\"value\":[1]}");
  EXPECT_EQ(got[1].source_error, "capture_corrupt");
  EXPECT_NE(got[1].source_error_detail.find("block at byte " + std::to_string(f.block2) +
                                            ": no sync marker"),
            std::string::npos)
      << got[1].source_error_detail;
}

TEST(AvroCaptureReader, ADamagedSyncMarkerCostsOnlyItsBlock) {
  testing::TempDir dir;
  ThreeBlocks f = WriteThreeBlocks(dir, "deflate");
  f.bytes[f.block3 - 3] ^= 0x55;  // one byte of the marker after block 2
  Rewrite(f.path, f.bytes);
  const auto got = ReadFile(f.path);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].body.substr(0, 13), "{\"value\":[1]}");
  EXPECT_EQ(got[1].source_error, "capture_corrupt");
  EXPECT_NE(got[1].source_error_detail.find("block at byte " + std::to_string(f.block2) +
                                            ": the sync marker after the block's"),
            std::string::npos)
      << got[1].source_error_detail;
  EXPECT_NE(got[1].source_error_detail.find("1 of 16 bytes differ"), std::string::npos);
  EXPECT_EQ(got[2].body.substr(0, 13), "{\"value\":[3]}");
}

TEST(AvroCaptureReader, ATruncatedFileNamesWhereItEnds) {
  testing::TempDir dir;
  ThreeBlocks f = WriteThreeBlocks(dir, "deflate");
  const size_t cut = f.block3 + 20;
  Rewrite(f.path, f.bytes.substr(0, cut));
  const auto got = ReadFile(f.path);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(got[1].source_error.empty());
  EXPECT_EQ(got[2].source_error, "capture_truncated");
  EXPECT_NE(got[2].source_error_detail.find("block at byte " + std::to_string(f.block3) +
                                            ": the file ends at byte " + std::to_string(cut)),
            std::string::npos)
      << got[2].source_error_detail;
}

TEST(AvroCaptureReader, AHeaderThatIsNotACaptureIsRefusedWithItsName) {
  testing::TempDir dir;
  const auto garbage = dir.Write("g.avro", std::string(kAvroMagic) + "\x7f\x7f\x7f");
  CaptureReader r;
  Status s = r.Open(garbage.string());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(garbage.string() + ": not a readable Event Hubs Capture file"),
            std::string::npos)
      << s.message();
  source::Envelope e;
  EXPECT_FALSE(r.Next(&e));
  EXPECT_GT(r.bytes_read(), 0u);  // counted for progress though nothing came of it
}

TEST(AvroMemory, AvroCAllocationsAreBoundedOnceAReaderExists) {
  // Avro C allocates a bytes value by its length prefix before checking the input holds it:
  // the fuzzer's input (tests/fuzz/regressions/avro/) had a negative length.
  AvroCaptureReader reader;
  void* small = avro_malloc(1024);
  EXPECT_NE(small, nullptr);
  avro_free(small, 1024);
  EXPECT_EQ(avro_malloc(kMaxAvroAllocation + 1), nullptr);
  EXPECT_EQ(avro_malloc(static_cast<size_t>(-23)), nullptr);
}

TEST(AvroCaptureReader, ANegativeBodyLengthIsACorruptRecordNotAnAllocation) {
  testing::TempDir dir;
  CaptureWriter w(Options(dir, "null"));
  ASSERT_TRUE(w.Init().ok());
  ASSERT_TRUE(w.Append(Event(0, "2026-11-20T10:00:00Z", "{\"value\":[\"BODY\"]}")).ok());
  ASSERT_TRUE(w.Close().ok());
  std::string bytes = ReadAll(w.files().at(0));
  // Body is the record's last field: union branch 1 (0x02), then its length (zig-zag 2n).
  const std::string text = "{\"value\":[\"BODY\"]}";
  const size_t body = bytes.find(text);
  ASSERT_NE(body, std::string::npos);
  ASSERT_EQ(bytes[body - 1], static_cast<char>(2 * text.size()));
  ASSERT_EQ(bytes[body - 2], '\x02');
  bytes[body - 1] = '\x2d';  // zig-zag -23
  Rewrite(w.files().at(0), bytes);
  const auto got = ReadFile(w.files().at(0));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].source_error, "capture_corrupt");
  EXPECT_NE(got[0].source_error_detail.find("record 1 does not decode (a length of -23 at byte"),
            std::string::npos)
      << got[0].source_error_detail;
}

}  // namespace
}  // namespace bulwark::replay
