#include "detect/digit_shape.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>

namespace bulwark {
namespace {

bool IsSep(char c) { return c == ' ' || c == '-' || c == '.'; }

// Reads an optional quantifier at p[*pos]: none (1,1), '?' (0,1) or {n} / {n,m} (m <= 1000).
// False for what the analyzers do not accept: unbounded (*, +, {n,}) or lazy repeats.
bool ParseRepeat(std::string_view p, size_t* pos, int* lo, int* hi) {
  *lo = *hi = 1;
  if (*pos < p.size() && p[*pos] == '?') {
    ++*pos;
    *lo = 0;
  } else if (*pos < p.size() && p[*pos] == '{') {
    const size_t close = p.find('}', *pos);
    if (close == std::string_view::npos) return false;
    const std::string body(p.substr(*pos + 1, close - *pos - 1));
    *pos = close + 1;
    const size_t comma = body.find(',');
    try {
      *lo = std::stoi(body.substr(0, comma));
      *hi = comma == std::string::npos ? *lo : std::stoi(body.substr(comma + 1));
    } catch (const std::exception&) {
      return false;  // includes the unbounded {n,}
    }
    if (*hi < *lo || *hi > 1000) return false;
  }
  return !(*pos < p.size() && (p[*pos] == '*' || p[*pos] == '+' || p[*pos] == '?'));
}

// Summary of a sub-pattern.
struct Shape {
  int min_digits = 0;
  bool nullable = true;    // can match the empty string
  bool sep_first = false;  // a match can start with a separator
  bool sep_last = false;   // a match can end with a separator
};

// A recursive-descent reader of the accepted subset; any other construct makes it fail.
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  std::optional<Shape> Parse() {
    const bool prefixed = SkipBoundaryPrefix();
    auto s = Alternation();
    if (!s || pos_ != p_.size()) return std::nullopt;
    // After the prefix's character the match must go on with a digit, so that it begins at
    // most one character before its digit run (the scan widens the run's range to it).
    if (prefixed && (s->sep_first || s->nullable)) return std::nullopt;
    return s;
  }

 private:
  // A leading "(?:^|[^...\w...])": the start of the text or one character that is no word
  // character (so no digit), as patterns write "not right after '#' or inside a word". It holds no
  // digit and, matched on a range, sees the text before it (RE2 reads '^' against the whole text).
  bool SkipBoundaryPrefix() {
    static constexpr std::string_view kOpen = "(?:^|[^";
    if (p_.substr(0, kOpen.size()) != kOpen) return false;
    const size_t close = p_.find("])", kOpen.size());
    if (close == std::string_view::npos) return false;
    const std::string_view body = p_.substr(kOpen.size(), close - kOpen.size());
    if (body.find("\\w") == std::string_view::npos || body.find('[') != std::string_view::npos) {
      return false;
    }
    pos_ = close + 2;
    return true;
  }

  std::optional<Shape> Alternation() {
    auto first = Concatenation();
    if (!first) return std::nullopt;
    Shape out = *first;
    while (pos_ < p_.size() && p_[pos_] == '|') {
      ++pos_;
      auto next = Concatenation();
      if (!next) return std::nullopt;
      out.min_digits = std::min(out.min_digits, next->min_digits);
      out.nullable = out.nullable || next->nullable;
      out.sep_first = out.sep_first || next->sep_first;
      out.sep_last = out.sep_last || next->sep_last;
    }
    return out;
  }

  std::optional<Shape> Concatenation() {
    Shape out;                 // empty: nullable, no separators
    bool first_fixed = false;  // a non-nullable element was seen: sep_first is settled
    while (pos_ < p_.size() && p_[pos_] != '|' && p_[pos_] != ')') {
      auto a = Repeated();
      if (!a) return std::nullopt;
      if (out.sep_last && a->sep_first) return std::nullopt;  // two separators could touch
      out.min_digits += a->min_digits;
      if (!first_fixed) out.sep_first = out.sep_first || a->sep_first;
      if (!a->nullable) first_fixed = true;
      out.sep_last = a->sep_last || (a->nullable && out.sep_last);
      out.nullable = out.nullable && a->nullable;
    }
    return out;
  }

  std::optional<Shape> Repeated() {
    auto a = Atom();
    if (!a) return std::nullopt;
    int lo = 1;
    int hi = 1;
    if (!ParseRepeat(p_, &pos_, &lo, &hi)) return std::nullopt;
    if (hi > 1 && a->sep_last && a->sep_first) return std::nullopt;  // repeats would touch
    Shape out = *a;
    out.min_digits = a->min_digits * lo;
    out.nullable = a->nullable || lo == 0;
    return out;
  }

