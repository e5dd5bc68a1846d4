// Envelope: one event as a source delivered it, before any parsing.
#ifndef BULWARK_ADAPTERS_GRAPH_ENVELOPE_H_
#define BULWARK_ADAPTERS_GRAPH_ENVELOPE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::graph {

struct Envelope {
  std::string source_kind;    // "replay", "eventhubs", ...
  std::string file;           // replay: capture file
  uint64_t line = 0;          // replay: 1-based line in the capture
  int32_t partition = -1;     // -1 when unknown
  int64_t offset = -1;        // -1 when unknown
  std::string enqueued_time;  // as given by the source, may be empty
  std::string body;           // the event body bytes (UTF-8 JSON expected)
};

// "2026-11-20T10:00:00.000Z" for milliseconds since the epoch (UTC): the timestamp format of
// envelopes, records and logs.
std::string FormatUtcMillis(int64_t ms);

// {"kind", "partition", "offset", "enqueued_time", "file", "line"}, only the known members.
// Positions only, never the body.
nlohmann::ordered_json SourceJson(const Envelope& e);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_ENVELOPE_H_
