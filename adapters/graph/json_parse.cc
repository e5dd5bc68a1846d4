#include "graph/json_parse.h"

#include <simdjson.h>

#include <string>

namespace bulwark::graph {
namespace {

using nlohmann::json;

json Convert(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      json out = json::object();
      for (simdjson::dom::key_value_pair kv : simdjson::dom::object(e)) {
        out[std::string(kv.key)] = Convert(kv.value);  // a repeated key: the last one wins
      }
      return out;
    }
    case simdjson::dom::element_type::ARRAY: {
      json out = json::array();
      for (simdjson::dom::element v : simdjson::dom::array(e)) out.push_back(Convert(v));
      return out;
    }
    case simdjson::dom::element_type::STRING:
      return std::string(std::string_view(e));
    case simdjson::dom::element_type::INT64: {
      const int64_t v = int64_t(e);
      if (v >= 0) return static_cast<uint64_t>(v);  // as nlohmann parses it
      return v;
    }
    case simdjson::dom::element_type::UINT64:
      return uint64_t(e);
    case simdjson::dom::element_type::DOUBLE:
      return double(e);
    case simdjson::dom::element_type::BOOL:
      return bool(e);
    case simdjson::dom::element_type::NULL_VALUE:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

json ParseJson(std::string_view text) {
  simdjson::dom::parser parser;  // per call: its buffers (a copy of the text) are freed at once
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) == simdjson::SUCCESS) return Convert(root);
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace bulwark::graph
