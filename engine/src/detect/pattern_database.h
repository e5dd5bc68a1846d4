// PatternDatabase: the single Hyperscan block-mode database of a PolicySet. It answers two
// questions per field: which patterns MAY match this text, and where? Every pattern is compiled
// with HS_FLAG_PREFILTER | HS_FLAG_UTF8, so Hyperscan reports a superset of the end offsets of
// the pattern's matches (Hyperscan's prefiltering guarantee); with the pattern's maximum match
// width (hs_expression_info) each end offset bounds a byte range that holds the match. RE2 then
// finds the exact spans inside those ranges only (eval/scanner.h), which gives the same spans as
// RE2 over the whole text: every match lies inside one range, and RE2 sees the whole text as
// context (\b, ^, $). A pattern whose width is unbounded only through \s+ runs (keyword lists
// of several words: `credit\s+card`) is bounded per text by the text's longest whitespace run;
// other patterns without a bounded width are confirmed over the whole text.
//
// Digit-shaped patterns (card, national-id and account numbers) skip Hyperscan: the digit runs
// of the field answer for them (detect/digit_shape.h), and bound their ranges too; a run counts
// for a pattern only when the pattern, its digits generalised, matches the run's shape ("5555
// 5555" for "4111 1111"), which is decided once per shape and remembered. Patterns without a
// literal of three characters that are made of one byte class (e-mail and IP addresses, phone
// numbers, IBAN and BIC, fixed-alphabet secrets) skip Hyperscan too: the maximal runs of that
// class which hold what every match holds answer for them and bound their ranges
// (detect/class_run.h). Patterns
// Hyperscan rejects are reported at build time and are always considered to match (RE2 runs on
// every field).
//
// Thread-safety: immutable after Build(); Scan() is thread-safe (scratch comes from a pool).
#ifndef BULWARK_ENGINE_DETECT_PATTERN_DATABASE_H_
#define BULWARK_ENGINE_DETECT_PATTERN_DATABASE_H_

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/status.h"
#include "detect/byte_range.h"
#include "detect/class_run.h"
#include "detect/digit_shape.h"
#include "detect/lazy_re2.h"

namespace bulwark {

class PatternFacts;

// The answer of PatternDatabase::Scan for one text, reused across texts to avoid allocations.
struct Candidates {
  // fired[i]: pattern i may match somewhere in the text.
  std::vector<char> fired;
  // bounded[i]: every match of fired pattern i (leftmost-first or not) lies inside one of
  // ranges[i], which are sorted and disjoint. Otherwise pattern i must be confirmed over the
  // whole text and ranges[i] is empty.
  std::vector<char> bounded;
  std::vector<std::vector<ByteRange>> ranges;
};

class PatternDatabase {
 public:
  struct Rejection {
    size_t index;         // into the patterns given to Build()
    std::string message;  // Hyperscan's reason
  };

  // Compiles `patterns` (RE2 syntax). Fails only when Hyperscan itself fails for a reason other
  // than a specific pattern; rejected patterns are listed in `rejected` and fall back to RE2.
  // With a `cache_dir`, the compiled database is first looked up there (a file named by a
  // SHA-256 of the Hyperscan version, the flags and the patterns) and written there after a
  // compile; a stale, foreign-platform or corrupt file is ignored and replaced. The cache only
  // saves time: any failure to read or write it falls back to compiling. With `facts`, the
  // patterns' analyses are taken from (and added to) it instead of computed each time.
  // Patterns i with (*near_context)[i] kAlways, and those with kInsteadOfHyperscan that would
  // otherwise go to Hyperscan without a literal, are not prefiltered at all
  // (Kind::kNearContext): their detectors look for them around their context keywords, which
  // the caller finds (eval/scanner.cc); Scan() never fires them. Their reach() is computed.
  enum class NearContext : char { kNo, kInsteadOfHyperscan, kAlways };  // weakest first
  static Result<std::unique_ptr<PatternDatabase>> Build(
      const std::vector<std::string>& patterns, std::vector<Rejection>* rejected,
      const std::filesystem::path& cache_dir = {}, PatternFacts* facts = nullptr,
      const std::vector<NearContext>* near_context = nullptr);

  // Whether Build() took the database from the cache.
  bool from_cache() const { return from_cache_; }

  PatternDatabase(const PatternDatabase&) = delete;
  PatternDatabase& operator=(const PatternDatabase&) = delete;
  ~PatternDatabase();

  // Fills `out` for `text` (see Candidates). Precondition: `text` is valid UTF-8 and shorter
  // than 4 GiB. With `wanted` (one entry per pattern), a class-run or digit-window pattern i
  // with !wanted[i] is not looked for: its caller will not confirm it in this text (fired[i]
  // = 0). The other kinds (Hyperscan, digit-run shapes) cost about the same for one pattern as
  // for all and are always filled in.
  void Scan(std::string_view text, Candidates* out,
            const std::vector<char>* wanted = nullptr) const;
  // Only which patterns may match: resizes `fired` to the number of patterns.
  void Scan(std::string_view text, std::vector<char>* fired) const;

