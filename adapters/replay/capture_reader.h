// CaptureReader: captured Event Hubs events as JSON Lines, one event per line, either the raw
// event body ({"value": [...]}) or a wrapper {"partition", "offset", "enqueued_time", "body"}
// whose body is the event body as a JSON object or a string. Blank lines are skipped; any other
// line becomes an Envelope (a broken line is a dead letter later, never dropped here).
//
// Thread-safety: one reader per thread.
#ifndef BULWARK_ADAPTERS_REPLAY_CAPTURE_READER_H_
#define BULWARK_ADAPTERS_REPLAY_CAPTURE_READER_H_

#include <fstream>
#include <string>

#include "bulwark/status.h"
#include "source/envelope.h"

namespace bulwark::replay {

class CaptureReader {
 public:
  CaptureReader() = default;
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  // Opens `path` ("-" reads stdin).
  [[nodiscard]] Status Open(const std::string& path);
  // Reads the next event; false at end of file.
  bool Next(source::Envelope* envelope);
  // Bytes consumed so far (for progress).
  uint64_t bytes_read() const { return bytes_; }

 private:
  std::string path_;
  std::ifstream file_;
  std::istream* in_ = nullptr;
  uint64_t line_ = 0;
  uint64_t bytes_ = 0;
};

// Turns one capture line into an Envelope (exposed for tests).
source::Envelope EnvelopeFromLine(const std::string& line, const std::string& file,
                                  uint64_t number);

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_CAPTURE_READER_H_
