#include "replay/capture_reader.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace bulwark::replay {
namespace {

TEST(CaptureReader, RawBodiesWrappersAndBrokenLines) {
  testing::TempDir dir;
  const auto path = dir.Write("c.jsonl",
                              "{\"value\":[]}\n"
                              "\n"
                              "{\"partition\":3,\"offset\":\"18211\",\"enqueued_time\":\"t\","
                              "\"body\":{\"value\":[1]}}\r\n"
                              "{\"partition\":1,\"offset\":7,\"body\":\"{\\\"value\\\":[]}\"}\n"
                              "{not json\n");
  CaptureReader r;
  ASSERT_TRUE(r.Open(path.string()).ok());
  source::Envelope e;
  ASSERT_TRUE(r.Next(&e));
  EXPECT_EQ(e.body, "{\"value\":[]}");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.partition, -1);
  ASSERT_TRUE(r.Next(&e));
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.partition, 3);
  EXPECT_EQ(e.offset, 18211);
  EXPECT_EQ(e.enqueued_time, "t");
  EXPECT_EQ(e.body, "{\"value\":[1]}");
  ASSERT_TRUE(r.Next(&e));
  EXPECT_EQ(e.offset, 7);
  EXPECT_EQ(e.body, "{\"value\":[]}");
  ASSERT_TRUE(r.Next(&e));  // kept as is: the decoder makes it a dead letter
  EXPECT_EQ(e.body, "{not json");
  EXPECT_FALSE(r.Next(&e));
  EXPECT_FALSE(r.Open((dir.path() / "missing").string()).ok());
}

TEST(CaptureReader, AWrappedBodyIsPassedOnAsItsBytesHoweverDeep) {
  // Found by tests/integration/hostile_inputs_test.py: re-serializing a body nested 100,000
  // levels deep overflowed the stack.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  source::Envelope e = EnvelopeFromLine(
      "{\"partition\":2,\"body\":{\"value\": " + deep + " },\"offset\":5}", "f", 1);
  EXPECT_EQ(e.body, "{\"value\": " + deep + " }");
  EXPECT_EQ(e.partition, 2);
  EXPECT_EQ(e.offset, 5);
  // The bytes as they are in the file: escapes, spacing and key order untouched; a nested
  // "body" member and strings holding brackets do not confuse the scan.
  e = EnvelopeFromLine("{ \"x\" : \"]\\\"}\", \"body\" :\t{\"body\":\"\\u00e9\", \"a\":[1 ,2]}\n}",
                       "f", 2);
  EXPECT_EQ(e.body, "{\"body\":\"\\u00e9\", \"a\":[1 ,2]}");
  e = EnvelopeFromLine("{\"body\":42}", "f", 3);
  EXPECT_EQ(e.body, "42");
}

}  // namespace
}  // namespace bulwark::replay
