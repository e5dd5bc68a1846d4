#include "graph/json_parse.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bulwark::graph {
namespace {

using nlohmann::json;

// The same value, and the same type at every node (nlohmann's == treats 5 and 5u as equal).
void ExpectIdentical(const json& a, const json& b, const std::string& where) {
  ASSERT_EQ(a.type(), b.type()) << where;
  ASSERT_EQ(a.dump(), b.dump()) << where;
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) ExpectIdentical(*it, b.at(it.key()), where);
  } else if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i) ExpectIdentical(a[i], b[i], where);
  }
}

TEST(ParseJson, GivesWhatNlohmannGives) {
  const std::vector<std::string> docs = {
      R"({"value":[{"id":"1","n":5,"neg":-3,"f":1.5,"e":1e300,"t":true,"z":null}]})",
      R"({"a":{"b":[1,[2,[3,{"c":"d"}]]]},"empty":{},"none":[]})",
      R"({"k":1,"k":2})",  // a repeated key keeps the last value
      R"({"s":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t","raw":"Zürich 😀"})",
      R"({"big":18446744073709551615,"min":-9223372036854775808})",
      R"({"huge":123456789012345678901234567890})",  // beyond 64 bits: nlohmann's double
      "\xEF\xBB\xBF{\"bom\":1}",                     // nlohmann skips a byte-order mark
      R"("just a string")",
      R"(42)",
      " [ 1 , 2 ] \n",
      std::string(2000, '[') + std::string(2000, ']'),  // deeper than simdjson's limit
  };
  for (const std::string& d : docs) {
    const json expected = json::parse(d, nullptr, false);
    ASSERT_FALSE(expected.is_discarded()) << d.substr(0, 60);
    ExpectIdentical(ParseJson(d), expected, d.substr(0, 60));
  }
}

TEST(ParseJson, RejectsWhatNlohmannRejects) {
  for (const std::string& d :
       {std::string(""), std::string("{"), std::string("{\"a\":}"), std::string("[1,]"),
        std::string("{'a':1}"), std::string("{\"a\":1} trailing"), std::string("nul"),
        std::string("\"unterminated")}) {
    ASSERT_TRUE(json::parse(d, nullptr, false).is_discarded()) << d;
    EXPECT_TRUE(ParseJson(d).is_discarded()) << d;
  }
}

}  // namespace
}  // namespace bulwark::graph
