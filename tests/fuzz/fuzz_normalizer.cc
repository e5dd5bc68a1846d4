// Fuzz target: UTF-8 repair, inspection and normalization, and the offset map back to the
// original text (every normalized byte maps inside the original).
#include <cstdint>
#include <string>

#include "detect/normalizer.h"
#include "util/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string raw(reinterpret_cast<const char*>(data), size);
  uint32_t props = bulwark::InspectText(raw);
  std::string text = raw;
  if ((props & bulwark::kInvalidUtf8) != 0) {
    text = bulwark::ReplaceInvalidUtf8(raw);
    props = bulwark::InspectText(text);
    if ((props & bulwark::kInvalidUtf8) != 0) __builtin_trap();  // repair must repair
  }
  bulwark::NormalizedText norm;
  const bool changed = bulwark::Normalize(text, &norm);
  if (changed != ((props & bulwark::kNeedsNormalization) != 0)) __builtin_trap();
  if (!changed) return 0;
  if (bulwark::InspectText(norm.text) & bulwark::kInvalidUtf8) __builtin_trap();
  for (uint32_t b = 0; b < norm.text.size(); ++b) {
    if (norm.OriginalStart(b) >= text.size() || norm.OriginalEnd(b + 1) > text.size()) {
      __builtin_trap();
    }
  }
  return 0;
}
