// The identity of a matched value, independent of its formatting.
#ifndef BULWARK_ENGINE_DETECT_CANONICAL_H_
#define BULWARK_ENGINE_DETECT_CANONICAL_H_

#include <string>
#include <string_view>

namespace bulwark {

// Lower-cased ASCII with spaces, tabs and dashes removed. Used for allowlist comparison and to
// count distinct values ("4111 1111 1111 1111" and "4111-1111-1111-1111" are one value).
std::string CanonicalValue(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_CANONICAL_H_
