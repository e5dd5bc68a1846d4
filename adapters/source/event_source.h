// EventSource: the interface every transport implements (the Event Hubs / Kafka consumer, the
// capture reader, later Avro and Blob Storage readers). The pipeline runner polls it on one
// thread, acknowledges what the sinks accepted, and applies backpressure through Pause().
//
// Offsets: a source with positions (Kafka) numbers the events of a partition with increasing
// offsets; Acknowledge(p, next) says that every event of partition p before `next` is done and
// may be committed. Sources without positions (files) report partition -1 and ignore it.
#ifndef BULWARK_ADAPTERS_SOURCE_EVENT_SOURCE_H_
#define BULWARK_ADAPTERS_SOURCE_EVENT_SOURCE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bulwark/status.h"
#include "source/envelope.h"

namespace bulwark::source {

// Partition changes of a group-balanced source, delivered on the polling thread from inside
// EventSource::Poll().
class SourceListener {
 public:
  virtual ~SourceListener() = default;
  // After `partitions` were assigned to this instance.
  virtual void OnAssigned(const std::vector<int32_t>& partitions) = 0;
  // Before `partitions` are given up: finish and acknowledge their work (in bounded time), then
  // return; the source commits what was acknowledged before it lets them go.
  virtual void OnRevoked(const std::vector<int32_t>& partitions) = 0;
  // The source delivered everything `partition` held (its end, offset `next_offset`), for the
  // first time since the partition was assigned. Default: ignored.
  virtual void OnCaughtUp(int32_t /*partition*/, int64_t /*next_offset*/) {}
  // A problem the source recovered from or skipped (broker down, a capture that cannot be
  // opened). `message` never contains event content.
  virtual void OnSourceError(const std::string& message) = 0;
};

enum class PollStatus {
  kEvent,  // `out` holds the next event
  kIdle,   // nothing arrived within the timeout (or the source is paused)
  kEnd,    // a finite source is exhausted; every later Poll() returns kEnd
};

class EventSource {
 public:
  virtual ~EventSource() = default;
  EventSource() = default;
  EventSource(const EventSource&) = delete;
  EventSource& operator=(const EventSource&) = delete;

  // A short description for logs ("kafka:graph-notifications", "capture:2 files").
  virtual std::string name() const = 0;
  // Where partition changes and source errors go; call before the first Poll(). Not owned; must
  // outlive the source's last Poll() and Close().
  virtual void SetListener(SourceListener* listener) = 0;
  // True when the source's positions are committed (Kafka): the runner then tracks the offsets
  // of each partition and acknowledges only contiguous prefixes. False for files, whose
  // positions are informational (and may repeat across files).
  virtual bool tracks_positions() const = 0;
  // Waits up to `timeout_ms` for the next event. Polling thread only.
  virtual PollStatus Poll(int timeout_ms, Envelope* out) = 0;
  // Every event of `partition` before `next_offset` was accepted by the sinks. Any thread.
  virtual void Acknowledge(int32_t partition, int64_t next_offset) = 0;
  // Commits what was acknowledged, synchronously. Polling thread only.
  [[nodiscard]] virtual Status Commit() = 0;
  // Stops / restarts delivering events (backpressure); a paused source keeps its group
  // membership alive as long as Poll() is called. Polling thread only.
  virtual void Pause() = 0;
  virtual void Resume() = 0;
  // Events not yet consumed, per partition, when the source knows it (Kafka: high watermark
  // minus the acknowledged position). Any thread.
  virtual std::map<int32_t, int64_t> Lag() const = 0;
  // Leaves the group (running OnRevoked) and commits. Polling thread only; idempotent.
  virtual void Close() = 0;
};

}  // namespace bulwark::source

#endif  // BULWARK_ADAPTERS_SOURCE_EVENT_SOURCE_H_
