#include "detect/class_run.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <bitset>
#include <cctype>
#include <cstring>
#include <limits>

namespace bulwark {
namespace {

constexpr uint32_t kInf = std::numeric_limits<uint32_t>::max();

uint32_t Add(uint32_t a, uint32_t b) { return a > kInf - b ? kInf : a + b; }
uint32_t Mul(uint32_t a, uint32_t n) {
  if (a == 0 || n == 0) return 0;
  return a > kInf / n ? kInf : a * n;
}

bool IsDigit(int c) { return c >= '0' && c <= '9'; }
bool IsLetter(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The shape of an ASCII byte (GeneralizeClasses).
char ShapeByte(char c) {
  if (IsDigit(c)) return '5';
  if (c >= 'A' && c <= 'Z') return 'A';
  if (c >= 'a' && c <= 'z') return 'a';
  return c;
}

// What a sub-pattern can consume and what every match of it holds.
struct Node {
  std::bitset<128> chars;  // ASCII bytes it can consume
  bool foreign = false;    // it can also consume characters outside ASCII (or any character)
  uint32_t min_len = 0;
  uint32_t min_digits = 0;
  uint32_t min_letters = 0;
  std::array<uint32_t, 128> lit{};  // by punctuation byte: how many of it every match holds
  uint32_t max_cp = 0;              // code points at most (kInf: unbounded)
};

Node Concat(const Node& a, const Node& b) {
  Node out;
  out.chars = a.chars | b.chars;
  out.foreign = a.foreign || b.foreign;
  out.min_len = Add(a.min_len, b.min_len);
  out.min_digits = Add(a.min_digits, b.min_digits);
  out.min_letters = Add(a.min_letters, b.min_letters);
  for (size_t c = 0; c < 128; ++c) out.lit[c] = Add(a.lit[c], b.lit[c]);
  out.max_cp = Add(a.max_cp, b.max_cp);
  return out;
}

Node Either(const Node& a, const Node& b) {
  Node out;
  out.chars = a.chars | b.chars;
  out.foreign = a.foreign || b.foreign;
  out.min_len = std::min(a.min_len, b.min_len);
  out.min_digits = std::min(a.min_digits, b.min_digits);
  out.min_letters = std::min(a.min_letters, b.min_letters);
  for (size_t c = 0; c < 128; ++c) out.lit[c] = std::min(a.lit[c], b.lit[c]);
  out.max_cp = std::max(a.max_cp, b.max_cp);
  return out;
}

Node Repeat(const Node& a, uint32_t lo, uint32_t hi) {
  if (hi == 0) return Node{};
  Node out = a;
  out.min_len = Mul(a.min_len, lo);
  out.min_digits = Mul(a.min_digits, lo);
  out.min_letters = Mul(a.min_letters, lo);
  for (size_t c = 0; c < 128; ++c) out.lit[c] = Mul(a.lit[c], lo);
  out.max_cp = a.max_cp == 0 ? 0 : hi == kInf ? kInf : Mul(a.max_cp, hi);
  return out;
}

// One character out of `set` (and, when `foreign`, out of non-ASCII characters too).
Node Char(const std::bitset<128>& set, bool foreign) {
  Node out;
  out.chars = set;
  out.foreign = foreign;
  out.min_len = 1;
  out.max_cp = 1;
  if (!foreign && set.any()) {
    bool digits = true;
    bool letters = true;
    for (size_t c = 0; c < 128; ++c) {
      if (!set[c]) continue;
      digits = digits && IsDigit(static_cast<int>(c));
      letters = letters && IsLetter(static_cast<int>(c));
    }
    out.min_digits = digits ? 1 : 0;
    out.min_letters = letters ? 1 : 0;
    if (set.count() == 1) {
      for (size_t c = 0; c < 128; ++c) {
        if (set[c] && std::ispunct(static_cast<int>(c))) out.lit[c] = 1;
      }
    }
  }
  return out;
}

std::bitset<128> Range(int from, int to) {
  std::bitset<128> s;
  for (int c = from; c <= to; ++c) s.set(static_cast<size_t>(c));
  return s;
}
std::bitset<128> Digits() { return Range('0', '9'); }
std::bitset<128> Word() {
  return Range('0', '9') | Range('A', 'Z') | Range('a', 'z') | Range('_', '_');
}
std::bitset<128> Space() {
  std::bitset<128> s;
  for (char c : {'\t', '\n', '\v', '\f', '\r', ' '}) s.set(static_cast<size_t>(c));
  return s;
}

// A recursive-descent reader of the accepted subset (class_run.h); any other construct fails.
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {
    if (p_.substr(0, 4) == "(?i)") {
      fold_ = true;
      pos_ = 4;
    }
  }

  // The branches of the top-level alternation, each as its list of elements.
  std::optional<std::vector<std::vector<Node>>> Top() {
    std::vector<std::vector<Node>> branches;
    while (true) {
      std::vector<Node> elements;
      while (ok_ && pos_ < p_.size() && p_[pos_] != '|' && p_[pos_] != ')') {
        elements.push_back(Repeated());
      }
      if (!ok_) return std::nullopt;
      branches.push_back(std::move(elements));
      if (pos_ < p_.size() && p_[pos_] == '|') {
        ++pos_;
        gen_ += '|';
        continue;
      }
      break;
    }
    if (pos_ != p_.size()) return std::nullopt;
    return branches;
  }

  // Whether (?i) makes k or s match a non-ASCII character somewhere.
  bool folds_ks() const { return folds_ks_; }
  // The pattern with every atom generalised (GeneralizeClasses), once Top() succeeded.
  const std::string& generalized() const { return gen_; }

 private:
  Node Fail() {
    ok_ = false;
    return Node{};
  }

  Node Alternation() {
    Node out = Concatenation();
    while (ok_ && pos_ < p_.size() && p_[pos_] == '|') {
      ++pos_;
      gen_ += '|';
      out = Either(out, Concatenation());
    }
    return out;
  }

  Node Concatenation() {
    Node out;
    while (ok_ && pos_ < p_.size() && p_[pos_] != '|' && p_[pos_] != ')') {
      out = Concat(out, Repeated());
    }
    return out;
  }

  // A quantifier after an atom: none (1,1), ?, *, +, {n}, {n,}, {n,m}, each maybe lazy.
  Node Repeated() {
    Node a = Atom();
    if (!ok_ || pos_ >= p_.size()) return a;
    const size_t quantifier = pos_;
    uint32_t lo = 1;
    uint32_t hi = 1;
    const char q = p_[pos_];
    if (q == '?' || q == '*' || q == '+') {
      lo = q == '+' ? 1 : 0;
      hi = q == '?' ? 1 : kInf;
      ++pos_;
    } else if (q == '{') {
      const size_t close = p_.find('}', pos_);
      if (close == std::string_view::npos) return Fail();
      const std::string body(p_.substr(pos_ + 1, close - pos_ - 1));
      const size_t comma = body.find(',');
      auto number = [](const std::string& s, uint32_t* v) {
        if (s.empty() || s.size() > 4) return false;
        for (char c : s) {
          if (!IsDigit(c)) return false;
        }
        *v = static_cast<uint32_t>(std::stoul(s));
        return true;
      };
      if (!number(body.substr(0, comma), &lo)) return Fail();
      if (comma == std::string::npos) {
        hi = lo;
      } else if (comma + 1 == body.size()) {
        hi = kInf;
      } else if (!number(body.substr(comma + 1), &hi) || hi < lo) {
        return Fail();
      }
      pos_ = close + 1;
    } else {
      return a;
    }
    if (pos_ < p_.size() && p_[pos_] == '?') ++pos_;  // lazy: the same language
    if (pos_ < p_.size() &&
        (p_[pos_] == '*' || p_[pos_] == '+' || p_[pos_] == '?' || p_[pos_] == '{')) {
      return Fail();  // stacked quantifiers: RE2 rejects most of them; do not guess
    }
    gen_.append(p_.substr(quantifier, pos_ - quantifier));
    return Repeat(a, lo, hi);
  }

  // Case folding for (?i): both cases of every letter.
  Node Folded(std::bitset<128> set, bool foreign) {
    if (fold_) {
      for (size_t lower = 'a'; lower <= 'z'; ++lower) {
        const size_t upper = lower - 'a' + 'A';
        if (set[lower] || set[upper]) set.set(lower).set(upper);
      }
      if (set['k'] || set['s']) folds_ks_ = true;
    }
    return Char(set, foreign);
  }

  // Writes the generalised form of a consuming atom (see GeneralizeClasses) and returns it.
  Node Emit(Node n) {
    bool shapes[256] = {};
    for (size_t c = 0; c < 128; ++c) {
      if (n.chars[c]) shapes[static_cast<unsigned char>(ShapeByte(static_cast<char>(c)))] = true;
    }
    // Non-ASCII characters (and, under (?i), KELVIN SIGN and LONG S for k and s) are \x01.
    if (n.foreign || (fold_ && (n.chars['k'] || n.chars['s']))) shapes[1] = true;
    gen_ += '[';
    for (int b = 0; b < 256; ++b) {
      if (!shapes[b]) continue;
      if (std::isalnum(b)) {
        gen_ += static_cast<char>(b);
      } else {
        static const char kHex[] = "0123456789abcdef";
        gen_ += "\\x";
        gen_ += kHex[b >> 4];
        gen_ += kHex[b & 15];
      }
    }
    gen_ += ']';
    return n;
  }

  // An escape after '\': a class (\d \w \s, or their negations: foreign), a zero-width
  // assertion (\b \B), or an escaped ASCII punctuation or control character.
  bool Escape(std::bitset<128>* set, bool* negated, bool* zero_width) {
    if (pos_ >= p_.size()) return false;
    const char e = p_[pos_++];
    *negated = false;
    *zero_width = false;
    switch (e) {
      case 'd':
        *set = Digits();
        return true;
      case 'w':
        *set = Word();
        return true;
      case 's':
        *set = Space();
        return true;
      case 'D':
        *set = ~Digits();
        *negated = true;
        return true;
      case 'W':
        *set = ~Word();
        *negated = true;
        return true;
      case 'S':
        *set = ~Space();
        *negated = true;
        return true;
      case 'b':
      case 'B':
        *zero_width = true;
        return true;
      case 't':
        set->reset().set('\t');
        return true;
      case 'n':
        set->reset().set('\n');
        return true;
      case 'r':
        set->reset().set('\r');
        return true;
      case 'f':
        set->reset().set('\f');
        return true;
      case 'v':
        set->reset().set('\v');
        return true;
      default:
        if (static_cast<unsigned char>(e) < 0x80 && std::ispunct(static_cast<unsigned char>(e))) {
          set->reset().set(static_cast<size_t>(e));
          return true;
        }
        return false;  // \x.., \p{..}, \A, \z, \Q..\E, octal: not in the subset
    }
  }

  Node Class() {
    ++pos_;  // '['
    bool negated = false;
    if (pos_ < p_.size() && p_[pos_] == '^') {
      negated = true;
      ++pos_;
    }
    std::bitset<128> set;
    bool first = true;
    while (pos_ < p_.size() && (p_[pos_] != ']' || first)) {
      first = false;
      int lo = static_cast<unsigned char>(p_[pos_]);
      if (lo >= 0x80) {
        if (!negated) return Fail();  // a non-ASCII member: not in the subset
        ++pos_;                       // negated: the class is foreign anyway
        continue;
      }
      if (lo == '[') return Fail();  // [:upper:] and the like
      ++pos_;
      if (lo == '\\') {
        std::bitset<128> esc;
        bool esc_negated = false;
        bool zero_width = false;
        if (!Escape(&esc, &esc_negated, &zero_width) || zero_width) return Fail();
        if (esc_negated && !negated) return Fail();
        if (esc.count() != 1 || esc_negated) {
          set |= esc;
          continue;
        }
        lo = static_cast<int>(esc._Find_first());
      }
      int hi = lo;
      if (pos_ + 1 < p_.size() && p_[pos_] == '-' && p_[pos_ + 1] != ']') {
        ++pos_;
        hi = static_cast<unsigned char>(p_[pos_]);
        if (hi >= 0x80) return Fail();
        ++pos_;
        if (hi == '\\') {
          std::bitset<128> esc;
          bool esc_negated = false;
          bool zero_width = false;
          if (!Escape(&esc, &esc_negated, &zero_width) || esc.count() != 1) return Fail();
          hi = static_cast<int>(esc._Find_first());
        }
        if (hi < lo) return Fail();
      }
      set |= Range(lo, hi);
    }
    if (pos_ >= p_.size()) return Fail();
    ++pos_;  // ']'
    if (negated) {
      // Foreign: any non-ASCII character, and the ASCII bytes not listed (under (?i) letters
      // fold before the complement is taken).
      Node n = Folded(set, false);
      return Emit(Char(~n.chars, true));
    }
    return Emit(Folded(set, false));
  }

  Node Atom() {
    const char c = p_[pos_];
    if (c == '(') {
      ++pos_;
      if (p_.substr(pos_, 2) == "?:") {
        pos_ += 2;
      } else if (pos_ < p_.size() && p_[pos_] == '?') {
        return Fail();  // inline flags, named groups: not in the subset
      }
      gen_ += "(?:";
      Node inner = Alternation();
      if (!ok_ || pos_ >= p_.size() || p_[pos_] != ')') return Fail();
      ++pos_;
      gen_ += ')';
      return inner;
    }
    if (c == '[') return Class();
    if (c == '\\') {
      ++pos_;
      std::bitset<128> set;
      bool negated = false;
      bool zero_width = false;
      if (!Escape(&set, &negated, &zero_width)) return Fail();
      if (zero_width) {
        gen_.append(p_.substr(pos_ - 2, 2));  // \b or \B
        return Node{};
      }
      return Emit(negated ? Char(set, true) : Folded(set, false));
    }
    if (c == '^' || c == '$') {
      ++pos_;
      gen_ += c;
      return Node{};  // zero-width
    }
    if (c == '.') {
      ++pos_;
      std::bitset<128> all;
      all.set();
      all.reset('\n');
      return Emit(Char(all, true));
    }
    if (c == ')' || c == '*' || c == '+' || c == '?' || c == '{' || c == '|') return Fail();
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      // A non-ASCII literal character: consumes one code point, none of it ASCII.
      pos_ += std::max<size_t>(1, u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1);
      return Emit(Char(std::bitset<128>(), true));
    }
    ++pos_;
    std::bitset<128> set;
    set.set(u);
    return Emit(Folded(set, false));
  }

