#include "util/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace bulwark {

bool IsValidUtf8(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes at a time (no byte has its high bit set).
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(p[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out(s);
  size_t i = 0;
  while (i < s.size()) {
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      out[i] = '?';
      ++i;
    } else {
      i += len;
    }
  }
  return out;
}

bool AtMostCodePoints(std::string_view s, size_t begin, size_t end, size_t limit) {
  end = std::min(end, s.size());
  if (begin >= end || end - begin <= limit) return true;
  size_t n = 0;
  for (size_t i = begin; i < end; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++n > limit) return false;
  }
  return true;
}

size_t CountCodePoints(std::string_view s, size_t begin, size_t end) {
  size_t n = 0;
  for (size_t i = begin; i < end && i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace bulwark
