// AvroCaptureReader: the events of one Event Hubs Capture file, an Avro object container file
// of `EventData` records {SequenceNumber long, Offset string, EnqueuedTimeUtc string,
// SystemProperties map, Properties map, Body bytes} (https://avro.apache.org/docs/1.11.1/
// specification/#object-container-files), with the null or deflate codec.
//
// The container framing (header, blocks, sync markers) is read here, block by block from a
// BufferedInput, so that a damaged file is reported by byte offset and the blocks after a
// damaged one are still read: the reader skips to the next sync marker. Records are decoded by
// Avro C (libavro) against the writer's schema from the file header, which must be a record
// with a bytes Body (a Capture file), after a bounds-checked walk of each (avro_encoding.h):
// Avro C trusts lengths. Deflate blocks are inflated with zlib.
//
// Memory: one block (compressed and inflated) at a time; blocks over 64 MiB, or inflating to
// more than 256 MiB, are refused as corrupt.
//
// Thread-safety: one reader per thread.
#ifndef BULWARK_ADAPTERS_REPLAY_AVRO_CAPTURE_READER_H_
#define BULWARK_ADAPTERS_REPLAY_AVRO_CAPTURE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bulwark/status.h"
#include "replay/byte_stream.h"
#include "source/envelope.h"

namespace bulwark::replay {

// The four bytes every Avro object container file starts with.
inline constexpr std::string_view kAvroMagic("Obj\x01", 4);

// The Event Hubs Capture schema (namespace Microsoft.ServiceBus.Messaging, record EventData).
extern const char kCaptureSchemaJson[];

class AvroCaptureReader {
 public:
  AvroCaptureReader();
  ~AvroCaptureReader();
  AvroCaptureReader(const AvroCaptureReader&) = delete;
  AvroCaptureReader& operator=(const AvroCaptureReader&) = delete;

  // Reads the header of the file in `in` (not owned; must outlive the reader's use). `name`
  // goes into errors and each event's `file`; `partition` (from the Capture path, -1 when
  // unknown) into each event. InvalidArgument naming the file and byte offset when the header
  // is not that of a Capture file.
  [[nodiscard]] Status Open(BufferedInput* in, std::string name, int32_t partition);

  // The next event. A block that cannot be read yields one envelope with `source_error` set to
  // "capture_corrupt" (or "capture_truncated" when the file ends inside a block) and a detail
  // naming the file, the block's byte offset and the cause; reading goes on at the next sync
  // marker. False at the end of the file.
  bool Next(source::Envelope* out);

  // Blocks that could not be read so far.
  uint64_t damaged_blocks() const { return damaged_; }

 private:
  struct Avro;

  Status ReadHeader();
  // Reads, checks and inflates the next block. False at the end of the file; a damaged block
  // fills `*error` and returns true.
  bool NextBlock(source::Envelope* error);
  void Damaged(std::string_view reason, uint64_t at, const std::string& why, source::Envelope* out);
  // Skips to just after the next sync marker (or to the end of the file).
  void Resync();
  source::Envelope Base() const;

  BufferedInput* in_ = nullptr;
  std::string name_;
  int32_t partition_ = -1;
  std::unique_ptr<Avro> avro_;
  std::string sync_;
  bool deflate_ = false;
  bool done_ = false;
  std::string block_;  // the current block's records (inflated)
  int64_t remaining_ = 0;
  uint64_t block_offset_ = 0;
  uint64_t record_ = 0;
  size_t decoded_bytes_ = 0;  // where the block's next record starts
  std::string tail_error_;    // bytes left over after a block's records, reported next
  uint64_t damaged_ = 0;
};

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_AVRO_CAPTURE_READER_H_
