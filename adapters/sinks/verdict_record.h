// VerdictRecord: one output line = the engine's verdict plus where the content came from.
#ifndef BULWARK_ADAPTERS_SINKS_VERDICT_RECORD_H_
#define BULWARK_ADAPTERS_SINKS_VERDICT_RECORD_H_

#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/verdict.h"

namespace bulwark::sinks {

// The verdict as one line of compact JSON with the `context` object's members ("notification",
// "source", "resource", ...) placed after "mode" and before "matches", in their given order.
// Never contains plaintext: `context` must hold identifiers and positions only.
std::string MakeVerdictRecord(const Verdict& verdict, const nlohmann::ordered_json& context);

}  // namespace bulwark::sinks

#endif  // BULWARK_ADAPTERS_SINKS_VERDICT_RECORD_H_
