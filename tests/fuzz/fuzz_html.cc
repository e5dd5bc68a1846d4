// Fuzz target: the chatMessage HTML -> text extractor (entities, tags, nesting, bad UTF-8).
#include <cstdint>
#include <string_view>

#include "graph/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text =
      bulwark::graph::HtmlToText(std::string_view(reinterpret_cast<const char*>(data), size));
  // The text is never longer than a small multiple of the HTML (entities expand to <= 4 bytes
  // per character they stand for, tags to at most one separator).
  if (text.size() > 4 * size + 16) __builtin_trap();
  return 0;
}
