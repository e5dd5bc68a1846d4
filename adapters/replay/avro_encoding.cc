#include "replay/avro_encoding.h"

namespace bulwark::replay {

size_t ReadLong(std::string_view s, int64_t* out) {
  uint64_t v = 0;
  for (size_t i = 0; i < s.size() && i < 10; ++i) {
    const auto b = static_cast<uint8_t>(s[i]);
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      *out = static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
      return i + 1;
    }
  }
  return 0;
}

bool BoundedSchema(avro_schema_t schema, int depth) {
  if (depth > 16) return false;
  switch (avro_typeof(schema)) {
    case AVRO_LINK:
      return false;
    case AVRO_RECORD:
      for (size_t i = 0; i < avro_schema_record_size(schema); ++i) {
        if (!BoundedSchema(avro_schema_record_field_get_by_index(schema, static_cast<int>(i)),
                           depth + 1)) {
          return false;
        }
      }
      return true;
    case AVRO_UNION:
      for (size_t i = 0; i < avro_schema_union_size(schema); ++i) {
        if (!BoundedSchema(avro_schema_union_branch(schema, static_cast<int>(i)), depth + 1)) {
          return false;
        }
      }
      return true;
    case AVRO_ARRAY:
    case AVRO_MAP: {
      avro_schema_t items =
          is_avro_array(schema) ? avro_schema_array_items(schema) : avro_schema_map_values(schema);
      // Map entries carry a key (at least one byte); array items must take a byte themselves.
      if (is_avro_array(schema) &&
          (is_avro_null(items) || (is_avro_record(items) && avro_schema_record_size(items) == 0) ||
           (is_avro_fixed(items) && avro_schema_fixed_size(items) == 0))) {
        return false;
      }
      return BoundedSchema(items, depth + 1);
    }
    default:
      return true;
  }
}

namespace {

bool Long(std::string_view data, size_t* pos, int64_t* v, std::string* why) {
  const size_t n = ReadLong(data.substr(*pos), v);
  if (n == 0) {
    *why = "a number runs past the block or over 10 bytes at byte " + std::to_string(*pos);
    return false;
  }
  *pos += n;
  return true;
}

bool Skip(std::string_view data, size_t* pos, int64_t n, std::string* why) {
  if (n < 0 || static_cast<uint64_t>(n) > data.size() - *pos) {
    *why = "a length of " + std::to_string(n) + " at byte " + std::to_string(*pos) +
           " does not fit in the block's " + std::to_string(data.size() - *pos) + " bytes left";
    return false;
  }
  *pos += static_cast<size_t>(n);
  return true;
}

bool SkipValue(avro_schema_t s, std::string_view data, size_t* pos, std::string* why);

// An array's or map's blocks: a count (negative: its absolute value, then the block's byte
// size), the items, until a count of 0.
bool SkipBlocks(avro_schema_t items, bool map, std::string_view data, size_t* pos,
                std::string* why) {
  while (true) {
    int64_t count = 0;
    if (!Long(data, pos, &count, why)) return false;
    if (count == 0) return true;
    if (count < 0) {
      if (count == INT64_MIN) {
        *why = "an impossible item count at byte " + std::to_string(*pos);
        return false;
      }
      count = -count;
      int64_t bytes = 0;
      if (!Long(data, pos, &bytes, why)) return false;
    }
    if (static_cast<uint64_t>(count) > data.size() - *pos) {
      *why = std::to_string(count) + " items declared with " + std::to_string(data.size() - *pos) +
             " bytes left in the block";
      return false;
    }
    for (int64_t i = 0; i < count; ++i) {
      if (map) {
        int64_t key = 0;
        if (!Long(data, pos, &key, why) || !Skip(data, pos, key, why)) return false;
      }
      if (!SkipValue(items, data, pos, why)) return false;
    }
  }
}

bool SkipValue(avro_schema_t s, std::string_view data, size_t* pos, std::string* why) {
  int64_t v = 0;
  switch (avro_typeof(s)) {
    case AVRO_NULL:
      return true;
    case AVRO_BOOLEAN:
      return Skip(data, pos, 1, why);
    case AVRO_INT32:
    case AVRO_INT64:
      return Long(data, pos, &v, why);
    case AVRO_FLOAT:
      return Skip(data, pos, 4, why);
    case AVRO_DOUBLE:
      return Skip(data, pos, 8, why);
    case AVRO_STRING:
    case AVRO_BYTES:
      return Long(data, pos, &v, why) && Skip(data, pos, v, why);
    case AVRO_FIXED:
      return Skip(data, pos, avro_schema_fixed_size(s), why);
    case AVRO_ENUM:
      if (!Long(data, pos, &v, why)) return false;
      if (v < 0 || v >= avro_schema_enum_number_of_symbols(s)) {
        *why = "enum symbol " + std::to_string(v) + " does not exist (byte " +
               std::to_string(*pos) + ")";
        return false;
      }
      return true;
    case AVRO_RECORD:
      for (size_t i = 0; i < avro_schema_record_size(s); ++i) {
        if (!SkipValue(avro_schema_record_field_get_by_index(s, static_cast<int>(i)), data, pos,
                       why)) {
          return false;
        }
      }
      return true;
    case AVRO_UNION:
      if (!Long(data, pos, &v, why)) return false;
      if (v < 0 || static_cast<size_t>(v) >= avro_schema_union_size(s)) {
        *why = "union branch " + std::to_string(v) + " does not exist (byte " +
               std::to_string(*pos) + ")";
        return false;
      }
      return SkipValue(avro_schema_union_branch(s, static_cast<int>(v)), data, pos, why);
    case AVRO_ARRAY:
      return SkipBlocks(avro_schema_array_items(s), false, data, pos, why);
    case AVRO_MAP:
      return SkipBlocks(avro_schema_map_values(s), true, data, pos, why);
    default:
      *why = "a type this reader does not walk";
      return false;
  }
}

}  // namespace

bool SkipEncodedValue(avro_schema_t schema, std::string_view data, size_t* pos, std::string* why) {
  return SkipValue(schema, data, pos, why);
}

}  // namespace bulwark::replay
