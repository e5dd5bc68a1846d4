// ClassRun: a prefilter for patterns that have no literal for Hyperscan to anchor on (e-mail
// addresses, IPv4/IPv6 addresses, phone numbers, IBAN/BIC, passports, fixed-alphabet secrets).
// Hyperscan scans such patterns at 150-250 MB/s each, because every position may begin a
// match; most of them are better described by the bytes they are made of.
//
// A pattern has a class run when every match of it is  L · body · R  where
//   - the body consists of bytes of one ASCII byte set U (the union of everything the body's
//     atoms can consume; under (?i) letters in both cases, and the bytes of U+212A KELVIN SIGN
//     and U+017F LONG S when U holds k or s, the only non-ASCII characters RE2 folds onto ASCII),
//   - L and R are empty, or one element at either end of the pattern that consumes at most a
//     known number of code points of anything (`(?:^|[^0-9.])`, `(?:$|[^0-9]|\.(?:$|[^0-9]))`),
// and every body holds at least `min_len` bytes, `min_digits` ASCII digits, `min_letters` ASCII
// letters and `need[b]` of each listed punctuation byte b. Then the body lies inside one maximal
// run of U-bytes of the text that meets the same minimums, and the whole match lies inside that
// run widened by the bytes L and R can take. Those widened runs are the pattern's ranges
// (detect/pattern_database.h), found without Hyperscan: by memchr for a required punctuation
// byte when there is one, else by probing every min_len-th byte (a run of min_len U-bytes
// cannot fall between two probes).
//
// Accepted syntax: a leading (?i), groups, alternation, ?, *, +, bounded and unbounded counted
// repeats (lazy or not), ASCII literals and escapes, classes of ASCII bytes and \d \w \s, \b,
// \B, ^ and $; negated classes, '.' and non-ASCII literals only inside L or R. Anything else has
// no class run, and neither has a pattern whose runs would not filter ordinary prose: a byte
// set with the space and lower-case letters, or with the space and no required byte that is
// rare in prose (such as '@', '+', '~') to anchor on.
#ifndef BULWARK_ENGINE_DETECT_CLASS_RUN_H_
#define BULWARK_ENGINE_DETECT_CLASS_RUN_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detect/byte_range.h"

namespace bulwark {

struct ClassRunSpec {
  std::array<bool, 256> member{};  // U
  uint32_t min_len = 0;
  uint32_t min_digits = 0;
  uint32_t min_letters = 0;
  std::vector<std::pair<unsigned char, uint32_t>> need;  // punctuation byte, at least this many
  uint32_t slack_left = 0;                               // bytes L may take before the run
  uint32_t slack_right = 0;                              // bytes R may take after it
  // The required byte to search for (memchr), 0 for probing every min_len-th byte.
  unsigned char anchor = 0;
};

// The class run of `pattern` (RE2 syntax), or nullopt (see above).
std::optional<ClassRunSpec> ClassRunOf(std::string_view pattern);

// Appends to *ranges (sorted, disjoint) the text's maximal U-runs that meet the spec's
// minimums, each widened by the slack (and back to a UTF-8 character boundary).
void ClassRunRanges(std::string_view text, const ClassRunSpec& spec,
                    std::vector<ByteRange>* ranges);

// Which runs can hold a match at all, decided on their shape and remembered (as digit runs
// are, detect/digit_shape.h): the shape of text[from, to) and one character more on either
// side maps ASCII digits to '5', upper-case letters to 'A', lower-case letters to 'a', keeps
// other ASCII bytes, and writes each non-ASCII character as one byte \x01.
void ClassShapeOf(std::string_view text, size_t from, size_t to, std::string* shape);

// A pattern that has a class run with every atom replaced by the class of the shapes of what
// it matches ([CFGHJK] -> [A], \d -> [5], [^0-9] -> every shape but '5', '.' and non-ASCII
// literals -> classes with \x01; (?i) applied; groups made non-capturing). A text range can
// hold a match of the pattern only when this matches somewhere in its ClassShapeOf(): the
// mapping keeps every byte inside the class its atom accepts, and word characters word
// characters for \b. Empty when the pattern has no class run's syntax.
std::string GeneralizeClasses(std::string_view pattern);

// True when RE2's FilteredRE2 finds, for `pattern`, literal atoms of at least `min_len`
// characters that every match must contain one of (a literal-anchored prefilter can skip text).
bool HasRequiredLiteral(const std::string& pattern, int min_len);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_CLASS_RUN_H_