  std::string_view p_;
  size_t pos_ = 0;
  bool ok_ = true;
  bool fold_ = false;
  bool folds_ks_ = false;
  std::string gen_;
};

bool ZeroWidth(const Node& n) { return n.max_cp == 0 && n.chars.none() && !n.foreign; }

// The punctuation bytes to search for with memchr, rarest in prose first; those before the
// colon are rare in prose. Others (space, and what is not listed) are never an anchor.
constexpr std::string_view kAnchorOrder = "~@#%=+_!$&*?^|;<>[]{}`\\\"':/-,.()";
constexpr size_t kRareAnchors = 25;  // the bytes before the colon

}  // namespace

std::optional<ClassRunSpec> ClassRunOf(std::string_view pattern) {
  Parser parser(pattern);
  auto branches = parser.Top();
  if (!branches || branches->empty()) return std::nullopt;
  std::optional<Node> all;  // the bodies of every branch, combined as alternatives
  uint32_t left = 0;
  uint32_t right = 0;
  for (std::vector<Node>& e : *branches) {
    size_t begin = 0;
    size_t end = e.size();
    while (begin < end && ZeroWidth(e[begin])) ++begin;
    while (end > begin && ZeroWidth(e[end - 1])) --end;
    if (begin < end && e[begin].foreign) {
      if (e[begin].max_cp == kInf) return std::nullopt;
      left = std::max(left, Mul(e[begin].max_cp, 4));  // a code point is up to 4 bytes
      ++begin;
    }
    if (end > begin && e[end - 1].foreign) {
      if (e[end - 1].max_cp == kInf) return std::nullopt;
      right = std::max(right, Mul(e[end - 1].max_cp, 4));
      --end;
    }
    Node body;
    for (size_t k = begin; k < end; ++k) body = Concat(body, e[k]);
    if (body.foreign) return std::nullopt;
    all = all ? Either(*all, body) : body;
  }
  const Node& body = *all;
  if (body.min_len < 2) return std::nullopt;
  // A byte set that covers prose (lower-case letters and spaces) would make runs of whole
  // sentences: no better than scanning for the pattern everywhere.
  bool lower = false;
  for (int c = 'a'; c <= 'z'; ++c) lower = lower || body.chars[static_cast<size_t>(c)];
  if (lower && body.chars[' ']) return std::nullopt;

  ClassRunSpec spec;
  for (size_t c = 0; c < 128; ++c) spec.member[c] = body.chars[c];
  spec.min_len = body.min_len;
  spec.min_digits = body.min_digits;
  spec.min_letters = body.min_letters;
  if (parser.folds_ks()) {
    // U+212A (E2 84 AA) and U+017F (C5 BF) may stand for k and s: they belong to the run, and
    // they are letters that are not ASCII letters.
    for (unsigned char b : {0xE2, 0x84, 0xAA, 0xC5, 0xBF}) spec.member[b] = true;
    spec.min_letters = 0;
  }
  for (size_t c = 0; c < 128; ++c) {
    if (body.lit[c] > 0) spec.need.emplace_back(static_cast<unsigned char>(c), body.lit[c]);
  }
  spec.slack_left = left;
  spec.slack_right = right;
  for (char c : kAnchorOrder) {
    const auto b = static_cast<unsigned char>(c);
    if (body.lit[b] > 0) {
      spec.anchor = b;
      break;
    }
  }
  // With the space in the set and no rare byte to anchor on, runs join words and numbers
  // ("PO 90113263, 2026-10-22"): too many of them qualify for the runs to be a filter.
  const bool rare =
      spec.anchor != 0 && kAnchorOrder.find(static_cast<char>(spec.anchor)) < kRareAnchors;
  if (body.chars[' '] && !rare) return std::nullopt;
  return spec;
}

