// The Shared Key signing of Blob Storage requests, against values computed independently
// (Python's hmac module over the documented StringToSign layout), and the client's checks.
#include "blob/blob_client.h"

#include <gtest/gtest.h>

namespace bulwark::blob {
namespace {

TEST(SharedKey, StringToSignFollowsTheDocumentedLayout) {
  const std::string sts = SharedKeyStringToSign(
      "GET", "devstoreaccount1", "/devstoreaccount1/microsoft-graph-change-notifications/p%201",
      {{"x-ms-version", "2021-08-06"},
       {"X-MS-Date", "Tue, 01 Dec 2026 22:00:00 GMT"},
       {"Content-Length", "0"},
       {"Range", "bytes=0-9"}},
      {{"comp", "metadata"}, {"Timeout", "30"}});
  EXPECT_EQ(sts,
            "GET\n\n\n\n\n\n\n\n\n\n\nbytes=0-9\n"  // Content-Length 0 is empty
            "x-ms-date:Tue, 01 Dec 2026 22:00:00 GMT\nx-ms-version:2021-08-06\n"
            "/devstoreaccount1/devstoreaccount1/microsoft-graph-change-notifications/p%201\n"
            "comp:metadata\ntimeout:30");
}

TEST(SharedKey, AuthorizationIsBase64HmacSha256) {
  // python3 -c 'import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b"key",
  //   b"GET\n/acct/c/b",hashlib.sha256).digest()).decode())'
  EXPECT_EQ(SharedKeyAuthorization("acct", "key", "GET\n/acct/c/b"),
            "SharedKey acct:I4g0+9JVrakFz0WZFdUYFAGvL33UhgmEXidVR+oEL7M=");
}

TEST(SharedKey, DatesAndPaths) {
  EXPECT_EQ(HttpDate(1796162400), "Tue, 01 Dec 2026 22:00:00 GMT");
  EXPECT_EQ(EncodeBlobPath("a b/c?d#e%f~g"), "a%20b/c%3Fd%23e%25f~g");
}

TEST(BlobClient, NeedsAUrlAndACredential) {
  EXPECT_FALSE(BlobClient::Create({}).ok());
  BlobOptions o;
  o.account_url = "https://contoso.blob.core.windows.net";
  EXPECT_FALSE(BlobClient::Create(o).ok());  // no credential
  o.shared_key = "not base64!";
  EXPECT_FALSE(BlobClient::Create(o).ok());
  o.shared_key = "a2V5";
  auto c = BlobClient::Create(o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->account_name(), "contoso");
  o.account_url = "http://127.0.0.1:10000/devstoreaccount1/";
  c = BlobClient::Create(o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->account_name(), "devstoreaccount1");
}

TEST(BlobList, PagesNamesSizesAndEntities) {
  // The List Blobs response body as documented (trimmed of the properties we do not read).
  auto page = ParseBlobList(
      "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>"
      "<EnumerationResults ServiceEndpoint=\"https://a.blob.core.windows.net/\" "
      "ContainerName=\"c\"><Prefix>ns/</Prefix><MaxResults>2</MaxResults><Blobs>"
      "<Blob><Name>ns/hub/0/2026/11/20/10/00/00.avro</Name><Properties>"
      "<Content-Length>1234</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>"
      "<Blob><Name>ns/a&amp;b &lt;c&gt; &#233;&#x20AC;.avro</Name><Properties>"
      "<Content-Length>0</Content-Length></Properties></Blob>"
      "</Blobs><NextMarker>2!72!MDAw&amp;</NextMarker></EnumerationResults>");
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].name, "ns/hub/0/2026/11/20/10/00/00.avro");
  EXPECT_EQ(page->items[0].size, 1234u);
  EXPECT_EQ(page->items[1].name, "ns/a&b <c> \xc3\xa9\xe2\x82\xac.avro");
  EXPECT_EQ(page->items[1].size, 0u);
  EXPECT_EQ(page->next_marker, "2!72!MDAw&");

  // A name XML cannot carry comes percent-encoded, flagged by an attribute; empty elements
  // may be written self-closed.
  page = ParseBlobList(
      "<EnumerationResults><Blobs><Blob><Name Encoded=\"true\">ns%2Fa%01b%zz.avro</Name>"
      "<Properties><Content-Length>7</Content-Length></Properties></Blob></Blobs>"
      "<NextMarker/></EnumerationResults>");
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].name, std::string("ns/a\x01"
                                             "b%zz.avro"));
  EXPECT_EQ(page->items[0].size, 7u);
  EXPECT_TRUE(page->next_marker.empty());

  page = ParseBlobList("<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>");
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->items.empty());
  EXPECT_TRUE(page->next_marker.empty());  // the last page

  EXPECT_FALSE(ParseBlobList("<Error><Code>AuthenticationFailed</Code></Error>").ok());
  EXPECT_FALSE(ParseBlobList("<EnumerationResults><Blobs><Blob><Name>x</Name><Properties>"
                             "<Content-Length>12a</Content-Length></Properties></Blob></Blobs>"
                             "</EnumerationResults>")
                   .ok());
  EXPECT_FALSE(ParseBlobList("<EnumerationResults><Blobs><Blob><Name></Name></Blob></Blobs>"
                             "</EnumerationResults>")
                   .ok());
}

TEST(BlobList, XmlUnescapeLeavesWhatItDoesNotKnow) {
  EXPECT_EQ(XmlUnescape("&quot;&apos;&lt;&gt;&amp;"), "\"'<>&");
  EXPECT_EQ(XmlUnescape("&#65;&#x42;"), "AB");
  EXPECT_EQ(XmlUnescape("&nbsp; &#; &#xZZ; & x &amp"), "&nbsp; &#; &#xZZ; & x &amp");
}

}  // namespace
}  // namespace bulwark::blob
