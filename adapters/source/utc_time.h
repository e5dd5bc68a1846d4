// UTC timestamps: the one format envelopes, records and logs use, and the formats captures
// arrive in.
#ifndef BULWARK_ADAPTERS_SOURCE_UTC_TIME_H_
#define BULWARK_ADAPTERS_SOURCE_UTC_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::source {

// "2026-11-20T10:00:00.000Z" for `ms` milliseconds since the epoch (UTC). Thread-safe.
std::string FormatUtcMillis(int64_t ms);

// Milliseconds since the epoch of
//   ISO 8601: "2026-11-20", "2026-11-20T10:00", "2026-11-20T10:00:00", with optional
//     fractional seconds and "Z" or "+hh:mm"/"-hh:mm" (no zone: UTC), 'T' or ' ' between;
//   Event Hubs Capture's EnqueuedTimeUtc (.NET's invariant format, UTC): "12/1/2026 10:05:00 PM".
// nullopt for anything else or an impossible date.
std::optional<int64_t> ParseUtcMillis(std::string_view text);

// Capture's EnqueuedTimeUtc form of `ms`: "12/1/2026 10:05:00 PM" (whole seconds).
std::string FormatCaptureTime(int64_t ms);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

}  // namespace bulwark::source

#endif  // BULWARK_ADAPTERS_SOURCE_UTC_TIME_H_
