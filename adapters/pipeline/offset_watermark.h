// OffsetWatermark: at-least-once offset tracking for one consumer. Offsets of a partition are
// dispatched in order and may be acknowledged in any order; the committable position of a
// partition is the lowest offset still in flight, or one past the highest acknowledged when
// nothing is in flight. Committing it never skips an unacknowledged offset.
//
// Thread-safety: all methods are safe to call concurrently.
#ifndef BULWARK_ADAPTERS_PIPELINE_OFFSET_WATERMARK_H_
#define BULWARK_ADAPTERS_PIPELINE_OFFSET_WATERMARK_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

namespace bulwark::pipeline {

class OffsetWatermark {
 public:
  // Records that `offset` of `partition` was handed to processing.
  void Dispatch(int32_t partition, int64_t offset);
  // Records that every record of `offset` was accepted by the sinks. Returns the partition's new
  // committable position when it advanced, after passing it to `store` (if given) under the
  // lock, so that WaitDrained() returns only once the position is stored. An offset that is
  // not in flight (a late ack after the partition was forgotten) is ignored, so stale work can
  // never move a position. `store` must not call back into the watermark.
  std::optional<int64_t> Ack(int32_t partition, int64_t offset,
                             const std::function<void(int64_t)>& store = {});
  // Withdraws a dispatched offset that will not be processed (dropped at revocation).
  void Cancel(int32_t partition, int64_t offset);
  // The position to commit for `partition` (next offset to consume), if any offset was acked.
  std::optional<int64_t> Committable(int32_t partition) const;
  // Number of offsets in flight for `partition` (all partitions when -1).
  size_t InFlight(int32_t partition = -1) const;
  // Waits until nothing is in flight for `partitions` (all when empty) or the deadline passes.
  // Returns true when drained.
  bool WaitDrained(const std::vector<int32_t>& partitions, int timeout_ms) const;
  // Forgets `partition` (at assignment and after revocation).
  void Forget(int32_t partition);

 private:
  struct State {
    std::set<int64_t> in_flight;
    int64_t highest_acked = -1;
    int64_t committed_position = -1;  // last value returned by Ack()
  };
  static std::optional<int64_t> Position(const State& s);
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::map<int32_t, State> partitions_;
};

}  // namespace bulwark::pipeline

#endif  // BULWARK_ADAPTERS_PIPELINE_OFFSET_WATERMARK_H_
