// CaptureReader: the events of one capture input, in either format, recognised by content:
//
//  - an Event Hubs Capture Avro file (it starts with the Avro magic; see AvroCaptureReader);
//  - JSON Lines, one event per line, in any of these shapes:
//      the bare event body                      {"value": [...]}
//      a wrapper (ours, or kcat -f '{"partition":%p,"offset":%o,"body":%s}')
//                                               {"partition", "offset", "enqueued_time", "body"}
//                                               body: the event body as JSON, or a string
//      kcat -J                                  {"topic", "partition", "offset", "ts", "payload"}
//      Capture records as JSON (avro-tools tojson)
//                                               {"SequenceNumber", "Offset", "EnqueuedTimeUtc",
//                                                "Body"}  Body: bytes as a string, or
//                                               {"bytes": "..."}
//    Blank lines are skipped. Any other line becomes an Envelope as it is (the decoder makes a
//    dead letter of it, naming the file and line); a line over 64 MiB is an `oversized` one.
//
// Thread-safety: one reader per thread.
#ifndef BULWARK_ADAPTERS_REPLAY_CAPTURE_READER_H_
#define BULWARK_ADAPTERS_REPLAY_CAPTURE_READER_H_

#include <memory>
#include <string>

#include "bulwark/status.h"
#include "replay/avro_capture_reader.h"
#include "replay/byte_stream.h"
#include "source/envelope.h"

namespace bulwark::replay {

inline constexpr size_t kMaxCaptureLine = 64u << 20;

class CaptureReader {
 public:
  CaptureReader() = default;
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  // Opens `path` ("-" reads stdin). On an error nothing is read (Next() returns false).
  [[nodiscard]] Status Open(const std::string& path);
  // Reads `stream`, called `name` in errors and records; `partition` (-1: unknown) is the
  // partition of an Avro file's events (a Capture path names it; the records do not).
  [[nodiscard]] Status Open(std::unique_ptr<ByteStream> stream, std::string name,
                            int32_t partition);
  // Reads the next event; false at the end of the input. A position the input could not be
  // read at is an envelope with `source_error` set.
  bool Next(source::Envelope* envelope);
  // Bytes read from the input so far (for progress).
  uint64_t bytes_read() const { return in_ ? in_->bytes_read() : read_before_failure_; }
  bool avro() const { return avro_ != nullptr; }

 private:
  std::string name_;
  std::unique_ptr<BufferedInput> in_;
  std::unique_ptr<AvroCaptureReader> avro_;
  uint64_t line_ = 0;
  uint64_t read_before_failure_ = 0;  // of an input Open() failed on
};

// Turns one capture line into an Envelope (exposed for tests).
source::Envelope EnvelopeFromLine(const std::string& line, const std::string& file,
                                  uint64_t number);

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_CAPTURE_READER_H_