namespace {

// Whether text[b, e) holds what every body holds.
bool MeetsMinimums(std::string_view text, size_t b, size_t e, const ClassRunSpec& spec) {
  if (e - b < spec.min_len) return false;
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  if (spec.min_digits > 0 || spec.min_letters > 0) {
    uint32_t digits = 0;
    uint32_t letters = 0;
    for (size_t k = b; k < e; ++k) {
      digits += IsDigit(t[k]) ? 1 : 0;
      letters += IsLetter(t[k]) ? 1 : 0;
    }
    if (digits < spec.min_digits || letters < spec.min_letters) return false;
  }
  for (const auto& [c, n] : spec.need) {
    uint32_t count = 0;
    for (size_t k = b; k < e && count < n; ++k) count += t[k] == c ? 1 : 0;
    if (count < n) return false;
  }
  return true;
}

}  // namespace

namespace {

// The maximal run of `member` bytes around t[p] (a member): [*begin, return value).
inline size_t RunAround(const unsigned char* t, size_t n, const bool* member, size_t p,
                        size_t* begin) {
  size_t b = p;
  while (b > 0 && member[t[b - 1]]) --b;
  *begin = b;
  size_t e = p + 1;
  while (e < n && member[t[e]]) ++e;
  return e;
}

}  // namespace

