// UTC timestamps in the one format envelopes, records and logs use.
#ifndef BULWARK_ADAPTERS_SOURCE_UTC_TIME_H_
#define BULWARK_ADAPTERS_SOURCE_UTC_TIME_H_

#include <cstdint>
#include <string>

namespace bulwark::source {

// "2026-11-20T10:00:00.000Z" for `ms` milliseconds since the epoch (UTC). Thread-safe.
std::string FormatUtcMillis(int64_t ms);

}  // namespace bulwark::source

#endif  // BULWARK_ADAPTERS_SOURCE_UTC_TIME_H_
