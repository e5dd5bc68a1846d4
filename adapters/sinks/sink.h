// Sink: where records go. A record counts as accepted only when Write() returned OK: the
// pipeline acknowledges (and a Kafka source later commits) an event's offset only after every
// sink routed its records accepted them.
//
// Thread-safety: a sink is used by one thread at a time (the pipeline's sink writer).
#ifndef BULWARK_ADAPTERS_SINKS_SINK_H_
#define BULWARK_ADAPTERS_SINKS_SINK_H_

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/status.h"

namespace bulwark::sinks {

enum class RecordKind { kVerdict, kFeedback, kLifecycle, kDeadLetter };

class Sink {
 public:
  Sink() = default;
  virtual ~Sink() = default;
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  // A short description for logs and metrics ("jsonl:/var/log/verdicts.jsonl").
  virtual std::string name() const = 0;
  // Writes the lines (JSON, no newline) durably enough for this sink's kind, or fails; on
  // failure some lines may have been written (at-least-once: they will be written again).
  [[nodiscard]] virtual Status Write(const std::vector<const std::string*>& lines) = 0;
};

// A sink and the record kinds it takes.
struct SinkRoute {
  std::unique_ptr<Sink> sink;
  std::set<RecordKind> kinds;
};

// The record kinds by their config names: "verdict", "feedback", "lifecycle", "dead_letter".
std::optional<RecordKind> ParseRecordKind(std::string_view name);
inline const std::set<RecordKind> kAllRecordKinds = {
    RecordKind::kVerdict, RecordKind::kFeedback, RecordKind::kLifecycle, RecordKind::kDeadLetter};

struct JsonlOptions {
  std::string path;       // a file, or "-" for stdout
  bool fsync = false;     // fsync after every accepted batch
  bool truncate = false;  // start the file empty (replay's --out) instead of appending
};

// JSON Lines to a file or to stdout. Accepted = written and flushed (and fsync'ed when asked).
// The file is opened at the first write (created; a missing directory fails until it exists);
// after a failed write it is reopened for appending, so a truncating sink truncates only once.
std::unique_ptr<Sink> MakeJsonlSink(JsonlOptions options);
// The same, opened now: IoError naming the path when it cannot be (replay fails before it
// processes anything rather than after).
Result<std::unique_ptr<Sink>> OpenJsonlSink(JsonlOptions options);

}  // namespace bulwark::sinks

#endif  // BULWARK_ADAPTERS_SINKS_SINK_H_
