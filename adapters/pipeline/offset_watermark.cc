#include "pipeline/offset_watermark.h"

#include <algorithm>
#include <chrono>

namespace bulwark::pipeline {

std::optional<int64_t> OffsetWatermark::Position(const State& s) {
  if (!s.in_flight.empty()) {
    // Everything below the lowest in-flight offset is done, if anything was acked below it.
    const int64_t lowest = *s.in_flight.begin();
    if (s.highest_acked < 0 && s.committed_position < 0) return std::nullopt;
    return lowest;
  }
  if (s.highest_acked < 0) return std::nullopt;
  return s.highest_acked + 1;
}

void OffsetWatermark::Dispatch(int32_t partition, int64_t offset) {
  std::lock_guard<std::mutex> lock(mu_);
  partitions_[partition].in_flight.insert(offset);
}

std::optional<int64_t> OffsetWatermark::Ack(int32_t partition, int64_t offset,
                                            const std::function<void(int64_t)>& store) {
  std::optional<int64_t> result;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = partitions_.find(partition);
    if (it == partitions_.end() || it->second.in_flight.erase(offset) == 0) return std::nullopt;
    State& s = it->second;
    if (offset > s.highest_acked) s.highest_acked = offset;
    const std::optional<int64_t> pos = Position(s);
    if (pos && *pos > s.committed_position) {
      s.committed_position = *pos;
      result = pos;
      // Before any waiter wakes: whoever saw the partition drained finds its position stored.
      if (store) store(*pos);
    }
  }
  cv_.notify_all();
  return result;
}

void OffsetWatermark::Cancel(int32_t partition, int64_t offset) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = partitions_.find(partition);
    if (it != partitions_.end()) it->second.in_flight.erase(offset);
  }
  cv_.notify_all();
}

std::optional<int64_t> OffsetWatermark::Committable(int32_t partition) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = partitions_.find(partition);
  if (it == partitions_.end()) return std::nullopt;
  return Position(it->second);
}

size_t OffsetWatermark::InFlight(int32_t partition) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [p, s] : partitions_) {
    if (partition < 0 || p == partition) n += s.in_flight.size();
  }
  return n;
}

bool OffsetWatermark::WaitDrained(const std::vector<int32_t>& partitions, int timeout_ms) const {
  std::unique_lock<std::mutex> lock(mu_);
  auto drained = [&] {
    for (const auto& [p, s] : partitions_) {
      if (!partitions.empty() &&
          std::find(partitions.begin(), partitions.end(), p) == partitions.end()) {
        continue;
      }
      if (!s.in_flight.empty()) return false;
    }
    return true;
  };
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), drained);
}

void OffsetWatermark::Forget(int32_t partition) {
  std::lock_guard<std::mutex> lock(mu_);
  partitions_.erase(partition);
}

}  // namespace bulwark::pipeline
