// Base64 (RFC 4648) for Graph payloads and JWTs. Strict: no whitespace, no foreign characters.
#ifndef BULWARK_ADAPTERS_GRAPH_BASE64_H_
#define BULWARK_ADAPTERS_GRAPH_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::graph {

// Standard alphabet; '=' padding required when the length is not a multiple of 4 only if
// present at all (unpadded input is accepted). Returns nullopt on any invalid character or
// impossible length.
std::optional<std::string> Base64Decode(std::string_view in);
// URL-safe alphabet ('-', '_'), padding optional (JWT segments).
std::optional<std::string> Base64UrlDecode(std::string_view in);
// Standard alphabet with padding.
std::string Base64Encode(std::string_view in);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_BASE64_H_
