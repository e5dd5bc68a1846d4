#include "source/clock.h"

#include <thread>

namespace bulwark::source {
namespace {

class RealClock : public Clock {
 public:
  int64_t WallMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  Steady::time_point Now() const override { return Steady::now(); }
  void SleepFor(std::chrono::milliseconds d) const override { std::this_thread::sleep_for(d); }
};

}  // namespace

const Clock& SystemClock() {
  static const RealClock clock;
  return clock;
}

}  // namespace bulwark::source
