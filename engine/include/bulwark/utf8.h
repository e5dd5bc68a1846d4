// UTF-8 validity, part of the Content contract (field text is UTF-8). Adapters use it to reject
// or repair input before it reaches the engine.
#ifndef BULWARK_UTF8_H_
#define BULWARK_UTF8_H_

#include <string_view>

namespace bulwark {

// True when every byte of `s` belongs to a valid UTF-8 sequence (no overlong forms, surrogates
// or code points above U+10FFFF). Thread-safe, allocation-free.
bool IsValidUtf8(std::string_view s);

}  // namespace bulwark

#endif  // BULWARK_UTF8_H_
