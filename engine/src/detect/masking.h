// Evidence masking: the only form in which a matched value leaves the engine.
#ifndef BULWARK_ENGINE_DETECT_MASKING_H_
#define BULWARK_ENGINE_DETECT_MASKING_H_

#include <string>
#include <string_view>

namespace bulwark {

// Replaces every letter, digit and non-ASCII code point of `value` with '*', except the first
// `keep_start` and the last `keep_end` of them; punctuation and spaces are kept so the shape
// stays readable ("4111 **** **** 1111"). A negative keep value picks the default for the
// number N of maskable characters: keep_end = 4 when N >= 9, else N / 4; keep_start = 4 when
// N >= 16, else 0. Whatever is asked, at most half of the maskable characters are revealed.
// With `keep_shape` false every code point becomes '*', punctuation included (for secrets,
// where the position of a symbol is part of the secret).
std::string MaskValue(std::string_view value, int keep_start = -1, int keep_end = -1,
                      bool keep_shape = true);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_MASKING_H_
