// Sink: where records go. A record counts as accepted only when Write() returned OK: the
// service acknowledges (and later commits) an event's offset only after every sink routed its
// records accepted them.
//
// Thread-safety: a sink is used by one thread (the service's sink writer).
#ifndef BULWARK_ADAPTERS_SINKS_SINK_H_
#define BULWARK_ADAPTERS_SINKS_SINK_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bulwark/status.h"

namespace bulwark::sinks {

enum class RecordKind { kVerdict, kLifecycle, kDeadLetter };

class Sink {
 public:
  virtual ~Sink() = default;
  // A short description for logs and metrics ("jsonl:/var/log/verdicts.jsonl").
  virtual std::string name() const = 0;
  // Writes the lines (JSON, no newline) durably enough for this sink's kind, or fails; on
  // failure some lines may have been written (at-least-once: they will be written again).
  virtual Status Write(const std::vector<const std::string*>& lines) = 0;
};

// A sink and the record kinds it takes.
struct SinkRoute {
  std::unique_ptr<Sink> sink;
  std::set<RecordKind> kinds;
};

// JSON Lines to a file (appended; created, with its directory missing being a failure until it
// exists) or to stdout ("-"). Accepted = written and flushed (and fsync'ed when asked).
std::unique_ptr<Sink> MakeJsonlSink(const std::string& path, bool fsync);

}  // namespace bulwark::sinks

#endif  // BULWARK_ADAPTERS_SINKS_SINK_H_
