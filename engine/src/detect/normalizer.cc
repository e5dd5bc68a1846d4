#include "detect/normalizer.h"

#include <algorithm>
#include <cstring>

#include "util/utf8.h"

namespace bulwark {
namespace {

// Zero digits of the Unicode decimal digit ranges (Nd), each followed by nine more.
constexpr uint32_t kDigitZeros[] = {
    0x0660,  0x06F0,  0x07C0,  0x0966,  0x09E6,  0x0A66,  0x0AE6,  0x0B66,  0x0BE6,  0x0C66,
    0x0CE6,  0x0D66,  0x0DE6,  0x0E50,  0x0ED0,  0x0F20,  0x1040,  0x1090,  0x17E0,  0x1810,
    0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,  0xA8D0,
    0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x11066, 0x110F0, 0x11136,
    0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x16A60, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E950};

int DigitValue(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
  if (cp < 0x0660) return -1;
  // The last range starting at or below cp (the table is sorted).
  const uint32_t* it = std::upper_bound(std::begin(kDigitZeros), std::end(kDigitZeros), cp);
  if (it == std::begin(kDigitZeros)) return -1;
  const uint32_t z = *(it - 1);
  return cp <= z + 9 ? static_cast<int>(cp - z) : -1;
}

bool IsInvisible(uint32_t cp) {
  return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
         cp == 0x180E;
}

// ' ' for space-like separators, '-' for dash-like ones, 0 otherwise.
char SeparatorClass(uint32_t cp) {
  if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
      cp == 0x3000) {
    return ' ';
  }
  if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63 ||
      cp == 0xFF0D) {
    return '-';
  }
  return 0;
}

uint32_t Decode(std::string_view s, size_t i, size_t len) {
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[k])); };
  switch (len) {
    case 1:
      return b(i);
    case 2:
      return ((b(i) & 0x1F) << 6) | (b(i + 1) & 0x3F);
    case 3:
      return ((b(i) & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    default:
      return ((b(i) & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
             (b(i + 3) & 0x3F);
  }
}

// The code point starting at byte i (its length in *len), or 0 with *len = 1 for a byte that
// starts no valid sequence.
uint32_t CodePointAt(std::string_view s, size_t i, size_t* len) {
  *len = Utf8SequenceLength(s, i);
  if (*len == 0) {
    *len = 1;
    return 0;
  }
  return Decode(s, i, *len);
}

// The start of the code point that ends at byte i (i > 0).
size_t PreviousStart(std::string_view s, size_t i) {
  size_t k = i - 1;
  while (k > 0 && i - k < 4 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  return k;
}

// A letter or digit of a token: ASCII letters and digits, Unicode decimal digits, and the
// code points from U+00C0 on other than separators, general punctuation and invisibles.
bool IsTokenCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  }
  if (DigitValue(cp) >= 0) return true;
  return cp >= 0x00C0 && SeparatorClass(cp) == 0 && !IsInvisible(cp) &&
         !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F);
}

}  // namespace

bool InvisibleJoinsAt(std::string_view text, size_t pos) {
  if (pos > text.size()) return false;
  size_t len = 0;
  size_t after = pos;  // past the invisible characters that start at pos
  while (after < text.size() && IsInvisible(CodePointAt(text, after, &len))) after += len;
  size_t before = pos;  // before the invisible characters that end at pos
  while (before > 0) {
    const size_t start = PreviousStart(text, before);
    if (!IsInvisible(CodePointAt(text, start, &len)) || start + len != before) break;
    before = start;
  }
  if (before == after || before == 0 || after >= text.size()) return false;
  return IsTokenCodePoint(CodePointAt(text, PreviousStart(text, before), &len)) &&
         IsTokenCodePoint(CodePointAt(text, after, &len));
}

