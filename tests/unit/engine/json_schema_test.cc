#include "plugin/json_schema.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

using json = nlohmann::json;

TEST(JsonSchema, RejectsUnsupportedKeywordsInTheSchema) {
  EXPECT_TRUE(CheckJsonSchema(json::parse(R"({"type": "object"})")).empty());
  const auto problems = CheckJsonSchema(json::parse(
      R"({"type": "object", "properties": {"a": {"type": "strin"}, "b": {"oneOf": []}}})"));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "/properties/a/type: unknown type \"strin\"");
  EXPECT_EQ(problems[1], "/properties/b: unsupported keyword 'oneOf'");
}

TEST(JsonSchema, ValidatesTypesRangesAndProperties) {
  const json schema = json::parse(R"({
    "type": "object",
    "properties": {
      "mode": {"enum": ["fast", "exact"]},
      "rows": {"type": "integer", "minimum": 1, "maximum": 10},
      "name": {"type": "string", "minLength": 2, "pattern": "^[a-z]+$"},
      "columns": {"type": "array", "items": {"type": "string"}, "minItems": 1}
    },
    "required": ["mode"],
    "additionalProperties": false
  })");
  EXPECT_TRUE(ValidateJson(schema, json::parse(R"({"mode": "fast", "rows": 3})")).empty());
  EXPECT_EQ(ValidateJson(schema, json::parse(R"({"rows": 3})")),
            std::vector<std::string>{": missing required property 'mode'"});
  EXPECT_EQ(ValidateJson(schema, json::parse(R"({"mode": "slow"})")),
            std::vector<std::string>{"/mode: must be one of [\"fast\",\"exact\"]"});
  EXPECT_EQ(ValidateJson(schema, json::parse(R"({"mode": "fast", "rows": 11})")),
            std::vector<std::string>{"/rows: must be at most 10"});
  EXPECT_EQ(ValidateJson(schema, json::parse(R"({"mode": "fast", "rows": 2.5})")),
            std::vector<std::string>{"/rows: must be integer, found number"});
  EXPECT_EQ(ValidateJson(schema, json::parse(R"({"mode": "fast", "name": "Ab"})")),
            std::vector<std::string>{"/name: must match \"^[a-z]+$\""});
  EXPECT_EQ(ValidateJson(schema, json::parse(R"({"mode": "fast", "columns": [1]})")),
            std::vector<std::string>{"/columns/0: must be string, found number"});
  EXPECT_EQ(ValidateJson(schema, json::parse(R"({"mode": "fast", "colums": []})")),
            std::vector<std::string>{": unknown property 'colums'"});
  EXPECT_EQ(ValidateJson(schema, json::parse("[]")),
            std::vector<std::string>{": must be object, found array"});
}

}  // namespace
}  // namespace bulwark
