#include "source/envelope.h"

namespace bulwark::source {

nlohmann::ordered_json SourceJson(const Envelope& e) {
  nlohmann::ordered_json j;
  j["kind"] = e.source_kind;
  if (e.partition >= 0) j["partition"] = e.partition;
  if (e.offset >= 0) j["offset"] = std::to_string(e.offset);
  if (e.sequence_number >= 0) j["sequence_number"] = e.sequence_number;
  if (!e.enqueued_time.empty()) j["enqueued_time"] = e.enqueued_time;
  if (!e.file.empty()) j["file"] = e.file;
  if (e.line > 0) j["line"] = e.line;
  if (e.record > 0) j["record"] = e.record;
  return j;
}

}  // namespace bulwark::source
