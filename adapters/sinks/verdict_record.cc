#include "sinks/verdict_record.h"

#include "bulwark/verdict_json.h"

namespace bulwark::sinks {

nlohmann::ordered_json MakeVerdictRecord(const Verdict& verdict,
                                         const nlohmann::ordered_json& context) {
  nlohmann::ordered_json v = VerdictToJson(verdict);
  nlohmann::ordered_json out;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it.key() == "matches" && context.is_object()) {
      for (auto c = context.begin(); c != context.end(); ++c) out[c.key()] = c.value();
    }
    out[it.key()] = std::move(it.value());
  }
  return out;
}

}  // namespace bulwark::sinks
