// Serialization of verdicts to the bulwark.verdict/v1 JSON shape (see docs/verdicts.md). Its own
// library target (bulwark::verdict_json), which brings nlohmann/json to whoever links it.
#ifndef BULWARK_VERDICT_JSON_H_
#define BULWARK_VERDICT_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/verdict.h"

namespace bulwark {

inline constexpr char kVerdictSchema[] = "bulwark.verdict/v1";

// Returns the verdict as an ordered JSON object: schema, decision, mode, matches, policy_set,
// latency_us. Callers (adapters) add "notification" and "source" objects. Contains no plaintext
// (evidence is masked when the verdict is made). Thread-safe; throws only std::bad_alloc.
nlohmann::ordered_json VerdictToJson(const Verdict& verdict);

// The same object as compact JSON text (VerdictToJson(v).dump(), written directly: no document
// is built), with the members of `context` (when it is an object: "notification", "source",
// ...) after "mode" and "simulated_decision", in their order. Strings that are not valid UTF-8
// get U+FFFD for each invalid sequence. Thread-safe; throws only std::bad_alloc.
std::string VerdictJsonText(const Verdict& verdict, const nlohmann::ordered_json& context = {});

}  // namespace bulwark

#endif  // BULWARK_VERDICT_JSON_H_