  // A class [..] of digits only, or of separators only.
  std::optional<Shape> Class() {
    ++pos_;  // '['
    if (pos_ < p_.size() && p_[pos_] == '^') return std::nullopt;
    bool digits = false;
    bool seps = false;
    while (pos_ < p_.size() && p_[pos_] != ']') {
      char c = p_[pos_];
      if (c == '\\') {
        if (pos_ + 1 >= p_.size()) return std::nullopt;
        c = p_[++pos_];
        if (c == 'd') {
          digits = true;
          ++pos_;
          continue;
        }
        if (!IsSep(c)) return std::nullopt;
      }
      if (std::isdigit(static_cast<unsigned char>(c))) {
        digits = true;
        if (pos_ + 2 < p_.size() && p_[pos_ + 1] == '-' && p_[pos_ + 2] != ']') {
          if (!std::isdigit(static_cast<unsigned char>(p_[pos_ + 2]))) return std::nullopt;
          pos_ += 2;
        }
      } else if (IsSep(c)) {
        seps = true;
      } else {
        return std::nullopt;
      }
      ++pos_;
    }
    if (pos_ >= p_.size() || digits == seps) return std::nullopt;
    ++pos_;  // ']'
    return digits ? Shape{1, false, false, false} : Shape{0, false, true, true};
  }

  std::optional<Shape> Atom() {
    const char c = p_[pos_];
    if (c == '(') {
      ++pos_;
      if (p_.substr(pos_, 2) == "?:") {
        pos_ += 2;
      } else if (pos_ < p_.size() && p_[pos_] == '?') {
        return std::nullopt;  // flags or named groups: keep it simple
      }
      auto inner = Alternation();
      if (!inner || pos_ >= p_.size() || p_[pos_] != ')') return std::nullopt;
      ++pos_;
      return inner;
    }
    if (c == '[') return Class();
    if (c == '\\') {
      if (pos_ + 1 >= p_.size()) return std::nullopt;
      const char e = p_[pos_ + 1];
      pos_ += 2;
      if (e == 'd') return Shape{1, false, false, false};
      if (e == 'b') return Shape{0, true, false, false};
      if (e == '.' || e == '-' || e == ' ') return Shape{0, false, true, true};
      return std::nullopt;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++pos_;
      return Shape{1, false, false, false};
    }
    if (c == ' ' || c == '-') {
      ++pos_;
      return Shape{0, false, true, true};
    }
    return std::nullopt;
  }

  std::string_view p_;
  size_t pos_ = 0;
};

// What WindowParser knows of a node: the fewest digits and the most bytes of a match, and
// bounds on its runs of consecutive digit bytes: at its start (pre), at its end (suf),
// anywhere (in), and the longest match made of digits only (full; -1 when no match is, 0 when
// only the empty one is). Every run bound over-approximates, which keeps the skip it allows
// (DigitWindow::max_run) sound.
struct WindowNode {
  int min_digits = 0;
  int max_len = 0;
  int pre = 0;
  int suf = 0;
  int in = 0;
  int full = 0;  // the empty match: all digits, length 0
};

WindowNode Sequence(const WindowNode& a, const WindowNode& b) {
  WindowNode out;
  out.min_digits = a.min_digits + b.min_digits;
  out.max_len = a.max_len + b.max_len;
  out.in = std::max({a.in, b.in, a.suf + b.pre});
  out.pre = a.full >= 0 ? std::max(a.pre, a.full + b.pre) : a.pre;
  out.suf = b.full >= 0 ? std::max(b.suf, b.full + a.suf) : b.suf;
  out.full = a.full >= 0 && b.full >= 0 ? a.full + b.full : -1;
  out.in = std::max({out.in, out.pre, out.suf});
  return out;
}

WindowNode Either(const WindowNode& a, const WindowNode& b) {
  return WindowNode{std::min(a.min_digits, b.min_digits),
                    std::max(a.max_len, b.max_len),
                    std::max(a.pre, b.pre),
                    std::max(a.suf, b.suf),
                    std::max(a.in, b.in),
                    std::max(a.full, b.full)};
}

// Reads the broader subset of DigitWindowOf, computing a WindowNode per node.
class WindowParser {
 public:
  explicit WindowParser(std::string_view p) : p_(p) {}
  std::optional<WindowNode> Parse() {
    if (p_.substr(0, 4) == "(?i)") pos_ = 4;
    auto w = Alternation();
    if (!w || pos_ != p_.size()) return std::nullopt;
    return w;
  }

