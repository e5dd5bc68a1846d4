#include "graph/base64.h"

#include <array>
#include <cstdint>

namespace bulwark::graph {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::optional<std::string> Decode(std::string_view in, char c62, char c63) {
  std::array<int8_t, 256> table;
  table.fill(-1);
  for (int i = 0; i < 62; ++i) table[static_cast<unsigned char>(kStd[i])] = static_cast<int8_t>(i);
  table[static_cast<unsigned char>(c62)] = 62;
  table[static_cast<unsigned char>(c63)] = 63;
  size_t len = in.size();
  size_t pad = 0;
  while (len > 0 && in[len - 1] == '=' && pad < 2) {
    --len;
    ++pad;
  }
  if (pad > 0 && in.size() % 4 != 0) return std::nullopt;
  if (len % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(len * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; ++i) {
    const int8_t v = table[static_cast<unsigned char>(in[i])];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> Base64Decode(std::string_view in) { return Decode(in, '+', '/'); }
std::optional<std::string> Base64UrlDecode(std::string_view in) { return Decode(in, '-', '_'); }

std::string Base64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out.push_back(kStd[(v >> 18) & 63]);
    out.push_back(kStd[(v >> 12) & 63]);
    out.push_back(kStd[(v >> 6) & 63]);
    out.push_back(kStd[v & 63]);
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out.push_back(kStd[(v >> 18) & 63]);
    out.push_back(kStd[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kStd[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace bulwark::graph
