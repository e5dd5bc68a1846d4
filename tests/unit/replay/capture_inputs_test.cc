#include "replay/capture_inputs.h"

#include <gtest/gtest.h>

#include "source/utc_time.h"

namespace bulwark::replay {
namespace {

int64_t Ms(const char* iso) { return source::ParseUtcMillis(iso).value(); }

TEST(UtcTime, ParsesIso8601AndCapturesOwnFormat) {
  EXPECT_EQ(source::ParseUtcMillis("1970-01-01"), 0);
  EXPECT_EQ(source::ParseUtcMillis("2026-11-20T10:00:00Z"), 1795168800000);
  EXPECT_EQ(source::ParseUtcMillis("2026-11-20 10:00"), 1795168800000);
  EXPECT_EQ(source::ParseUtcMillis("2026-11-20T10:00:00.5Z"), 1795168800500);
  EXPECT_EQ(source::ParseUtcMillis("2026-11-20T11:30:00+01:30"), 1795168800000);
  EXPECT_EQ(source::ParseUtcMillis("2026-11-20T08:00:00-02:00"), 1795168800000);
  EXPECT_EQ(source::ParseUtcMillis("11/20/2026 10:00:00 AM"), 1795168800000);
  EXPECT_EQ(source::ParseUtcMillis("11/20/2026 12:00:00 AM"), Ms("2026-11-20T00:00:00Z"));
  EXPECT_EQ(source::ParseUtcMillis("11/20/2026 12:30:00 PM"), Ms("2026-11-20T12:30:00Z"));
  EXPECT_EQ(source::ParseUtcMillis("11/20/2026 1:05:09 PM"), Ms("2026-11-20T13:05:09Z"));
  for (const char* bad :
       {"", "t", "2026-13-01", "2026-02-30", "2026-11-20T25:00", "11/20/2026",
        "13/01/2026 1:00:00 PM", "2026-11-20T10:00:00Q", "2026-11-20T10:00:60Z"}) {
    EXPECT_FALSE(source::ParseUtcMillis(bad)) << bad;
  }
  const int64_t t = Ms("2026-12-01T22:05:07.900Z");
  EXPECT_EQ(source::FormatCaptureTime(t), "12/1/2026 10:05:07 PM");
  EXPECT_EQ(source::ParseUtcMillis(source::FormatCaptureTime(t)), t - 900);
  EXPECT_EQ(source::FormatCaptureTime(Ms("2026-01-02T00:00:01Z")), "1/2/2026 12:00:01 AM");
}

TEST(CapturePath, OnlyTheDefaultLayoutIsRecognised) {
  const CapturePathInfo p = ParseCapturePath("ns/hub/17/2026/11/20/10/05/00.avro");
  EXPECT_EQ(p.partition, 17);
  EXPECT_EQ(p.window_ms, Ms("2026-11-20T10:05:00Z"));
  EXPECT_EQ(ParseCapturePath("17/2026/11/20/10/05/00").partition, 17);  // no suffix, no prefix
  for (const char* other :
       {"capture.jsonl", "ns/hub/x/2026/11/20/10/05/00.avro", "ns/hub/1/2026/13/20/10/05/00.avro",
        "ns/hub/1/26/11/20/10/05/00.avro", "ns/hub/1/2026/11/20/24/05/00.avro",
        "2026/11/20/10/05/00.avro", "ns/hub/1/2026/11/20/10/05/000.avro"}) {
    EXPECT_EQ(ParseCapturePath(other).partition, -1) << other;
  }
}

TEST(CaptureFilter, FilesBySlackenedWindowEventsExactly) {
  CaptureFilter f;
  EXPECT_FALSE(f.active());
  EXPECT_TRUE(f.MayAdmitFile("ns/hub/0/2020/01/01/00/00/00.avro"));
  f.from_ms = Ms("2026-11-20T10:00:00Z");
  f.to_ms = Ms("2026-11-20T11:00:00Z");
  f.partitions = {1, 3};
  EXPECT_TRUE(f.active());
  // A window that started up to 20 minutes before --from may hold events after it.
  EXPECT_TRUE(f.MayAdmitFile("ns/hub/1/2026/11/20/09/45/00.avro"));
  EXPECT_FALSE(f.MayAdmitFile("ns/hub/1/2026/11/20/09/39/00.avro"));
  EXPECT_TRUE(f.MayAdmitFile("ns/hub/3/2026/11/20/10/59/59.avro"));
  EXPECT_TRUE(f.MayAdmitFile("ns/hub/3/2026/11/20/11/00/30.avro"));  // clock slack
  EXPECT_FALSE(f.MayAdmitFile("ns/hub/3/2026/11/20/11/01/00.avro"));
  EXPECT_FALSE(f.MayAdmitFile("ns/hub/2/2026/11/20/10/30/00.avro"));  // another partition
  EXPECT_TRUE(f.MayAdmitFile("some/export.jsonl"));                   // decided per event

  source::Envelope e;
  e.partition = 1;
  e.timestamp_ms = Ms("2026-11-20T10:00:00Z");
  EXPECT_EQ(f.Check(e), CaptureFilter::Decision::kAdmit);  // from is inclusive
  e.timestamp_ms = Ms("2026-11-20T11:00:00Z");
  EXPECT_EQ(f.Check(e), CaptureFilter::Decision::kOutside);  // to is exclusive
  e.timestamp_ms = Ms("2026-11-20T09:59:59.999Z");
  EXPECT_EQ(f.Check(e), CaptureFilter::Decision::kOutside);
  e.timestamp_ms = 0;
  e.enqueued_time = "2026-11-20T10:30:00Z";
  EXPECT_EQ(f.Check(e), CaptureFilter::Decision::kAdmit);
  e.enqueued_time = "";
  EXPECT_EQ(f.Check(e), CaptureFilter::Decision::kUnknown);
  e.enqueued_time = "2026-11-20T10:30:00Z";
  e.partition = 2;
  EXPECT_EQ(f.Check(e), CaptureFilter::Decision::kOutside);
  e.partition = -1;
  EXPECT_EQ(f.Check(e), CaptureFilter::Decision::kUnknown);
}

TEST(BlobUrl, EveryWayOfNamingAContainerReadsThroughTheBlobEndpoint) {
  struct Case {
    const char* url;
    const char* account_url;
    const char* container;
    const char* prefix;
  };
  for (const Case& c : {
           Case{"https://acct.blob.core.windows.net/capture", "https://acct.blob.core.windows.net",
                "capture", ""},
           Case{"https://acct.blob.core.windows.net/capture/ns/hub/0/2026/",
                "https://acct.blob.core.windows.net", "capture", "ns/hub/0/2026/"},
           Case{"https://acct.dfs.core.windows.net/capture/ns",
                "https://acct.blob.core.windows.net", "capture", "ns"},
           Case{"abfss://capture@acct.dfs.core.windows.net/ns/hub",
                "https://acct.blob.core.windows.net", "capture", "ns/hub"},
           Case{"wasbs://capture@acct.blob.core.windows.net", "https://acct.blob.core.windows.net",
                "capture", ""},
           Case{"http://127.0.0.1:10000/devstoreaccount1/capture/p",
                "http://127.0.0.1:10000/devstoreaccount1", "capture", "p"},
           Case{"https://localhost:10000/acct/c", "https://localhost:10000/acct", "c", ""},
       }) {
    SCOPED_TRACE(c.url);
    EXPECT_TRUE(LooksLikeBlobUrl(c.url));
    auto loc = ParseBlobUrl(c.url);
    ASSERT_TRUE(loc.ok()) << loc.status().message();
    EXPECT_EQ(loc->account_url, c.account_url);
    EXPECT_EQ(loc->container, c.container);
    EXPECT_EQ(loc->prefix, c.prefix);
  }
  EXPECT_FALSE(LooksLikeBlobUrl("/data/capture"));
  EXPECT_FALSE(LooksLikeBlobUrl("capture.jsonl"));
  for (const char* bad :
       {"https://acct.blob.core.windows.net", "https://acct.blob.core.windows.net/",
        "abfss://acct.dfs.core.windows.net/c", "ftp://x/y", "http://127.0.0.1/acct",
        "abfss://c@nodots/x"}) {
    auto loc = ParseBlobUrl(bad);
    EXPECT_FALSE(loc.ok()) << bad;
    if (!loc.ok()) {
      EXPECT_NE(loc.status().message().find(bad), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace bulwark::replay
