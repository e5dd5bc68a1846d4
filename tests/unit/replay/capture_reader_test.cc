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

TEST(CaptureReader, TheWrapperFastPathAgreesWithTheGeneralOne) {
  // A wrapper's body is cut out of the line rather than parsed with it; its fields still come
  // from a real parse of the rest.
  source::Envelope e = EnvelopeFromLine(
      "{\"partition\":2,\"offset\":\"9\",\"enqueued_time\":\"2026-11-20T10:00:00Z\","
      "\"body\":{\"value\":[{\"partition\":7}]},\"extra\":[1,{\"body\":0}]}",
      "w", 1);
  EXPECT_EQ(e.body, "{\"value\":[{\"partition\":7}]}");
  EXPECT_EQ(e.partition, 2);
  EXPECT_EQ(e.offset, 9);
  EXPECT_EQ(e.timestamp_ms, 1795168800000);
  // A repeated "body": JSON readers take the last; so does the general path this falls to.
  e = EnvelopeFromLine("{\"partition\":1,\"body\":{\"a\":1},\"body\":{\"b\":2}}", "w", 2);
  EXPECT_EQ(e.body, "{\"b\":2}");
  // A body that is not JSON inside a well-formed wrapper: passed on with the wrapper's position
  // (the decoder makes it a malformed_json dead letter); a line broken elsewhere, whole.
  e = EnvelopeFromLine("{\"partition\":4,\"offset\":1,\"body\":{not json}}", "w", 3);
  EXPECT_EQ(e.body, "{not json}");
  EXPECT_EQ(e.partition, 4);
  e = EnvelopeFromLine("{\"partition\":4,\"offset\":1 \"body\":{\"value\":[]}}", "w", 4);
  EXPECT_EQ(e.body, "{\"partition\":4,\"offset\":1 \"body\":{\"value\":[]}}");
  EXPECT_EQ(e.partition, -1);
  // A bare body is recognised without parsing: even a broken one goes on whole.
  e = EnvelopeFromLine("{\"value\":[1,2}", "w", 5);
  EXPECT_EQ(e.body, "{\"value\":[1,2}");
  EXPECT_EQ(e.partition, -1);
}

TEST(CaptureReader, KcatJsonEnvelopes) {
  // kcat -C -J: the payload is the body as a string, ts the broker timestamp in milliseconds.
  source::Envelope e = EnvelopeFromLine(
      "{\"topic\":\"graph\",\"partition\":4,\"offset\":991,\"tstype\":\"create\","
      "\"ts\":1795168800000,\"key\":null,\"payload\":\"{\\\"value\\\":[]}\"}",
      "k.jsonl", 1);
  EXPECT_EQ(e.body, "{\"value\":[]}");
  EXPECT_EQ(e.partition, 4);
  EXPECT_EQ(e.offset, 991);
  EXPECT_EQ(e.timestamp_ms, 1795168800000);
  EXPECT_EQ(e.enqueued_time, "2026-11-20T10:00:00.000Z");
  // A null payload (a tombstone) is an empty body, which the decoder dead-letters.
  e = EnvelopeFromLine("{\"topic\":\"graph\",\"partition\":0,\"offset\":1,\"payload\":null}",
                       "k.jsonl", 2);
  EXPECT_EQ(e.body, "");
}

TEST(CaptureReader, AvroToolsJsonRecords) {
  // avro-tools tojson writes bytes as one code point per byte: U+00C3 U+00A9 is the UTF-8 of
  // "\u00e9"; a union's branch is an object named by its type.
  source::Envelope e = EnvelopeFromLine(
      "{\"SequenceNumber\":12,\"Offset\":\"4096\",\"EnqueuedTimeUtc\":"
      "\"11/20/2026 10:00:00 AM\",\"SystemProperties\":{},\"Properties\":{},"
      "\"Body\":{\"bytes\":\"{\\\"v\\\":\\\"\\u00c3\\u00a9\\\"}\"}}",
      "a.json", 7);
  EXPECT_EQ(e.body, "{\"v\":\"\xc3\xa9\"}");
  EXPECT_EQ(e.sequence_number, 12);
  EXPECT_EQ(e.offset, 4096);
  EXPECT_EQ(e.timestamp_ms, 1795168800000);
  EXPECT_EQ(e.enqueued_time, "2026-11-20T10:00:00.000Z");
  // Bytes above 0x7f in a plain string, and text that cannot be Avro's encoding (a code point
  // past U+00FF) kept as the UTF-8 it is.
  e = EnvelopeFromLine("{\"EnqueuedTimeUtc\":\"2026-11-20T10:00:00Z\",\"Body\":\"\\u00ff\\u0001\"}",
                       "a", 1);
  EXPECT_EQ(e.body, std::string("\xff\x01"));
  e = EnvelopeFromLine("{\"EnqueuedTimeUtc\":\"bad time\",\"Body\":\"\\u20ac\"}", "a", 2);
  EXPECT_EQ(e.body, "\xe2\x82\xac");
  EXPECT_EQ(e.timestamp_ms, 0);
  EXPECT_EQ(e.enqueued_time, "bad time");  // kept for the record, not used by the filter
}

TEST(CaptureReader, ALineLongerThanTheLimitIsAnOversizedRecordAndReadingGoesOn) {
  testing::TempDir dir;
  std::string text = "{\"value\":[1]}\n";
  text += std::string(kMaxCaptureLine + 10, 'x') + "\n";
  text += "{\"value\":[2]}\n";
  const auto path = dir.Write("big.jsonl", text);
  CaptureReader r;
  ASSERT_TRUE(r.Open(path.string()).ok());
  source::Envelope e;
  ASSERT_TRUE(r.Next(&e));
  EXPECT_EQ(e.body, "{\"value\":[1]}");
  ASSERT_TRUE(r.Next(&e));
  EXPECT_EQ(e.source_error, "oversized");
  EXPECT_EQ(e.line, 2u);
  EXPECT_TRUE(e.body.empty());  // the line itself is not kept
  ASSERT_TRUE(r.Next(&e));
  EXPECT_EQ(e.body, "{\"value\":[2]}");
  EXPECT_EQ(e.line, 3u);
  EXPECT_FALSE(r.Next(&e));
  EXPECT_EQ(r.bytes_read(), text.size());
}

}  // namespace
}  // namespace bulwark::replay