 private:
  std::optional<WindowNode> Alternation() {
    auto out = Concatenation();
    if (!out) return std::nullopt;
    while (pos_ < p_.size() && p_[pos_] == '|') {
      ++pos_;
      auto next = Concatenation();
      if (!next) return std::nullopt;
      *out = Either(*out, *next);
    }
    return out;
  }
  std::optional<WindowNode> Concatenation() {
    WindowNode out;
    while (pos_ < p_.size() && p_[pos_] != '|' && p_[pos_] != ')') {
      auto a = Repeated();
      if (!a) return std::nullopt;
      out = Sequence(out, *a);
      if (out.max_len > 4096) return std::nullopt;
    }
    return out;
  }
  std::optional<WindowNode> Repeated() {
    auto a = Atom();
    if (!a) return std::nullopt;
    int lo = 1;
    int hi = 1;
    if (!ParseRepeat(p_, &pos_, &lo, &hi)) return std::nullopt;
    if (static_cast<int64_t>(a->max_len) * hi > 4096) return std::nullopt;
    // Every count from lo to hi: the runs of n copies, the fewest digits of lo copies.
    WindowNode out;
    bool any = false;
    WindowNode copies;  // n copies of a, n = 0 first
    for (int n = 0; n <= hi; ++n) {
      if (n > 0) copies = Sequence(copies, *a);
      if (n < lo) continue;
      out = any ? Either(out, copies) : copies;
      any = true;
    }
    return out;
  }
  // A node of one byte, a digit (always, sometimes, never).
  static WindowNode Byte(bool always_digit, bool can_be_digit) {
    const int run = can_be_digit ? 1 : 0;
    return WindowNode{always_digit ? 1 : 0, 1, run, run, run, can_be_digit ? 1 : -1};
  }
  std::optional<WindowNode> Atom() {
    const char c = p_[pos_];
    if (c == '(') {
      ++pos_;
      if (p_.substr(pos_, 2) == "?:") {
        pos_ += 2;
      } else if (pos_ < p_.size() && p_[pos_] == '?') {
        return std::nullopt;
      }
      auto inner = Alternation();
      if (!inner || pos_ >= p_.size() || p_[pos_] != ')') return std::nullopt;
      ++pos_;
      return inner;
    }
    if (c == '[') {
      ++pos_;
      if (pos_ < p_.size() && p_[pos_] == '^') return std::nullopt;
      bool only_digits = true;
      bool any_digit = false;
      const size_t start = pos_;
      while (pos_ < p_.size() && p_[pos_] != ']') {
        char ch = p_[pos_];
        if (static_cast<unsigned char>(ch) >= 0x80) return std::nullopt;
        if (ch == '\\') {
          if (pos_ + 1 >= p_.size()) return std::nullopt;
          ch = p_[++pos_];
          if (ch != 'd') only_digits = false;
          if (ch == 'd' || ch == 'w') any_digit = true;
          if (std::isalpha(static_cast<unsigned char>(ch)) && ch != 'd' && ch != 'w' && ch != 's') {
            return std::nullopt;
          }
        } else if (!std::isdigit(static_cast<unsigned char>(ch))) {
          if (!(ch == '-' && pos_ > 0 && p_[pos_ - 1] != '[' && pos_ + 1 < p_.size() &&
                std::isdigit(static_cast<unsigned char>(p_[pos_ - 1])) &&
                std::isdigit(static_cast<unsigned char>(p_[pos_ + 1])))) {
            only_digits = false;
          }
          // A range over the digits from below ('!-~'): it holds them too.
          if (ch == '-' && pos_ > start && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']' &&
              p_[pos_ - 1] <= '9' && p_[pos_ + 1] >= '0') {
            any_digit = true;
          }
        } else {
          any_digit = true;
        }
        ++pos_;
      }
      if (pos_ >= p_.size()) return std::nullopt;
      ++pos_;
      return Byte(only_digits, any_digit || only_digits);
    }
    if (c == '\\') {
      if (pos_ + 1 >= p_.size()) return std::nullopt;
      const char e = p_[pos_ + 1];
      pos_ += 2;
      if (e == 'd') return Byte(true, true);
      if (e == 'b') return WindowNode{};  // zero width
      if (e == 'w') return Byte(false, true);
      if (e == 's') return Byte(false, false);
      if (std::ispunct(static_cast<unsigned char>(e))) return Byte(false, false);
      return std::nullopt;
    }
    if (c == '.' || c == '^' || c == '$' || static_cast<unsigned char>(c) >= 0x80)
      return std::nullopt;
    ++pos_;
    const bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
    return Byte(digit, digit);
  }
  std::string_view p_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<DigitWindow> DigitWindowOf(std::string_view pattern) {
  auto w = WindowParser(pattern).Parse();
  if (!w || w->min_digits < 5 || w->max_len < w->min_digits) return std::nullopt;
  return DigitWindow{w->min_digits, w->max_len, w->in};
}

bool HasDigitWindow(const std::vector<uint32_t>& pos, const DigitWindow& w) {
  const size_t k = static_cast<size_t>(w.min_digits);
  for (size_t j = 0; j + k <= pos.size(); ++j) {
    if (pos[j + k - 1] - pos[j] < static_cast<uint32_t>(w.max_len)) return true;
  }
  return false;
}

std::optional<int> DigitShapeMinDigits(std::string_view pattern) {
  auto s = Parser(pattern).Parse();
  if (!s || s->min_digits < 1) return std::nullopt;
  return s->min_digits;
}

int LongestDigitRun(std::string_view text) {
  int best = 0;
  int run = 0;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++run;
      ++i;
      continue;
    }
    // One separator between two digits continues the run.
    if (run > 0 && IsSep(c) && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
      ++i;
      continue;
    }
    best = std::max(best, run);
    run = 0;
    ++i;
  }
  return std::max(best, run);
}

