// Serialization of verdicts to the bulwark.verdict/v1 JSON shape (see docs/verdicts.md). Its own
// library target (bulwark::verdict_json), which brings nlohmann/json to whoever links it.
#ifndef BULWARK_VERDICT_JSON_H_
#define BULWARK_VERDICT_JSON_H_

#include <nlohmann/json.hpp>

#include "bulwark/verdict.h"

namespace bulwark {

inline constexpr char kVerdictSchema[] = "bulwark.verdict/v1";

// Returns the verdict as an ordered JSON object: schema, decision, mode, matches, policy_set,
// latency_us. Callers (adapters) add "notification" and "source" objects. Contains no plaintext
// (evidence is masked when the verdict is made). Thread-safe; throws only std::bad_alloc.
nlohmann::ordered_json VerdictToJson(const Verdict& verdict);

}  // namespace bulwark

#endif  // BULWARK_VERDICT_JSON_H_