uint32_t InspectText(std::string_view in) {
  uint32_t result = 0;
  bool prev_digit = false;   // the previous character was a digit
  bool pending_sep = false;  // a convertible separator follows a digit
  const auto is_digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  for (size_t i = 0; i < in.size();) {
    // Fast path: eight ASCII bytes change nothing (ASCII separators stay as they are).
    if (i + 8 <= in.size()) {
      uint64_t w;
      std::memcpy(&w, in.data() + i, sizeof w);
      if ((w & 0x8080808080808080ULL) == 0) {
        if (pending_sep && is_digit(in[i])) result |= kNeedsNormalization;
        pending_sep = false;
        prev_digit = is_digit(in[i + 7]);
        i += 8;
        continue;
      }
    }
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      const bool digit = c >= '0' && c <= '9';
      if (digit && pending_sep) result |= kNeedsNormalization;
      pending_sep = false;
      prev_digit = digit;
      ++i;
      continue;
    }
    size_t len = Utf8SequenceLength(in, i);
    if (len == 0) {
      result |= kInvalidUtf8;
      pending_sep = prev_digit = false;
      ++i;
      continue;
    }
    const uint32_t cp = Decode(in, i, len);
    i += len;
    const int d = DigitValue(cp);
    if (IsInvisible(cp) || d >= 0) result |= kNeedsNormalization;
    pending_sep = prev_digit && SeparatorClass(cp) != 0;
    prev_digit = d >= 0;
  }
  return result;
}

namespace {

struct Char {
  uint32_t cp;
  uint32_t pos;
  uint32_t len;
};

}  // namespace

std::vector<std::string> NormalizationNames(uint32_t mask) {
  std::vector<std::string> out;
  if (mask & kUnicodeDigits) out.push_back("unicode_digits");
  if (mask & kInvisibleCharacters) out.push_back("invisible_characters");
  if (mask & kDigitSeparators) out.push_back("digit_separators");
  return out;
}

bool Normalize(std::string_view in, NormalizedText* out, bool inspected) {
  if (!inspected && !(InspectText(in) & kNeedsNormalization)) return false;
  out->text.clear();
  out->start.clear();
  out->flags.clear();
  out->original = in;
  uint32_t applied = 0;
  // One pass with one character of lookahead (the separator rule looks at both neighbours);
  // invisibles are dropped, remembering that they were there (on the next character).
  size_t i = 0;
  auto next_visible = [&](Char* ch, bool* after_invisible) {
    *after_invisible = false;
    while (i < in.size()) {
      size_t len = Utf8SequenceLength(in, i);
      if (len == 0) len = 1;
      *ch = Char{Decode(in, i, len), static_cast<uint32_t>(i), static_cast<uint32_t>(len)};
      i += len;
      if (!IsInvisible(ch->cp)) return true;
      applied |= kInvisibleCharacters;
      *after_invisible = true;
    }
    return false;
  };
  auto emit = [&](char c, const Char& from, uint8_t flag) {
    out->text.push_back(c);
    out->start.push_back(from.pos);
    out->flags.push_back(flag);
  };
  Char cur{};
  Char next{};
  bool cur_inv = false;
  bool next_inv = false;
  bool have = next_visible(&cur, &cur_inv);
  bool prev_digit = false;
  while (have) {
    const bool have_next = next_visible(&next, &next_inv);
    const uint8_t inv = cur_inv ? kInvisibleCharacters : 0;
    const int d = DigitValue(cur.cp);
    const char sep = d >= 0 ? 0 : SeparatorClass(cur.cp);
    if (d >= 0) {
      const uint8_t flag = cur.cp > 0x7F ? kUnicodeDigits : 0;
      applied |= flag;
      emit(static_cast<char>('0' + d), cur, static_cast<uint8_t>(flag | inv));
    } else if (sep != 0 && prev_digit && have_next && DigitValue(next.cp) >= 0) {
      const bool changed = static_cast<uint32_t>(static_cast<unsigned char>(sep)) != cur.cp;
      if (changed) applied |= kDigitSeparators;
      emit(sep, cur, static_cast<uint8_t>((changed ? kDigitSeparators : 0) | inv));
    } else {
      for (uint32_t b = 0; b < cur.len; ++b) emit(in[cur.pos + b], cur, inv);
    }
    prev_digit = d >= 0;
    cur = next;
    cur_inv = next_inv;
    have = have_next;
  }
  out->applied = applied;
  return applied != 0;
}

}  // namespace bulwark
