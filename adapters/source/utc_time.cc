#include "source/utc_time.h"

#include <cstdio>
#include <ctime>

namespace bulwark::source {

std::string FormatUtcMillis(int64_t ms) {
  const time_t secs = static_cast<time_t>(ms / 1000);
  tm t{};
  gmtime_r(&secs, &t);
  char buf[40];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &t);
  char out[48];
  snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

}  // namespace bulwark::source
