// ParseJson: JSON text to nlohmann::json through simdjson, for the decoder's hot path (event
// bodies of tens of kilobytes of base64, decrypted messages). nlohmann's own lexer builds
// strings a character at a time and was ~30% of `bulwark replay` on 28 KB messages.
#ifndef BULWARK_ADAPTERS_GRAPH_JSON_PARSE_H_
#define BULWARK_ADAPTERS_GRAPH_JSON_PARSE_H_

#include <nlohmann/json.hpp>
#include <string_view>

namespace bulwark::graph {

// The same contract as nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false): the
// document, or a discarded value when `text` is not JSON. Anything simdjson declines (an integer
// beyond 64 bits, a byte-order mark, nesting over 1,024 levels) is left to nlohmann, so exactly
// the same texts are accepted, with the same values (non-negative integers are unsigned, a
// repeated key keeps its last value).
nlohmann::json ParseJson(std::string_view text);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_JSON_PARSE_H_
