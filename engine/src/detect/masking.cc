#include "detect/masking.h"

#include <algorithm>
#include <vector>

#include "util/utf8.h"

namespace bulwark {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::string MaskValue(std::string_view value, int keep_start, int keep_end, bool keep_shape) {
  // Split into code points; mark which are maskable.
  struct Unit {
    size_t pos;
    size_t len;
    bool maskable;
  };
  std::vector<Unit> units;
  for (size_t i = 0; i < value.size();) {
    size_t len = Utf8SequenceLength(value, i);
    if (len == 0) len = 1;
    const unsigned char c = static_cast<unsigned char>(value[i]);
    units.push_back({i, len, !keep_shape || c >= 0x80 || IsAsciiAlnum(c)});
    i += len;
  }
  const int n = static_cast<int>(
      std::count_if(units.begin(), units.end(), [](const Unit& u) { return u.maskable; }));
  if (keep_end < 0) keep_end = n >= 9 ? 4 : n / 4;
  if (keep_start < 0) keep_start = n >= 16 ? 4 : 0;
  // Never reveal more than half.
  while (keep_start + keep_end > n / 2 && (keep_start > 0 || keep_end > 0)) {
    if (keep_start >= keep_end && keep_start > 0) {
      --keep_start;
    } else {
      --keep_end;
    }
  }
  std::string out;
  out.reserve(value.size());
  int k = 0;
  for (const Unit& u : units) {
    if (!u.maskable) {
      out.append(value.substr(u.pos, u.len));
      continue;
    }
    if (k < keep_start || k >= n - keep_end) {
      out.append(value.substr(u.pos, u.len));
    } else {
      out.push_back('*');
    }
    ++k;
  }
  return out;
}

}  // namespace bulwark
