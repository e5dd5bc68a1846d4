// A JSON Schema validator for plugin configs: the subset of draft 2020-12 that describes
// configuration objects. Supported keywords: type (string or list), enum, const, properties,
// required, additionalProperties (boolean or schema), items (schema), minItems, maxItems,
// minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength (in code points),
// pattern (RE2, unanchored), description/title/default/$schema (ignored). Any other keyword is
// an error in the schema, so that a schema never silently checks less than its author meant.
#ifndef BULWARK_ENGINE_PLUGIN_JSON_SCHEMA_H_
#define BULWARK_ENGINE_PLUGIN_JSON_SCHEMA_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bulwark {

// Problems of the schema itself ("/properties/x: unknown keyword 'minProperties'"); empty when
// it can be used.
std::vector<std::string> CheckJsonSchema(const nlohmann::json& schema);

// Every violation of `schema` by `value`, each as "<JSON pointer>: <message>" (the pointer is
// "" for the root). Precondition: CheckJsonSchema(schema) is empty.
std::vector<std::string> ValidateJson(const nlohmann::json& schema, const nlohmann::json& value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_PLUGIN_JSON_SCHEMA_H_
