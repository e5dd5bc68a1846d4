// Envelope: one event as a source delivered it, before any parsing. The currency between every
// transport (Kafka consumer, capture files) and the pipeline; it knows nothing of Graph.
#ifndef BULWARK_ADAPTERS_SOURCE_ENVELOPE_H_
#define BULWARK_ADAPTERS_SOURCE_ENVELOPE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::source {

struct Envelope {
  std::string source_kind;       // "replay", "eventhubs", ...
  std::string file;              // replay: capture file
  uint64_t line = 0;             // replay: 1-based line in a JSON Lines capture
  uint64_t record = 0;           // replay: 1-based record in an Avro capture file
  int32_t partition = -1;        // -1 when unknown
  int64_t offset = -1;           // -1 when unknown
  int64_t sequence_number = -1;  // Event Hubs sequence number; -1 when unknown
  std::string enqueued_time;     // as given by the source, may be empty
  int64_t timestamp_ms = 0;      // the broker's timestamp in ms since the epoch; 0 when unknown
  std::string body;              // the event body bytes (UTF-8 JSON expected)
  // Set when the source could not read an event at this position (a corrupt block of a capture
  // file, a line over the size limit): the event becomes a dead letter with this reason code
  // and detail (positions and causes only, never content), and `body` is ignored.
  std::string source_error;
  std::string source_error_detail;
};

// {"kind", "partition", "offset", "sequence_number", "enqueued_time", "file", "line",
// "record"}, only the known members.
// Positions only, never the body.
nlohmann::ordered_json SourceJson(const Envelope& e);

}  // namespace bulwark::source

#endif  // BULWARK_ADAPTERS_SOURCE_ENVELOPE_H_
