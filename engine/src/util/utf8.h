// Minimal UTF-8 helpers for the scan path.
#ifndef BULWARK_ENGINE_UTIL_UTF8_H_
#define BULWARK_ENGINE_UTIL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "bulwark/utf8.h"

namespace bulwark {

// Length in bytes of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid). Inline: it is on
// the per-byte path of every scan.
inline size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const size_t n = s.size();
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) return (i + 1 < n && (b(i + 1) & 0xC0) == 0x80) ? 2 : 0;
  if (c < 0xF0) {
    if (i + 2 >= n || (b(i + 1) & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c < 0xF5) {
    if (i + 3 >= n || (b(i + 1) & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80 ||
        (b(i + 3) & 0xC0) != 0x80) {
      return 0;
    }
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

// Copy of `s` with every byte that is not part of a valid sequence replaced by '?', so that
// byte offsets into the copy equal byte offsets into `s`.
std::string ReplaceInvalidUtf8(std::string_view s);

// Number of code points in s[begin, end) (counts bytes that are not continuation bytes).
size_t CountCodePoints(std::string_view s, size_t begin, size_t end);

// Whether [begin, end) of `s` holds at most `limit` code points. Cost O(min(end - begin,
// 4 * (limit + 1))): a byte count within the limit answers at once (a code point is at least one
// byte), otherwise counting stops as soon as it passes the limit.
bool AtMostCodePoints(std::string_view s, size_t begin, size_t end, size_t limit);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_UTIL_UTF8_H_
