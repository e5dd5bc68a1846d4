// Avro's binary encoding (https://avro.apache.org/docs/1.11.1/specification/#binary-encoding),
// read with bounds checks before Avro C decodes anything: Avro C trusts the lengths and counts
// it reads (a negative or oversized length is allocated, then leaked when the read fails), so
// AvroCaptureReader walks each record over the writer's schema first and hands Avro C only
// records whose every length and count fits in the block.
//
// Thread-safety: pure functions.
#ifndef BULWARK_ADAPTERS_REPLAY_AVRO_ENCODING_H_
#define BULWARK_ADAPTERS_REPLAY_AVRO_ENCODING_H_

#include <avro.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bulwark::replay {

// Avro's zig-zag varint at the start of `s`: bytes used, 0 when incomplete or over 10 bytes.
size_t ReadLong(std::string_view s, int64_t* out);

// Whether values of `schema` can be read with bounded work per byte: no recursive (named
// link) types, no arrays of items that may encode to nothing, at most 16 levels deep.
bool BoundedSchema(avro_schema_t schema, int depth = 0);

// Walks one value of `schema` (a BoundedSchema) encoded at data[*pos]: true with *pos just
// after it when every length, count, union branch and enum symbol is valid and fits in
// `data`; false with `*why` set otherwise. An array or map block may not declare more items
// than bytes remain (each item takes at least one).
bool SkipEncodedValue(avro_schema_t schema, std::string_view data, size_t* pos, std::string* why);

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_AVRO_ENCODING_H_
