// ByteRange: a half-open byte range of a text, and the merging the prefilter uses to keep a
// pattern's candidate ranges sorted and disjoint.
#ifndef BULWARK_ENGINE_DETECT_BYTE_RANGE_H_
#define BULWARK_ENGINE_DETECT_BYTE_RANGE_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace bulwark {

struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const ByteRange& o) const { return begin == o.begin && end == o.end; }
  bool operator<(const ByteRange& o) const {
    return begin != o.begin ? begin < o.begin : end < o.end;
  }
};

// Appends `r` to `ranges` (sorted and disjoint), merging it into the last range when they
// overlap or touch. Returns false, appending it unmerged, when `r` begins before the last range:
// the caller then restores the order with SortAndMerge.
inline bool AppendMerged(std::vector<ByteRange>* ranges, ByteRange r) {
  if (!ranges->empty()) {
    ByteRange& last = ranges->back();
    if (r.begin < last.begin) {
      ranges->push_back(r);
      return false;
    }
    if (r.begin <= last.end) {
      last.end = std::max(last.end, r.end);
      return true;
    }
  }
  ranges->push_back(r);
  return true;
}

// Sorts `ranges` and merges those that overlap or touch.
inline void SortAndMerge(std::vector<ByteRange>* ranges) {
  std::sort(ranges->begin(), ranges->end());
  std::vector<ByteRange> merged;
  merged.reserve(ranges->size());
  for (const ByteRange& r : *ranges) AppendMerged(&merged, r);
  ranges->swap(merged);
}

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_BYTE_RANGE_H_
