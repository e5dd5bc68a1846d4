// VerdictRecord: one output line = the engine's verdict plus where the content came from.
#ifndef BULWARK_ADAPTERS_SINKS_VERDICT_RECORD_H_
#define BULWARK_ADAPTERS_SINKS_VERDICT_RECORD_H_

#include <nlohmann/json.hpp>

#include "bulwark/verdict.h"

namespace bulwark::sinks {

// The verdict as JSON with the `context` object's members ("notification", "source",
// "resource", ...) placed after "mode" and before "matches", in their given order.
// Never contains plaintext: `context` must hold identifiers and positions only.
nlohmann::ordered_json MakeVerdictRecord(const Verdict& verdict,
                                         const nlohmann::ordered_json& context);

}  // namespace bulwark::sinks

#endif  // BULWARK_ADAPTERS_SINKS_VERDICT_RECORD_H_
