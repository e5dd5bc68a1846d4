#include "replay/avro_memory.h"

#include <avro.h>

#include <cstdlib>
#include <mutex>

namespace bulwark::replay {
namespace {

// Avro C's allocator contract (avro/allocation.h): nsize 0 frees and returns NULL; a failed
// allocation returns NULL and leaves `ptr` as it was (realloc's own behaviour).
void* BoundedRealloc(void* /*user_data*/, void* ptr, size_t /*osize*/, size_t nsize) {
  if (nsize == 0) {
    std::free(ptr);  // NOLINT(cppcoreguidelines-no-malloc): Avro C's memory
    return nullptr;
  }
  if (nsize > kMaxAvroAllocation) return nullptr;
  return std::realloc(ptr, nsize);  // NOLINT(cppcoreguidelines-no-malloc)
}

}  // namespace

void BoundAvroAllocations() {
  static std::once_flag once;
  std::call_once(once, [] { avro_set_allocator(BoundedRealloc, nullptr); });
}

}  // namespace bulwark::replay