  // The bound on the byte length of pattern i's matches (0: unbounded, or neither in the
  // Hyperscan database nor prefiltered by class runs nor near-context); Hyperscan's ranges are
  // made with it.
  uint32_t reach(size_t i) const { return i < reach_.size() ? reach_[i] : 0; }

  size_t size() const { return size_; }
  // How pattern i is prefiltered.
  enum class Kind { kHyperscan, kDigitRun, kDigitWindow, kClassRun, kNearContext, kUnfiltered };
  Kind kind(size_t i) const;
  // Indexes of patterns that are not in the database (Hyperscan rejected them).
  const std::vector<size_t>& unfiltered() const { return unfiltered_; }
  // Compiles the shape filters now rather than on first use (for services, whose workers should
  // not pay for it); returns how many there are.
  size_t CompileShapeFilters() const;
  // How many shape filters are compiled so far (for tests).
  size_t CompiledShapeFilters() const;

 private:
  PatternDatabase() = default;
  bool LoadCache(const std::filesystem::path& file, std::vector<Rejection>* found);
  void SaveCache(const std::filesystem::path& file, const std::vector<Rejection>& found) const;

  // Which digit-shaped patterns can match inside a run of a given shape (detect/digit_shape.h).
  void ShapeMatches(std::string_view text, const DigitRun& run, std::string* shape,
                    std::vector<uint32_t>* matches) const;

  class ScratchPool;
  template <typename V>
  class Memo;
  size_t size_ = 0;
  hs_database_t* db_ = nullptr;
  std::unique_ptr<ScratchPool> scratch_;
  std::vector<size_t> unfiltered_;
  std::vector<std::pair<size_t, int>> digit_shaped_;  // pattern index, minimum digits
  // GeneralizeDigits() of each, compiled on first use (null, or an RE2 that is not ok(): every
  // shape may match).
  std::vector<std::unique_ptr<LazyRe2>> shape_re_;
  std::unique_ptr<Memo<std::vector<uint32_t>>> shapes_;
  int min_run_digits_ = 1 << 30;  // the fewest digits any digit-shaped pattern needs
  std::vector<std::pair<size_t, DigitWindow>> digit_window_;
  std::vector<std::pair<size_t, ClassRunSpec>> class_run_;
  std::vector<size_t> near_context_;  // sorted
  // GeneralizeClasses() of each, compiled on first use (null, or not ok(): every shape may).
  std::vector<std::unique_ptr<LazyRe2>> class_shape_re_;
  std::unique_ptr<Memo<bool>> class_shapes_;
  // Drops the ranges of class-run pattern k whose shape cannot hold a match.
  void FilterClassRanges(std::string_view text, size_t k, std::vector<ByteRange>* ranges) const;
  std::vector<uint32_t> reach_;  // by pattern, for patterns in the Hyperscan database
  // Patterns whose only unbounded parts are \s+ / \s* runs (keyword lists with several words):
  // a match spans at most ws_base_ + ws_count_ * (longest whitespace run - 1) bytes.
  std::vector<uint32_t> ws_base_;
  std::vector<uint32_t> ws_count_;
  bool has_ws_bounds_ = false;
  void NoteWhitespaceBounds() {
    has_ws_bounds_ = std::any_of(ws_count_.begin(), ws_count_.end(), [](uint32_t c) { return c; });
  }
  bool from_cache_ = false;
};

// What `pattern` alone costs Hyperscan, compiled as the database compiles it (for
// `bulwark policy lint --cost`): the compile time, and the match width bounds.
struct PatternCompileCost {
  bool ok = false;  // Hyperscan compiled it (else `error` says why)
  std::string error;
  double compile_ms = 0;
  uint32_t min_width = 0;
  uint32_t max_width = 0;  // 0: unbounded
};
PatternCompileCost MeasurePatternCompile(const std::string& pattern);

// `pattern` without its word-boundary assertions (\b, \B) outside classes: what the database
// gives Hyperscan. Its matches include the pattern's, with the same ends and widths, and
// Hyperscan scans it much faster (the shipped context keyword lists: 2x); RE2 still checks
// the boundaries when it confirms. The pattern itself when that is not plainly possible
// (\Q..\E, an assertion with a quantifier) or when the result could match the empty string.
std::string WithoutWordBoundaries(const std::string& pattern);

// `pattern` with every \s+ (and \s+?) outside classes made \s, and every \s* made \s?, and how
// many were: a match of `pattern` is at most (L - 1) * count bytes longer than the longest
// match of the result, in a text whose longest run of whitespace is L bytes. Nullopt when it has
// none, or when one is inside a group repeated by *, + or {} (each repetition could take a
// run), or the pattern quotes with \Q.
std::optional<std::pair<std::string, uint32_t>> SingleWhitespace(const std::string& pattern);

// The length of the longest run of ASCII whitespace bytes (space, \t \n \v \f \r) in `text`.
uint32_t LongestWhitespaceRun(std::string_view text);

// True when Hyperscan parses `pattern` (RE2 syntax, UTF-8 mode) and its minimum match width is
// zero, i.e. the pattern can match an empty string somewhere. False when it cannot or when
// Hyperscan does not parse it.
bool PatternCanMatchEmpty(const std::string& pattern);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_PATTERN_DATABASE_H_
