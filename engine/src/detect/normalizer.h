// Normalizer: undoes formatting tricks before matching, so that "４１１１ １１１１…",
// "4111​1111…" (zero-width spaces) or "4111 1111…" (no-break spaces) are seen as the numbers
// they are.
// The result keeps, for every byte, the span of the original character it came from, so that
// verdict offsets still refer to the original text.
//
// Transformations (each recorded when applied):
//   unicode_digits       every Unicode decimal digit (Nd: full-width, Arabic-Indic, Devanagari,
//                        Bengali, mathematical, ...) becomes its ASCII digit;
//   invisible_characters zero-width and bidi control characters and soft hyphens are removed;
//   digit_separators     between two digits, Unicode spaces (NBSP, thin, figure, ...) become ' '
//                        and Unicode dashes (en, em, minus, ...) become '-'. ASCII separators
//                        (' ', '-', '.') stay: patterns say which of them a format allows (a
//                        dotted CPF or IPv4 address must keep its dots).
#ifndef BULWARK_ENGINE_DETECT_NORMALIZER_H_
#define BULWARK_ENGINE_DETECT_NORMALIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/utf8.h"

namespace bulwark {

// Normalization bits.
inline constexpr uint8_t kUnicodeDigits = 1u << 0;
inline constexpr uint8_t kInvisibleCharacters = 1u << 1;
inline constexpr uint8_t kDigitSeparators = 1u << 2;

// The names of the transformations set in `mask`, in a fixed order.
std::vector<std::string> NormalizationNames(uint32_t mask);

// Six bytes per byte of text: reused across calls, it costs no allocation for fields no larger
// than the last one.
struct NormalizedText {
  std::string text;             // valid UTF-8
  std::vector<uint32_t> start;  // per byte of `text`: start of its original character
  std::vector<uint8_t> flags;   // per byte of `text`: Normalization bits that produced it (an
                                // invisible character counts for the byte that follows it)
  uint32_t applied = 0;         // Normalization bits, over the whole text
  std::string_view original;    // the text Normalize() was given (the caller keeps it alive)

  // The original span of [b, e) in `text` (precondition: b < e <= text.size()).
  uint32_t OriginalStart(uint32_t b) const { return start[b]; }
  uint32_t OriginalEnd(uint32_t e) const {
    const uint32_t p = start[e - 1];  // the original character's end: its start and length
    const size_t len = Utf8SequenceLength(original, p);
    return p + static_cast<uint32_t>(len == 0 ? 1 : len);
  }
  // The Normalization bits that affected bytes [b, e).
  uint32_t AppliedWithin(uint32_t b, uint32_t e) const {
    uint32_t m = 0;
    for (uint32_t i = b; i < e; ++i) m |= flags[i];
    return m;
  }
};

// One allocation-free pass over `text`: kInvalidUtf8 when some byte is not part of a valid UTF-8
// sequence, kNeedsNormalization when Normalize() would change something.
inline constexpr uint32_t kInvalidUtf8 = 1u << 0;
inline constexpr uint32_t kNeedsNormalization = 1u << 1;
uint32_t InspectText(std::string_view text);

// Normalizes `in` (valid UTF-8). Returns false, leaving *out unspecified, when no
// transformation applies. `inspected`: the caller already knows InspectText() said
// kNeedsNormalization, so the check pass is skipped.
bool Normalize(std::string_view in, NormalizedText* out, bool inspected = false);

// True when byte `pos` of `text` is next to invisible characters that Normalize() removes and
// that stand between two letters or digits ("9544<U+200B>8"): the normalized text joins the two,
// so a match of the original text that starts or ends at `pos` holds part of a token only.
bool InvisibleJoinsAt(std::string_view text, size_t pos);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_NORMALIZER_H_
