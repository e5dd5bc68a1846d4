#include "graph/base64.h"

#include <cstdint>

namespace bulwark::graph {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The value of each byte in an alphabet, -1 for a byte outside it.
struct DecodeTable {
  int16_t value[256];
};

constexpr DecodeTable MakeTable(char c62, char c63) {
  DecodeTable t{};
  for (int b = 0; b < 256; ++b) t.value[b] = -1;
  for (int i = 0; i < 62; ++i)
    t.value[static_cast<unsigned char>(kStd[i])] = static_cast<int16_t>(i);
  t.value[static_cast<unsigned char>(c62)] = 62;
  t.value[static_cast<unsigned char>(c63)] = 63;
  return t;
}

constexpr DecodeTable kStdTable = MakeTable('+', '/');
constexpr DecodeTable kUrlTable = MakeTable('-', '_');

// Four characters to three bytes per step (the payloads are kilobytes: a bit at a time cost
// ~25 instructions per character); bits left over after the last whole byte are dropped.
std::optional<std::string> Decode(std::string_view in, const DecodeTable& table) {
  size_t len = in.size();
  size_t pad = 0;
  while (len > 0 && in[len - 1] == '=' && pad < 2) {
    --len;
    ++pad;
  }
  if (pad > 0 && in.size() % 4 != 0) return std::nullopt;
  const size_t tail = len % 4;
  if (tail == 1) return std::nullopt;
  std::string out(len / 4 * 3 + (tail == 0 ? 0 : tail - 1), '\0');
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const int16_t* v = table.value;
  char* o = out.data();
  size_t i = 0;
  for (; i + 4 <= len; i += 4, o += 3) {
    const int32_t a = v[p[i]], b = v[p[i + 1]], c = v[p[i + 2]], d = v[p[i + 3]];
    if ((a | b | c | d) < 0) return std::nullopt;
    const uint32_t n = (static_cast<uint32_t>(a) << 18) | (static_cast<uint32_t>(b) << 12) |
                       (static_cast<uint32_t>(c) << 6) | static_cast<uint32_t>(d);
    o[0] = static_cast<char>(n >> 16);
    o[1] = static_cast<char>(n >> 8);
    o[2] = static_cast<char>(n);
  }
  if (tail > 0) {
    const int32_t a = v[p[i]], b = v[p[i + 1]], c = tail == 3 ? v[p[i + 2]] : 0;
    if ((a | b | c) < 0) return std::nullopt;
    const uint32_t n = (static_cast<uint32_t>(a) << 18) | (static_cast<uint32_t>(b) << 12) |
                       (static_cast<uint32_t>(c) << 6);
    o[0] = static_cast<char>(n >> 16);
    if (tail == 3) o[1] = static_cast<char>(n >> 8);
  }
  return out;
}

}  // namespace

std::optional<std::string> Base64Decode(std::string_view in) { return Decode(in, kStdTable); }
std::optional<std::string> Base64UrlDecode(std::string_view in) { return Decode(in, kUrlTable); }

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
