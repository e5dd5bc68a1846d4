// PolicyParser: YAML text of one file -> DocumentSpecs. Only syntax and local shape are checked
// here (types, unknown keys, enum values, names); cross-file references are resolved by the
// compiler (policy_compiler.h).
#ifndef BULWARK_ENGINE_POLICY_POLICY_PARSER_H_
#define BULWARK_ENGINE_POLICY_POLICY_PARSER_H_

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "policy/model.h"
#include "policy/yaml_fields.h"

namespace bulwark::policy {

inline constexpr char kApiVersion[] = "bulwark/v1";

// Parses every YAML document in `text` (documents are separated by `---`). Problems are
// reported to `d`; documents with errors may be returned partially filled, so callers must check
// d.errors() before using the result.
std::vector<DocumentSpec> ParsePolicyText(std::string_view text, FileDiagnostics& d);

// A YAML node as JSON: plain scalars that read as booleans or numbers become those (YAML 1.2
// core schema); quoted scalars and everything else are strings.
nlohmann::json YamlToJson(const YAML::Node& node);

}  // namespace bulwark::policy

#endif  // BULWARK_ENGINE_POLICY_POLICY_PARSER_H_
