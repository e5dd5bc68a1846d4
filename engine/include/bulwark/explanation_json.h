// Serialization of an Explanation (bulwark/explanation.h) to the bulwark.explanation/v1 JSON
// shape that `bulwark explain --format json` prints (docs/policies.md, "Explaining a decision").
// Part of bulwark::verdict_json.
#ifndef BULWARK_EXPLANATION_JSON_H_
#define BULWARK_EXPLANATION_JSON_H_

#include <nlohmann/json.hpp>

#include "bulwark/explanation.h"

namespace bulwark {

inline constexpr char kExplanationSchema[] = "bulwark.explanation/v1";

// {schema, verdict (bulwark.verdict/v1), fields, detectors, policies}. Detectors that no
// in-scope policy uses are listed with "used": false and nothing else examined. No plaintext.
nlohmann::ordered_json ExplanationToJson(const Explanation& explanation);

}  // namespace bulwark

#endif  // BULWARK_EXPLANATION_JSON_H_
