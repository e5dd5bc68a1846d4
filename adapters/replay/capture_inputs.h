// What `bulwark replay` reads, and which of it: capture inputs (local files, directories in the
// Event Hubs Capture layout, Blob Storage containers), the Capture path layout, and the
// --from/--to/--partition filter.
//
// Thread-safety: values and pure functions, except BlobStream (one thread).
#ifndef BULWARK_ADAPTERS_REPLAY_CAPTURE_INPUTS_H_
#define BULWARK_ADAPTERS_REPLAY_CAPTURE_INPUTS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "blob/blob_client.h"
#include "bulwark/status.h"
#include "replay/byte_stream.h"
#include "source/envelope.h"

namespace bulwark::replay {

// Capture names each file {Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/
// {Minute}/{Second} (the default layout), ".avro" appended; the time is the start of the
// file's time window in UTC.
struct CapturePathInfo {
  int32_t partition = -1;  // -1: the path is not in the layout
  int64_t window_ms = -1;  // -1: idem
};
CapturePathInfo ParseCapturePath(std::string_view path);

// Capture's longest time window is 15 minutes; a file's events are enqueued within it, from the
// window's start (its path) on. A file is skipped by its path only when its window cannot reach
// [from, to) with this much to spare: the window bound after its start, the clock slack before.
inline constexpr int64_t kCaptureWindowBoundMs = 20 * 60 * 1000;
inline constexpr int64_t kCaptureClockSlackMs = 60 * 1000;

struct CaptureFilter {
  std::optional<int64_t> from_ms;  // enqueued at or after
  std::optional<int64_t> to_ms;    // enqueued before
  std::set<int32_t> partitions;    // empty: every partition

  bool active() const { return from_ms || to_ms || !partitions.empty(); }
  // Whether a file at `path` may hold events the filter admits (its layout path says).
  bool MayAdmitFile(std::string_view path) const;
  enum class Decision { kAdmit, kOutside, kUnknown };
  // kUnknown when the event lacks the partition or the enqueued time the filter needs.
  Decision Check(const source::Envelope& e) const;
};

// A container and prefix in Blob Storage, from any of
//   https://<account>.blob.core.windows.net/<container>[/<prefix>]
//   https://<account>.dfs.core.windows.net/<container>[/<prefix>]   (read via its blob endpoint)
//   abfss://<container>@<account>.dfs.core.windows.net[/<prefix>]   (abfs, wasb, wasbs alike)
//   http[s]://<ip or localhost>[:port]/<account>/<container>[/<prefix>]   (path-style, Azurite)
struct BlobLocation {
  std::string account_url;  // https://<account>.blob.core.windows.net, or path-style
  std::string container;
  std::string prefix;
};
bool LooksLikeBlobUrl(std::string_view input);
Result<BlobLocation> ParseBlobUrl(std::string_view url);

// A blob read front to back in ranged requests of `chunk` bytes.
class BlobStream : public ByteStream {
 public:
  BlobStream(const blob::BlobClient* client, std::string container, std::string blob, uint64_t size,
             uint64_t chunk = 4u << 20);
  Result<size_t> Read(char* buf, size_t n) override;

 private:
  const blob::BlobClient* client_;
  const std::string container_;
  const std::string blob_;
  const uint64_t size_;
  const uint64_t chunk_;
  uint64_t next_ = 0;  // blob offset of the next range to fetch
  std::string buf_;
  size_t pos_ = 0;
};

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_CAPTURE_INPUTS_H_
