// CaptureWriter: writes events as Event Hubs Capture would, Avro object container files of
// `EventData` records (kCaptureSchemaJson) in the Capture path layout
//   DIR/{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}.avro
// one file per partition and time window (the window's start in UTC). Records and blocks are
// written by Avro C's own file writer (null or deflate codec), independently of the framing
// AvroCaptureReader reads, so that each checks the other.
//
// An event's time is its enqueued time (ParseUtcMillis), else its broker timestamp, else
// `default_time_ms`; without any the event is refused. Its partition is its own, else 0. A
// missing offset or sequence number continues the partition's last one.
//
// Thread-safety: one writer per thread.
#ifndef BULWARK_ADAPTERS_REPLAY_CAPTURE_WRITER_H_
#define BULWARK_ADAPTERS_REPLAY_CAPTURE_WRITER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bulwark/status.h"
#include "source/envelope.h"

namespace bulwark::replay {

struct CaptureWriterOptions {
  std::string out_dir;
  std::string namespace_name = "bulwark";
  std::string eventhub = "notifications";
  std::string codec = "deflate";      // "null" or "deflate"
  int64_t window_ms = 5 * 60 * 1000;  // Capture's default window: 5 minutes
  size_t block_events = 0;            // end a block after this many events; 0: when full
  std::optional<int64_t> default_time_ms;
};

class CaptureWriter {
 public:
  explicit CaptureWriter(CaptureWriterOptions options);
  ~CaptureWriter();  // closes what is open; Close() reports errors
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;

  // Checks the options and prepares the schema.
  [[nodiscard]] Status Init();
  // Appends one event to its file. InvalidArgument for an event without a time or one larger
  // than a block; IoError when a file cannot be created (an existing file is never
  // overwritten) or written.
  [[nodiscard]] Status Append(const source::Envelope& e);
  // Ends every file. Call once after the last Append().
  [[nodiscard]] Status Close();

  // The files written, in the order they were created.
  const std::vector<std::string>& files() const { return files_; }

  // The layout path of a partition's window, relative to the output directory.
  std::string RelativePath(int32_t partition, int64_t window_ms) const;

 private:
  struct Avro;
  struct OpenFile;
  using Key = std::pair<int32_t, int64_t>;  // partition, window start

  Result<OpenFile*> FileFor(const Key& key);
  Status CloseFile(const Key& key);

  const CaptureWriterOptions options_;
  std::unique_ptr<Avro> avro_;
  std::map<Key, std::unique_ptr<OpenFile>> open_;
  std::map<Key, std::string> created_;
  std::map<int32_t, std::pair<int64_t, int64_t>> last_;  // partition: offset, sequence number
  std::vector<std::string> files_;
  uint64_t uses_ = 0;
};

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_CAPTURE_WRITER_H_
