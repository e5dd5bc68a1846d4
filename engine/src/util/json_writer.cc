#include "util/json_writer.h"

#include "util/utf8.h"

namespace bulwark {
namespace {

// At an invalid sequence starting at s[i]: how many bytes form the longest prefix of a valid
// sequence there (at least 1) — Unicode's "maximal subpart", which is what nlohmann::json's
// dump() replaces with one U+FFFD under error_handler_t::replace.
size_t MaximalSubpart(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  size_t need = 0;  // continuation bytes the lead byte asks for
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  }
  size_t n = 1;
  while (n <= need && i + n < s.size()) {
    const unsigned char x = b(i + n);
    if (x < (n == 1 ? lo : 0x80) || x > (n == 1 ? hi : 0xBF)) break;
    ++n;
  }
  return n;
}

// The bytes that are not copied as they are without a look: control characters, `"`, `\` and
// the bytes of multi-byte (or invalid) sequences.
constexpr struct Attention {
  bool set[256];
  constexpr Attention() : set() {
    for (int c = 0; c < 256; ++c) set[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  }
} kAttention;

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet copied, all copied as they are
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!kAttention.set[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const size_t n = Utf8SequenceLength(s, i);
      if (n > 0) {
        i += n;
        continue;
      }
    }
    out->append(s.data() + run, i - run);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          *out += "\\u00";
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {  // invalid UTF-8: one replacement character for its maximal subpart
          *out += "\xEF\xBF\xBD";
          i += MaximalSubpart(s, i) - 1;
        }
        break;
    }
    ++i;
    run = i;
  }
  out->append(s.data() + run, i - run);
  out->push_back('"');
}

void WriteJson(const nlohmann::ordered_json& j, JsonWriter* w) {
  using Type = nlohmann::ordered_json::value_t;
  switch (j.type()) {
    case Type::object:
      w->BeginObject();
      for (auto it = j.begin(); it != j.end(); ++it) {
        w->Key(it.key());
        WriteJson(it.value(), w);
      }
      w->EndObject();
      return;
    case Type::array:
      w->BeginArray();
      for (const auto& v : j) WriteJson(v, w);
      w->EndArray();
      return;
    case Type::string:
      w->String(j.get_ref<const std::string&>());
      return;
    case Type::boolean:
      w->Bool(j.get<bool>());
      return;
    case Type::number_integer:
      w->Int(j.get<int64_t>());
      return;
    case Type::number_unsigned:
      w->Uint(j.get<uint64_t>());
      return;
    case Type::null:
    case Type::discarded:
      w->Raw("null");
      return;
    case Type::number_float:
    case Type::binary:
      w->Raw(j.dump());  // nlohmann's own number format
      return;
  }
}

}  // namespace bulwark
