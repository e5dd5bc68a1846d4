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
#ifndef BULWARK_ENGINE_DETECT_DIGIT_SHAPE_H_
#define BULWARK_ENGINE_DETECT_DIGIT_SHAPE_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace bulwark {

// The minimum number of digits of any match when `pattern` is digit-shaped, else nullopt.
std::optional<int> DigitShapeMinDigits(std::string_view pattern);

// The largest number of digits in one digit run of `text` (see above).
int LongestDigitRun(std::string_view text);

// A weaker test for bounded token patterns that mix letters and digits (codice fiscale, NIR,
// DNI, NINO): when every match of `pattern` is at most `max_len` bytes long and holds at least
// `min_digits` ASCII digits, a text can match only if some window of `max_len` bytes holds that
// many digits. Accepted: ASCII literals, \d \w \s \b, classes without negation, groups,
// alternation, bounded repeats, and a leading (?i). Returns nullopt for anything else, or when
// the test would be too weak to help (fewer than 5 digits).
struct DigitWindow {
  int min_digits = 0;
  int max_len = 0;
};
std::optional<DigitWindow> DigitWindowOf(std::string_view pattern);

// True when some window of `max_len` bytes of the text holds `min_digits` digits, given the
// sorted byte positions of its ASCII digits.
bool HasDigitWindow(const std::vector<uint32_t>& digit_positions, const DigitWindow& w);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_DIGIT_SHAPE_H_