void ClassRunRanges(std::string_view text, const ClassRunSpec& spec,
                    std::vector<ByteRange>* ranges) {
  const size_t n = text.size();
  // Plain pointers: through the string_view and the array the compiler reloaded both on every
  // byte of the run walks (perf annotate), which were then the engine's largest cost.
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  const bool* member = spec.member.data();
  // The maximal run around position p (a U-byte), then its range when it qualifies. Returns
  // the end of the run.
  const auto take = [&](size_t p) {
    size_t b = 0;
    const size_t e = RunAround(t, n, member, p, &b);
    if (MeetsMinimums(text, b, e, spec)) {
      size_t from = b > spec.slack_left ? b - spec.slack_left : 0;
      while (from > 0 && (t[from] & 0xC0) == 0x80) --from;
      const size_t to = std::min<size_t>(n, e + spec.slack_right);
      AppendMerged(ranges, ByteRange{static_cast<uint32_t>(from), static_cast<uint32_t>(to)});
    }
    return e;
  };
  if (spec.anchor != 0) {
    size_t pos = 0;
    while (pos < n) {
      const void* hit = std::memchr(t + pos, spec.anchor, n - pos);
      if (hit == nullptr) break;
      pos = take(static_cast<size_t>(static_cast<const unsigned char*>(hit) - t));
    }
    return;
  }
  // Every run of at least `stride` U-bytes that begins after `pos` holds one probe.
  const size_t stride = std::max<uint32_t>(1, spec.min_len);
  size_t p = stride - 1;
  while (p < n) {
    if (!member[t[p]]) {
      p += stride;
      continue;
    }
    p = take(p) + stride;
  }
}

