// DigitShape: a cheaper candidate path for digit-shaped patterns, which Hyperscan handles poorly
// together (no literal to share: twenty of them scan at ~70 MB/s in one database).
//
// A pattern is digit-shaped when, in RE2 syntax, it is built only from digits (\d, literal
// digits, classes of digits), single optional separators (' ', '-', '.', or a class of them),
// \b, groups, alternation and bounded repeats, and no path through it can put two separators
// next to each other. Then every match keeps all its digits inside one "digit run": a maximal
// stretch of ASCII digits in which consecutive digits are separated by at most one of ' ', '-',
// '.'. So "the field has a digit run of at least MinDigits(pattern) digits" is a superset test,
// exact enough to replace the prefilter for such patterns (the differential test checks it).
// A leading "(?:^|[^#\w])" (start of text, or one character that is no word character: "not
// right after '#'") is accepted when a digit must follow it: such a match begins one character
// before its run (the scan widens DigitRunRange() to that character's first byte).
#ifndef BULWARK_ENGINE_DETECT_DIGIT_SHAPE_H_
#define BULWARK_ENGINE_DETECT_DIGIT_SHAPE_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "detect/byte_range.h"

namespace bulwark {

// The minimum number of digits of any match when `pattern` is digit-shaped, else nullopt.
std::optional<int> DigitShapeMinDigits(std::string_view pattern);

// The offset of the first ASCII digit of text[pos, pos + 16), 16 when there is none
// (pos + 16 <= text.size()): 16 bytes at a time (GCC vector extensions: SSE2 on x86-64, NEON on
// arm64), so that digit scans skip prose.
inline size_t FirstDigitIn16(std::string_view text, size_t pos) {
  typedef unsigned char Bytes16 __attribute__((vector_size(16)));
  Bytes16 v;
  std::memcpy(&v, text.data() + pos, 16);
  const auto digit = (v - static_cast<unsigned char>('0')) < static_cast<unsigned char>(10);
  uint64_t half[2];
  static_assert(sizeof(digit) == sizeof(half));
  std::memcpy(half, &digit, sizeof(half));
  // Lanes are all ones or all zeros, in memory order (little-endian lanes within each half).
  if constexpr (std::endian::native == std::endian::little) {
    if (half[0] != 0) return static_cast<size_t>(std::countr_zero(half[0])) / 8;
    if (half[1] != 0) return 8 + static_cast<size_t>(std::countr_zero(half[1])) / 8;
  } else {
    if (half[0] != 0) return static_cast<size_t>(std::countl_zero(half[0])) / 8;
    if (half[1] != 0) return 8 + static_cast<size_t>(std::countl_zero(half[1])) / 8;
  }
  return 16;
}

// The largest number of digits in one digit run of `text` (see above).
int LongestDigitRun(std::string_view text);

// The digit runs of `text` (see above): [begin, end) from the first digit to just after the last,
// and how many digits they hold.
struct DigitRun {
  uint32_t begin = 0;
  uint32_t end = 0;
  int digits = 0;
};
void FindDigitRuns(std::string_view text, std::vector<DigitRun>* runs);

// The byte range of a `text_size`-byte text that holds every match of a digit-shaped pattern
// inside `run`: the run widened by one byte on either side (a match may begin or end with one
// separator).
ByteRange DigitRunRange(const DigitRun& run, uint32_t text_size);

// Digit-shaped `pattern` with every literal digit and class of digits replaced by \d. Its
// matches on ShapeOf() text include those of `pattern` on the text itself (see ShapeOf).
std::string GeneralizeDigits(std::string_view pattern);

// The shape of a run: the bytes of DigitRunRange(run) and one more on either side, with every
// digit written '5', ' ', '-' and '.' kept, other ASCII word characters written 'a' and every
// other byte ','. Digit-shaped matches consist of digits and separators and look at their
// neighbours only through \b, which the mapping keeps; so when the GeneralizeDigits() form of
// a pattern does not match a run's shape, the pattern has no match inside that run. Runs of
// different numbers share a shape ("invoice 4829301756." and "invoice 1029384756.").
void ShapeOf(std::string_view text, const DigitRun& run, std::string* shape);

// A weaker test for bounded token patterns that mix letters and digits (codice fiscale, NIR,
// DNI, NINO): when every match of `pattern` is at most `max_len` bytes long and holds at least
// `min_digits` ASCII digits, a text can match only if some window of `max_len` bytes holds that
// many digits. Accepted: ASCII literals, \d \w \s \b, classes without negation, groups,
// alternation, bounded repeats, and a leading (?i). Returns nullopt for anything else, or when
// the test would be too weak to help (fewer than 5 digits).
// `max_run` bounds the runs of adjacent ASCII digits inside a match (over-approximated; at least
// min_digits when no smaller bound is known).
struct DigitWindow {
  int min_digits = 0;
  int max_len = 0;
  int max_run = INT32_MAX;
};
std::optional<DigitWindow> DigitWindowOf(std::string_view pattern);

// True when some window of `max_len` bytes of the text holds `min_digits` digits, given the
// sorted byte positions of its ASCII digits.
bool HasDigitWindow(const std::vector<uint32_t>& digit_positions, const DigitWindow& w);

// Appends to *ranges (sorted, disjoint) byte ranges that hold every match of a DigitWindow
// pattern whose matches are at most `reach` bytes long (reach >= w.max_len; larger when case
// folding can make a match longer than its ASCII form): for each `min_digits` consecutive digits
// that fit in max_len bytes, the bytes within `reach` of both the first and the last of them;
// when max_run < min_digits, not for min_digits adjacent digits (no match's own digits are).
void DigitWindowRanges(const std::vector<uint32_t>& digit_positions, const DigitWindow& w,
                       uint32_t reach, uint32_t text_size, std::vector<ByteRange>* ranges);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_DIGIT_SHAPE_H_
