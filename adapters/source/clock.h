// Clock: the time the pipeline and the service read, behind an interface so that tests run
// backoffs and timeouts without waiting (LevelDB's Env, for time only).
//
// Thread-safety: every method of every implementation may be called from any thread.
#ifndef BULWARK_ADAPTERS_SOURCE_CLOCK_H_
#define BULWARK_ADAPTERS_SOURCE_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace bulwark::source {

class Clock {
 public:
  using Steady = std::chrono::steady_clock;
  virtual ~Clock() = default;
  // Wall-clock milliseconds since the epoch (for end-to-end latency against broker timestamps).
  virtual int64_t WallMillis() const = 0;
  // Monotonic time (for durations and deadlines).
  virtual Steady::time_point Now() const = 0;
  // Blocks the calling thread for `d` (a fake advances its time instead).
  virtual void SleepFor(std::chrono::milliseconds d) const = 0;
};

// The process's real clocks. The returned object lives for the whole program.
const Clock& SystemClock();

}  // namespace bulwark::source

#endif  // BULWARK_ADAPTERS_SOURCE_CLOCK_H_
