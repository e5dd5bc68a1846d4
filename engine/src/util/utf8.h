// Minimal UTF-8 helpers for the scan path.
#ifndef BULWARK_ENGINE_UTIL_UTF8_H_
#define BULWARK_ENGINE_UTIL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "bulwark/utf8.h"

namespace bulwark {

// Length in bytes of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Copy of `s` with every byte that is not part of a valid sequence replaced by '?', so that
// byte offsets into the copy equal byte offsets into `s`.
std::string ReplaceInvalidUtf8(std::string_view s);

// Number of code points in s[begin, end) (counts bytes that are not continuation bytes).
size_t CountCodePoints(std::string_view s, size_t begin, size_t end);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_UTIL_UTF8_H_
