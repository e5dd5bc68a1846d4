// PatternFacts: what the compiler needs to know about a pattern's text that only a regex
// compiler's own analysis tells — whether RE2 accepts it and with which capture groups, whether
// it can match the empty string (Hyperscan's hs_expression_info), and whether every match holds
// a literal of three characters (RE2's FilteredRE2 atoms). Each is a pure function of the
// pattern's text and the library versions, and finding them out was ~70% of `bulwark scan`'s
// startup with 154 detectors (RE2 compiles counted repetitions slowly: up to 3 ms a pattern),
// so they are remembered: in memory for one compile, and in a file of the database cache
// directory across runs, next to the Hyperscan databases they serve. With the facts remembered,
// the patterns' RE2 objects are compiled on first use (detect/lazy_re2.h).
//
// The file is keyed by the Hyperscan and RE2 versions and this analysis' version; any other,
// corrupt or unreadable file is ignored (and replaced by Save()). Entries are the patterns' full
// texts, so a fact is never taken for another pattern's. Not thread-safe: one compile owns one
// instance.
#ifndef BULWARK_ENGINE_DETECT_PATTERN_FACTS_H_
#define BULWARK_ENGINE_DETECT_PATTERN_FACTS_H_

#include <re2/re2.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "detect/class_run.h"

namespace bulwark {

class PatternFacts {
 public:
  // Loads the facts remembered in `cache_dir` (nothing when it is empty or has no file).
  explicit PatternFacts(const std::filesystem::path& cache_dir = {});
  PatternFacts(const PatternFacts&) = delete;
  PatternFacts& operator=(const PatternFacts&) = delete;

  // Whether some match of `pattern` (RE2 syntax) can be empty, in some context (\b, ^, $).
  // A pattern Hyperscan cannot parse is reported as not empty: RE2 decides its fate.
  bool CanMatchEmpty(const std::string& pattern);

  // Whether every match of `pattern` holds a literal of at least three characters (RE2's
  // FilteredRE2 finds one), so Hyperscan can anchor on it.
  bool HasRequiredLiteral(const std::string& pattern);

  // ClassRunOf(pattern) (detect/class_run.h), without parsing the pattern again when it is
  // remembered as not a class run (most patterns are not; the parse was ~6% of a cached load).
  // A stale fact only moves a pattern between prefilters, which find the same matches.
  std::optional<ClassRunSpec> ClassRun(const std::string& pattern);

  // The capture groups of a pattern RE2 accepted, as RE2 reports them.
  struct Groups {
    int count = 0;
    std::map<std::string, int> named;
  };
  // The groups of `pattern` when it is remembered as valid: RE2 (with the compiler's options)
  // accepted it and it cannot match the empty string. Null when that is not known.
  const Groups* KnownValid(const std::string& pattern) const;
  // Remembers `re` (compiled from `pattern`) as valid in the sense of KnownValid().
  void RememberValid(const std::string& pattern, const RE2& re);

  // Writes the facts to the cache directory when any was computed since loading (written
  // aside and renamed). Failures are ignored: the file only saves time.
  void Save() const;

  // How many facts were computed rather than remembered (for tests).
  int computed() const { return computed_; }

 private:
  enum Bits : uint8_t {
    kEmptyKnown = 1,
    kEmpty = 2,
    kLiteralKnown = 4,
    kLiteral = 8,
    kValid = 16,
    kClassRunKnown = 32,
    kClassRun = 64,
  };
  struct Entry {
    uint8_t bits = 0;
    Groups groups;  // when kValid
  };

  std::filesystem::path file_;
  std::unordered_map<std::string, Entry> facts_;
  int computed_ = 0;
};

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_PATTERN_FACTS_H_
