// Structured JSON logs on stderr, one object per line: {"ts","level","msg", fields...}.
// Callers pass identifiers and counts only, never content.
//
// Thread-safety: Log() may be called from any thread.
#ifndef BULWARK_ADAPTERS_SERVICE_LOG_H_
#define BULWARK_ADAPTERS_SERVICE_LOG_H_

#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::service {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Sets the minimum level written ("debug", "info", "warn", "error"). Returns false if unknown.
bool SetLogLevel(const std::string& level);
void Log(LogLevel level, const std::string& msg, nlohmann::ordered_json fields = {});
// Whether Log(level, ...) writes anything (to skip building fields nobody reads).
bool LogEnabled(LogLevel level);

}  // namespace bulwark::service

#endif  // BULWARK_ADAPTERS_SERVICE_LOG_H_
