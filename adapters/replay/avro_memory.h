// Avro C allocates a string or bytes value by the length prefix it reads, before checking that
// the input holds that many bytes: a negative or absurd length in a damaged or hostile file
// becomes a huge allocation (found by tests/fuzz/fuzz_avro.cc). BoundAvroAllocations()
// installs, once per process, an allocator for Avro C that refuses any single allocation over
// kMaxAvroAllocation; Avro C then reports the value as not decodable (ENOMEM), which the
// reader turns into a capture_corrupt record. The reader's own walk of each record
// (avro_encoding.h) keeps such lengths from Avro C in the first place; this is the second
// line, for whatever Avro C allocates that the walk does not foresee.
//
// Thread-safety: BoundAvroAllocations() may be called from any thread; the allocator is
// stateless.
#ifndef BULWARK_ADAPTERS_REPLAY_AVRO_MEMORY_H_
#define BULWARK_ADAPTERS_REPLAY_AVRO_MEMORY_H_

#include <cstddef>

namespace bulwark::replay {

// Twice the largest inflated block the reader accepts: no value of a readable block needs
// more, and the writer's own buffers are far smaller.
inline constexpr size_t kMaxAvroAllocation = size_t{512} << 20;

void BoundAvroAllocations();

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_AVRO_MEMORY_H_