std::string GeneralizeClasses(std::string_view pattern) {
  Parser parser(pattern);
  if (!parser.Top()) return {};
  return parser.generalized();
}

void ClassShapeOf(std::string_view text, size_t from, size_t to, std::string* shape) {
  shape->clear();
  const auto continuation = [&](size_t k) {
    return (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80;
  };
  // One character more on either side, for the assertions at a match's edges.
  if (from > 0) {
    --from;
    while (from > 0 && continuation(from)) --from;
  }
  if (to < text.size()) {
    ++to;
    while (to < text.size() && continuation(to)) ++to;
  }
  for (size_t k = from; k < to; ++k) {
    const auto c = static_cast<unsigned char>(text[k]);
    if (c < 0x80) {
      *shape += ShapeByte(static_cast<char>(c));
    } else if (!continuation(k)) {
      *shape += '\x01';
    }
  }
}

bool HasRequiredLiteral(const std::string& pattern, int min_len) {
  re2::FilteredRE2 filter(min_len);
  int id = 0;
  RE2::Options options;
  options.set_log_errors(false);
  if (filter.Add(pattern, options, &id) != RE2::NoError) return false;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<int> potential;
  filter.AllPotentials({}, &potential);  // with no atom present, only the unfiltered remain
  return potential.empty();
}

}  // namespace bulwark
