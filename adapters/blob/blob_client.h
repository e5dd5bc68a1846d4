// BlobClient: reads blobs from Azure Blob Storage (or Azurite, Microsoft's emulator) over the
// REST API with libcurl: Get Blob (whole, or a byte range) and List Blobs (a page at a time),
// authenticated with the account's Shared Key (HMAC-SHA256 of the canonical request) or a SAS
// token. Used for rich notifications over 1 MB, which Graph stores in the subscription's
// storage account (additionalPayloadStorageId), and to replay Event Hubs Capture containers.
//
// Secrets: the account key and the SAS token never appear in errors, logs or records; errors
// name the account URL, the container and the blob, and Storage's error code and request id.
//
// Thread-safety: Get() may be called from any number of threads at once.
#ifndef BULWARK_ADAPTERS_BLOB_BLOB_CLIENT_H_
#define BULWARK_ADAPTERS_BLOB_BLOB_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/status.h"
#include "http/http_client.h"

namespace bulwark::blob {

struct BlobOptions {
  // https://<account>.blob.core.windows.net, or a path-style endpoint whose first path segment
  // is the account (Azurite: http://127.0.0.1:10000/devstoreaccount1).
  std::string account_url;
  std::string account_name;  // default: the host's first label, or the path's first segment
  std::string shared_key;    // base64 account key (Shared Key authorization), or
  std::string sas;           // a SAS token ("sv=...&sig=...", with or without a leading '?')
  std::string ca_bundle;
  size_t max_bytes = 16 * 1024 * 1024;  // larger blobs are refused (bounded memory)
  int attempts = 3;                     // 5xx, 429 and transport errors are retried
};

struct BlobItem {
  std::string name;
  uint64_t size = 0;  // Content-Length
};

// One page of a listing; `next_marker` empty on the last page.
struct BlobPage {
  std::vector<BlobItem> items;
  std::string next_marker;
};

class BlobClient {
 public:
  // InvalidArgument when the URL, the account name or the credential is missing or malformed.
  static Result<std::unique_ptr<BlobClient>> Create(BlobOptions options);

  // The blob's bytes. NotFound for a 404; FailedPrecondition for 401/403 (the credential);
  // IoError otherwise (after the retries).
  Result<std::string> Get(const std::string& container, const std::string& blob) const;

  // `length` bytes of the blob from `offset` (fewer at its end), by a ranged Get Blob.
  Result<std::string> GetRange(const std::string& container, const std::string& blob,
                               uint64_t offset, uint64_t length) const;

  // One page of the blobs under `prefix`, from `marker` (empty: the first page); at most
  // `max_results` (0: the service's default, 5,000). Errors as Get().
  Result<BlobPage> List(const std::string& container, const std::string& prefix,
                        const std::string& marker, int max_results) const;

  const std::string& account_name() const { return account_; }
  const std::string& account_url() const { return options_.account_url; }

 private:
  // A GET with the retries and error mapping of Get(); `what` names the resource in errors.
  Result<http::Response> Send(const std::string& path,
                              const std::vector<std::pair<std::string, std::string>>& query,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string& what) const;
  std::string BlobPath(const std::string& container, const std::string& blob) const;

  BlobClient(BlobOptions options, std::unique_ptr<http::Client> http, std::string account,
             std::string key, std::string origin, std::string base_path);
  const BlobOptions options_;
  const std::unique_ptr<http::Client> http_;
  const std::string account_;
  const std::string key_;        // decoded shared key bytes; empty with a SAS
  const std::string origin_;     // scheme://host[:port] of account_url
  const std::string base_path_;  // account_url's path ("" or "/<account>" path-style)
};

// The Shared Key StringToSign of a request (Blob service, version 2015-02-21 and later): the
// verb, the standard headers in their fixed order (Content-Length empty when 0), the x-ms-*
// headers lower-cased and sorted, and the canonicalized resource "/<account><path>" followed by
// the query parameters lower-cased and sorted. `headers` and `query` are name/value pairs.
std::string SharedKeyStringToSign(const std::string& verb, const std::string& account,
                                  const std::string& path,
                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                  const std::vector<std::pair<std::string, std::string>>& query);

// "SharedKey <account>:<base64 HMAC-SHA256(key, string_to_sign)>".
std::string SharedKeyAuthorization(const std::string& account, const std::string& key_bytes,
                                   const std::string& string_to_sign);

// RFC 1123 date for x-ms-date ("Tue, 01 Dec 2026 22:00:00 GMT").
std::string HttpDate(int64_t unix_seconds);

// Percent-encodes a blob name for a URL path (keeps unreserved characters and '/').
std::string EncodeBlobPath(const std::string& name);

// The blobs and the next marker of a List Blobs response body (exposed for tests).
Result<BlobPage> ParseBlobList(std::string_view xml);
// XML character data with its five named entities and numeric references decoded.
std::string XmlUnescape(std::string_view text);

}  // namespace bulwark::blob

#endif  // BULWARK_ADAPTERS_BLOB_BLOB_CLIENT_H_
