#include "detect/placeholder.h"

#include <array>
#include <string>

namespace bulwark {
namespace {

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
// 0 digit, 1 lower, 2 upper, -1 anything else: a sequence stays within one class.
int ClassOf(char c) {
  if (c >= '0' && c <= '9') return 0;
  if (c >= 'a' && c <= 'z') return 1;
  if (c >= 'A' && c <= 'Z') return 2;
  return -1;
}

constexpr std::string_view kMarkers[] = {
    "example", "sample",     "dummy",      "placeholder", "redacted", "changeme", "change_me",
    "notreal", "not_a_real", "not-a-real", "fake",        "insert",   "lorem",    "foobar"};

// Runs of letters from 6, of digits from 7: numeric ids (Discord's 18-digit snowflakes) hold
// a run of six once in ~10,000.
constexpr size_t kMinLetterRun = 6;
constexpr size_t kMinDigitRun = 7;

bool StartsPart(std::string_view v, size_t i) {
  if (i == 0) return true;
  const char prev = v[i - 1];
  return prev == '_' || prev == '-' || prev == '.' || prev == '/' || prev == '=' || prev == ':';
}

// Written as a word is: all lower case, all upper case or capitalised ("fake", "FAKE",
// "Fake"), not in a random mix of cases as letters of a random token are. Words of 6 letters
// or more count in any case ("ChangeMe", "PlaceHolder"): random letters spell one with a
// probability below 1e-9 per position.
bool WordCase(std::string_view w) {
  if (w.size() >= 6) return true;
  bool lower = true, upper = true, capital = true;
  bool first = true;
  for (char c : w) {
    const bool is_upper = c >= 'A' && c <= 'Z';
    const bool is_lower = c >= 'a' && c <= 'z';
    if (!is_upper && !is_lower) continue;
    lower = lower && is_lower;
    upper = upper && is_upper;
    capital = capital && (first ? is_upper : is_lower);
    first = false;
  }
  return lower || upper || capital;
}

// The first occurrence of `word` (lower case) in `lower` at or after `from` that is written as
// a word in `value`, or npos.
size_t FindWord(std::string_view value, std::string_view lower, std::string_view word,
                size_t from = 0) {
  for (size_t i = lower.find(word, from); i != std::string_view::npos;
       i = lower.find(word, i + 1)) {
    if (WordCase(value.substr(i, word.size()))) return i;
  }
  return std::string_view::npos;
}

std::optional<std::string> WordReason(std::string_view value) {
  std::string lower(value);
  for (char& c : lower) c = Lower(c);
  for (std::string_view m : kMarkers) {
    if (FindWord(value, lower, m) != std::string_view::npos) {
      return "contains \"" + std::string(m) + "\"";
    }
  }
  for (size_t i = FindWord(value, lower, "your"); i != std::string_view::npos;
       i = FindWord(value, lower, "your", i + 1)) {
    if (StartsPart(value, i) || value[i] == 'Y') return "a part starts with \"your\"";
  }
  if (value.size() >= 4 &&
      FindWord(value, lower, "here", value.size() - 4) != std::string_view::npos) {
    return "ends with \"here\"";
  }
  return std::nullopt;
}

std::optional<std::string> RunReason(std::string_view value) {
  size_t same = 0, up = 0, down = 0;
  char prev = 0;
  for (char c : value) {
    if (!IsAlnum(c)) {
      same = up = down = 0;
      prev = 0;
      continue;
    }
    const bool cont = prev != 0 && ClassOf(prev) == ClassOf(c);
    same = prev == c ? same + 1 : 1;
    up = cont && c == prev + 1 ? up + 1 : 1;
    down = cont && c == prev - 1 ? down + 1 : 1;
    const size_t min_run = ClassOf(c) == 0 ? kMinDigitRun : kMinLetterRun;
    if (same >= min_run) return "a run of " + std::to_string(min_run) + " '" + c + "'";
    if (up >= min_run || down >= min_run) {
      return "a run of " + std::to_string(min_run) + " consecutive characters";
    }
    prev = c;
  }
  return std::nullopt;
}

// Per part of letters and digits (split at punctuation, so "npm_a1b2a1b2a1b2" has the part
// "a1b2a1b2a1b2"): a repetition of a short unit, or very few distinct characters.
std::optional<std::string> PartReason(std::string_view part) {
  if (part.size() >= 12) {
    for (size_t unit = 1; unit <= 4; ++unit) {
      bool periodic = true;
      for (size_t i = unit; i < part.size() && periodic; ++i) periodic = part[i] == part[i - unit];
      if (periodic) return "a repetition of \"" + std::string(part.substr(0, unit)) + "\"";
    }
  }
  if (part.size() >= 16) {
    std::array<bool, 256> seen{};
    size_t distinct = 0;
    for (char c : part) {
      bool& s = seen[static_cast<unsigned char>(c)];
      distinct += s ? 0 : 1;
      s = true;
    }
    if (distinct <= 3) return "only " + std::to_string(distinct) + " distinct characters";
  }
  return std::nullopt;
}

std::optional<std::string> VarietyReason(std::string_view value) {
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && IsAlnum(value[i])) continue;
    if (i > start) {
      if (auto r = PartReason(value.substr(start, i - start))) return r;
    }
    start = i + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> PlaceholderReason(std::string_view value) {
  if (auto r = WordReason(value)) return r;
  if (auto r = RunReason(value)) return r;
  return VarietyReason(value);
}

}  // namespace bulwark