void FindDigitRuns(std::string_view text, std::vector<DigitRun>* runs) {
  runs->clear();
  DigitRun run;
  // The same walk as LongestDigitRun, remembering where each run starts and ends; outside a
  // run, 16 bytes without a digit are skipped at once.
  for (size_t i = 0; i < text.size(); ++i) {
    if (run.digits == 0) {  // the bytes before the next digit only end runs: none is open
      size_t skip = 16;
      while (i + 16 <= text.size() && (skip = FirstDigitIn16(text, i)) == 16) i += 16;
      if (skip < 16) i += skip;
      if (i >= text.size()) break;
    }
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (run.digits == 0) run.begin = static_cast<uint32_t>(i);
      ++run.digits;
      run.end = static_cast<uint32_t>(i + 1);
      continue;
    }
    if (run.digits > 0 && IsSep(c) && i + 1 < text.size() && text[i + 1] >= '0' &&
        text[i + 1] <= '9') {
      continue;
    }
    if (run.digits > 0) runs->push_back(run);
    run = DigitRun{};
  }
  if (run.digits > 0) runs->push_back(run);
}

ByteRange DigitRunRange(const DigitRun& run, uint32_t text_size) {
  return ByteRange{run.begin > 0 ? run.begin - 1 : 0, std::min(run.end + 1, text_size)};
}

std::string GeneralizeDigits(std::string_view p) {
  std::string out;
  size_t i = 0;
  while (i < p.size()) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      out.append(p.substr(i, 2));
      i += 2;
    } else if (c == '[') {
      size_t j = i + 1;
      bool digits = false;
      while (j < p.size() && p[j] != ']') {
        if (p[j] == '\\' && j + 1 < p.size()) {
          digits = digits || p[j + 1] == 'd';
          j += 2;
          continue;
        }
        digits = digits || std::isdigit(static_cast<unsigned char>(p[j]));
        ++j;
      }
      const size_t end = std::min(j + 1, p.size());
      out += digits ? std::string("\\d") : std::string(p.substr(i, end - i));
      i = end;
    } else if (c == '{') {
      const size_t close = p.find('}', i);
      const size_t end = close == std::string_view::npos ? p.size() : close + 1;
      out.append(p.substr(i, end - i));
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      out += "\\d";
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

void ShapeOf(std::string_view text, const DigitRun& run, std::string* shape) {
  shape->clear();
  const size_t from = run.begin >= 2 ? run.begin - 2 : 0;
  const size_t to = std::min<size_t>(run.end + 2, text.size());
  for (size_t k = from; k < to; ++k) {
    const char c = text[k];
    if (c >= '0' && c <= '9') {
      *shape += '5';
    } else if (IsSep(c)) {
      *shape += c;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      *shape += 'a';
    } else {
      *shape += ',';
    }
  }
}

void DigitWindowRanges(const std::vector<uint32_t>& pos, const DigitWindow& w, uint32_t reach,
                       uint32_t text_size, std::vector<ByteRange>* ranges) {
  const size_t k = static_cast<size_t>(w.min_digits);
  // A match's own k digits are never one unbroken run when its runs are shorter than k: a
  // window of k adjacent digits then opens no range (a 10-digit invoice number, for an MBI).
  const bool skip_runs = w.max_run < w.min_digits;
  for (size_t j = 0; j + k <= pos.size(); ++j) {
    const uint32_t first = pos[j];
    const uint32_t last = pos[j + k - 1];
    if (last - first >= reach) continue;
    if (skip_runs && last - first == k - 1) continue;
    const uint32_t begin = last + 1 > reach ? last + 1 - reach : 0;
    const uint32_t end =
        static_cast<uint32_t>(std::min<uint64_t>(static_cast<uint64_t>(first) + reach, text_size));
    AppendMerged(ranges, ByteRange{begin, end});
  }
}

}  // namespace bulwark
