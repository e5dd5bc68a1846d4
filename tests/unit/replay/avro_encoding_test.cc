// The bounds-checked walk of Avro's binary encoding that guards Avro C: every valid encoding
// (as Avro C itself writes it) is walked to its exact end; each kind of bad length, count,
// branch or symbol is refused with its byte offset, never read past the data.
#include "replay/avro_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace bulwark::replay {
namespace {

struct Schema {
  avro_schema_t s = nullptr;
  explicit Schema(const char* json) {
    EXPECT_EQ(avro_schema_from_json_length(json, std::string(json).size(), &s), 0) << json;
  }
  ~Schema() { avro_schema_decref(s); }
};

const char kRich[] = R"({"type":"record","name":"R","fields":[
  {"name":"b","type":"boolean"},{"name":"i","type":"int"},{"name":"f","type":"float"},
  {"name":"d","type":"double"},{"name":"s","type":"string"},
  {"name":"x","type":{"type":"fixed","name":"F","size":3}},
  {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}},
  {"name":"a","type":{"type":"array","items":"long"}},
  {"name":"m","type":{"type":"map","values":["null","bytes"]}}]})";

// One value of kRich written by Avro C's own encoder.
std::string Encode(avro_schema_t schema) {
  avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
  avro_value_t v, field, item, branch;
  avro_generic_value_new(iface, &v);
  avro_value_get_by_name(&v, "b", &field, nullptr);
  avro_value_set_boolean(&field, 1);
  avro_value_get_by_name(&v, "i", &field, nullptr);
  avro_value_set_int(&field, -300);
  avro_value_get_by_name(&v, "s", &field, nullptr);
  avro_value_set_string(&field, "hello");
  avro_value_get_by_name(&v, "x", &field, nullptr);
  avro_value_set_fixed(&field, const_cast<char*>("abc"), 3);
  avro_value_get_by_name(&v, "e", &field, nullptr);
  avro_value_set_enum(&field, 1);
  avro_value_get_by_name(&v, "a", &field, nullptr);
  for (int64_t n : {1, 1000000, -5}) {
    avro_value_append(&field, &item, nullptr);
    avro_value_set_long(&item, n);
  }
  avro_value_get_by_name(&v, "m", &field, nullptr);
  avro_value_add(&field, "k1", &item, nullptr, nullptr);
  avro_value_set_branch(&item, 1, &branch);
  avro_value_set_bytes(&branch, const_cast<char*>("xyz"), 3);
  avro_value_add(&field, "k2", &item, nullptr, nullptr);
  avro_value_set_branch(&item, 0, &branch);
  avro_value_set_null(&branch);
  char buf[256];
  avro_writer_t w = avro_writer_memory(buf, sizeof buf);
  EXPECT_EQ(avro_value_write(w, &v), 0);
  const std::string out(buf, static_cast<size_t>(avro_writer_tell(w)));
  avro_writer_free(w);
  avro_value_decref(&v);
  avro_value_iface_decref(iface);
  return out;
}

TEST(AvroEncoding, WalksAvroCsOwnEncodingToItsExactEnd) {
  Schema schema(kRich);
  ASSERT_TRUE(BoundedSchema(schema.s));
  const std::string one = Encode(schema.s);
  const std::string two = one + one;
  size_t pos = 0;
  std::string why;
  ASSERT_TRUE(SkipEncodedValue(schema.s, two, &pos, &why)) << why;
  EXPECT_EQ(pos, one.size());
  ASSERT_TRUE(SkipEncodedValue(schema.s, two, &pos, &why)) << why;
  EXPECT_EQ(pos, two.size());
  // Cut anywhere, the walk stops inside the data and says so.
  for (size_t cut = 0; cut < one.size(); ++cut) {
    pos = 0;
    EXPECT_FALSE(SkipEncodedValue(schema.s, one.substr(0, cut), &pos, &why)) << cut;
    EXPECT_LE(pos, cut);
  }
}

TEST(AvroEncoding, RefusesBadLengthsCountsBranchesAndSymbols) {
  struct Case {
    const char* schema;
    std::string bytes;
    const char* why;
  };
  const Case cases[] = {
      {R"("bytes")", "\x2d", "a length of -23 at byte 1 does not fit"},
      {R"("string")",
       std::string("\x08"
                   "abc"),
       "a length of 4 at byte 1 does not fit"},
      {R"("long")", std::string(11, '\xff'), "over 10 bytes"},
      {R"(["null","bytes"])", "\x04", "union branch 2 does not exist"},
      {R"(["null","bytes"])", "\x01", "union branch -1 does not exist"},
      {R"({"type":"enum","name":"E","symbols":["A"]})", "\x02", "enum symbol 1 does not exist"},
      {R"({"type":"array","items":"long"})", std::string("\x14\x02\x02", 3),
       "10 items declared with 2 bytes left"},
      {R"({"type":"map","values":"long"})", std::string("\x01\x00", 2),
       "1 items declared with 0 bytes left"},  // -1 items, a block size, nothing else
      {R"({"type":"map","values":"long"})", std::string("\x02\x09\x61\x02", 4), "a length of -5"},
  };
  for (const Case& c : cases) {
    Schema schema(c.schema);
    size_t pos = 0;
    std::string why;
    EXPECT_FALSE(SkipEncodedValue(schema.s, c.bytes, &pos, &why)) << c.schema;
    EXPECT_NE(why.find(c.why), std::string::npos) << c.schema << ": " << why;
  }
}

TEST(AvroEncoding, SchemasWithUnboundedWorkAreRefused) {
  Schema recursive(
      R"({"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]}]})");
  EXPECT_FALSE(BoundedSchema(recursive.s));
  Schema empty_items(R"({"type":"array","items":"null"})");
  EXPECT_FALSE(BoundedSchema(empty_items.s));
  Schema empty_records(R"({"type":"array","items":{"type":"record","name":"Z","fields":[]}})");
  EXPECT_FALSE(BoundedSchema(empty_records.s));
  Schema map_of_nulls(R"({"type":"map","values":"null"})");  // each entry has a key
  EXPECT_TRUE(BoundedSchema(map_of_nulls.s));
}

}  // namespace
}  // namespace bulwark::replay
