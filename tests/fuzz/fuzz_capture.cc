// Fuzz target: one line of a JSON Lines capture (a bare body or a {partition, offset, body}
// wrapper) into an Envelope.
#include <cstdint>
#include <string>

#include "replay/capture_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  const bulwark::source::Envelope e = bulwark::replay::EnvelopeFromLine(line, "fuzz.jsonl", 1);
  if (e.line != 1) __builtin_trap();
  return 0;
}
