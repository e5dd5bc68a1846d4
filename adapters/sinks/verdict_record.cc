#include "sinks/verdict_record.h"

#include "bulwark/verdict_json.h"

namespace bulwark::sinks {

std::string MakeVerdictRecord(const Verdict& verdict, const nlohmann::ordered_json& context) {
  return VerdictJsonText(verdict, context);
}

}  // namespace bulwark::sinks
