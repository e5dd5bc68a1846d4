// Fuzz target: a whole capture input as replay reads it (an Event Hubs Capture Avro file when
// it starts with the Avro magic, else JSON Lines). Every event or damage report must come out
// in bounded steps, and a damage report names the input and a byte offset.
#include <cstdint>
#include <string>

#include "replay/byte_stream.h"
#include "replay/capture_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using bulwark::replay::CaptureReader;
  using bulwark::replay::MemoryStream;
  CaptureReader reader;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto stream = std::make_unique<MemoryStream>(std::move(bytes));
  if (!reader.Open(std::move(stream), "fuzz.avro", 3).ok()) return 0;
  bulwark::source::Envelope e;
  // Each step consumes input: an Avro block holds at least one byte per record, and a damage
  // report moves past the damaged block. More steps than bytes (plus the end) is a loop.
  size_t steps = 0;
  while (reader.Next(&e)) {
    if (++steps > size + 2) __builtin_trap();
    if (!e.source_error.empty() && e.source_error_detail.rfind("fuzz.avro: ", 0) != 0 &&
        e.source_error != "oversized") {
      __builtin_trap();
    }
  }
  if (reader.bytes_read() > size) __builtin_trap();
  return 0;
}
